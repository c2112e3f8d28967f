"""Specified Skilled Worker (特定技能) i: whether a field takes workers yet,
and whether a candidate qualifies, with the exemptions that a good completion
of TITP stage ii gives."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from enum import StrEnum

from django.utils.translation import gettext_noop as _

from rules import inputs
from rules.answers import Answer, Check, Figure, Message, Named, RuleInputError, RuleRef, verdict
from rules.cautions import cautioned
from rules.parameters import SswParameters
from rules.versions import RuleBook, RuleVersion, choose


class SswFieldStatus(StrEnum):
    """A field's status in the SSW field list (reference.SSWField.Status)."""

    ACTIVE = "active"
    PLANNED = "planned"


def _shelf(book: RuleBook) -> tuple[RuleVersion[SswParameters], ...]:
    return book.ssw


def ssw_field_open(
    *, field_name: str | Named, field_status: str, opens_on: datetime.date | None, on: datetime.date
) -> Answer[bool]:
    """Whether an SSW field takes workers on ``on``, from its row in the SSW
    field list in force (the caller reads it): a planned field is not open, nor
    an active one before its opening date."""
    status = field_status_of(field_status)
    if status is SswFieldStatus.ACTIVE and (opens_on is None or opens_on <= on):
        message = Message(_("SSW field %(field)s is open on %(on)s"), field=field_name, on=on)
        return verdict((Check("field_status", True, message),), rule=None)
    return verdict((Check("field_status", False, _not_open(field_name, status, opens_on)),), rule=None)


def _not_open(field_name: str | Named, status: SswFieldStatus, opens_on: datetime.date | None) -> Message:
    # Only a planned field reaches here without an opening date.
    if opens_on is None:
        return Message(_("SSW field %(field)s is not open yet: it is planned, with no opening date"), field=field_name)
    if status is SswFieldStatus.PLANNED:
        return Message(
            _("SSW field %(field)s is not open yet: it is planned, to open on %(opens_on)s"),
            field=field_name,
            opens_on=opens_on,
        )
    return Message(
        _("SSW field %(field)s is not open yet: it opens on %(opens_on)s"), field=field_name, opens_on=opens_on
    )


def field_status_of(value: object) -> SswFieldStatus:
    """A field's status in the SSW or ESD field list; RuleInputError for anything else."""
    if isinstance(value, str) and value in tuple(SswFieldStatus):
        return SswFieldStatus(value)
    raise RuleInputError(Message(_("An SSW field's status is active or planned, not %(value)s."), value=str(value)))


@dataclasses.dataclass(frozen=True)
class TitpSswTable:
    """The TITP job category → SSW field table in force, as the caller read it
    from the reference data: its version label and, for each row (job category
    code, field's Japanese name), whether a ministry administrator confirmed it."""

    label: str
    rows: Mapping[tuple[str, str], bool]

    def confirms_any(self, field_name: str) -> bool:
        return any(verified for (_code, field), verified in self.rows.items() if field == field_name)


def titp_category_in_ssw_field(
    *,
    job_category_code: str,
    field_name: str,
    table: TitpSswTable | None = None,
    on: datetime.date | None = None,
    version: RuleVersion[SswParameters] | None = None,
) -> Answer[bool]:
    """Whether a TITP job category belongs to an SSW field's business category
    (``field_name``: the field's Japanese name), by the reference table
    ``table`` where the caller gives one, else by the rule version's own
    mapping. The explanation says when the row (or the mapping) it rests on is
    unverified, and when the table confirms nothing for the field."""
    chosen = choose(version, on, _shelf)
    if table is not None:
        return _by_table(table, job_category_code, field_name, rule=chosen.ref)
    codes = chosen.parameters.titp_categories_by_field.get(field_name)
    figures: dict[str, Figure] = {"code": job_category_code, "field": field_name}
    if codes is None:
        message = Message(_("no TITP job categories are mapped to SSW field %(field)s"), field=field_name)
    elif job_category_code in codes:
        message = Message(_("TITP job category %(code)s belongs to SSW field %(field)s"), **figures)
    else:
        message = Message(_("TITP job category %(code)s is not mapped to SSW field %(field)s"), **figures)
    answer = verdict(
        (Check("titp_categories_by_field", codes is not None and job_category_code in codes, message),),
        rule=chosen.ref,
    )
    if "titp_categories_by_field" not in chosen.unverified:
        return answer
    caution = Message(_("the TITP to SSW mapping is unverified: check it against the official table"))
    return Answer(
        value=answer.value, explanation=(*answer.explanation, caution), rule=answer.rule, refusals=answer.refusals
    )


def _by_table(table: TitpSswTable, code: str, field_name: str, *, rule: RuleRef) -> Answer[bool]:
    figures: dict[str, Figure] = {"code": code, "field": field_name, "label": table.label}
    verified = table.rows.get((code, field_name))
    if verified is not None:
        message = Message(
            _("TITP job category %(code)s belongs to SSW field %(field)s (TITP→SSW table %(label)s)"), **figures
        )
    else:
        message = Message(
            _("TITP job category %(code)s is not mapped to SSW field %(field)s (TITP→SSW table %(label)s)"), **figures
        )
    answer = verdict((Check("titp_ssw_table", verified is not None, message),), rule=rule)
    if verified is False:
        caution = Message(
            _(
                "caution: the row of the TITP→SSW table %(label)s that maps %(code)s to %(field)s is unverified: "
                "a ministry administrator has not confirmed it against the official table"
            ),
            **figures,
        )
    elif verified is None and not table.confirms_any(field_name):
        caution = Message(
            _(
                "caution: the TITP→SSW table %(label)s confirms no job category for SSW field %(field)s yet: "
                "the table may be incomplete there"
            ),
            **figures,
        )
    else:
        return answer
    return dataclasses.replace(answer, explanation=(*answer.explanation, caution))


def ssw_i_eligibility(
    *,
    skill_test_passed: bool,
    japanese_rank: int | None,
    completed_titp_ii: bool,
    titp_category_in_field: bool,
    on: datetime.date | None = None,
    version: RuleVersion[SswParameters] | None = None,
) -> Answer[bool]:
    """Whether a candidate qualifies for SSW i: the field's skill test and
    Japanese at the minimum level. Good completion of TITP stage ii exempts
    from the Japanese test, and from the skill test too when the TITP job
    category belongs to the field's business category (``titp_category_in_field``,
    see ``titp_category_in_ssw_field``). ``japanese_rank`` is None without a result."""
    chosen = choose(version, on, _shelf)
    rank = inputs.japanese_rank(japanese_rank)
    checks = (
        _japanese_check(chosen.parameters, rank, completed_titp_ii=completed_titp_ii),
        _skill_check(passed=skill_test_passed, completed_titp_ii=completed_titp_ii, in_field=titp_category_in_field),
    )
    return cautioned(verdict(checks, rule=chosen.ref), chosen, ("japanese_minimum",))


def _japanese_check(parameters: SswParameters, rank: int | None, *, completed_titp_ii: bool) -> Check:
    minimum = parameters.japanese_minimum
    figures: dict[str, Figure] = {"level": minimum.name, "minimum": minimum.rank}
    if rank is not None and rank >= minimum.rank:
        message = Message(
            _("Japanese at rank %(rank)s meets SSW i's %(level)s (rank %(minimum)s)"), rank=rank, **figures
        )
        return Check("japanese_minimum", True, message)
    if completed_titp_ii:
        return Check(
            "japanese_minimum", True, Message(_("Japanese test exempt: TITP stage ii completed in good standing"))
        )
    if rank is None:
        message = Message(_("no Japanese result; SSW i needs %(level)s (rank %(minimum)s)"), **figures)
    else:
        message = Message(
            _("Japanese at rank %(rank)s is below SSW i's %(level)s (rank %(minimum)s)"), rank=rank, **figures
        )
    return Check("japanese_minimum", False, message)


def _skill_check(*, passed: bool, completed_titp_ii: bool, in_field: bool) -> Check:
    if passed:
        return Check("skill_test", True, Message(_("the field's skill test passed")))
    if completed_titp_ii and in_field:
        message = Message(
            _("skill test exempt: TITP stage ii completed in a job category of the field's business category")
        )
        return Check("skill_test", True, message)
    if completed_titp_ii:
        message = Message(
            _("the field's skill test is needed: the TITP job category is not in the field's business category")
        )
        return Check("skill_test", False, message)
    return Check("skill_test", False, Message(_("the field's skill test not passed")))
