"""Which programme takes people starting on a date (ESD replaces TITP on its
start date), and the ESD rules: Japanese at entry, the fee cap, and when a
worker may change employer."""

from __future__ import annotations

import dataclasses
import datetime
from enum import StrEnum

from django.utils.translation import gettext_noop as _

from rules import inputs
from rules.answers import Answer, Check, Figure, Message, Named, RuleInputError, verdict, yen
from rules.cautions import cautioned
from rules.parameters import EsdParameters
from rules.ssw import SswFieldStatus, field_status_of
from rules.versions import RuleBook, RuleVersion, choose


class Programme(StrEnum):
    """The residence programme; the values of reference.Track."""

    TITP = "titp"
    SSW = "ssw"
    ESD = "esd"
    ENGINEER = "engineer"


def _shelf(book: RuleBook) -> tuple[RuleVersion[EsdParameters], ...]:
    return book.esd


def programme_open(
    *,
    programme: Programme,
    starts_on: datetime.date,
    on: datetime.date | None = None,
    version: RuleVersion[EsdParameters] | None = None,
) -> Answer[bool]:
    """Whether ``programme`` takes people starting work on ``starts_on``.
    TITP takes no one starting on or after ESD's start date (trainees already in
    TITP finish under it); ESD no one before it; SSW and Engineer/Specialist
    have no start-date limit. ``on`` is the decision's date."""
    chosen = choose(version, on, _shelf)
    esd_start = chosen.parameters.starts_on
    figures: dict[str, Figure] = {"starts_on": starts_on, "esd_start": esd_start}
    match programme_of(programme):
        case Programme.TITP if starts_on < esd_start:
            check = Check(
                "starts_on",
                True,
                Message(
                    _("TITP takes trainees starting on %(starts_on)s; ESD replaces it from %(esd_start)s"), **figures
                ),
            )
        case Programme.TITP:
            message = Message(
                _(
                    "TITP takes no trainees starting on or after %(esd_start)s, when ESD replaces it "
                    "(trainees already in TITP finish under TITP); this one starts on %(starts_on)s"
                ),
                **figures,
            )
            check = Check("starts_on", False, message)
        case Programme.ESD if starts_on < esd_start:
            check = Check(
                "starts_on",
                False,
                Message(_("ESD starts on %(esd_start)s; a start on %(starts_on)s is too early"), **figures),
            )
        case Programme.ESD:
            check = Check(
                "starts_on",
                True,
                Message(_("ESD takes workers starting on %(starts_on)s (from %(esd_start)s)"), **figures),
            )
        case Programme.SSW:
            check = Check("starts_on", True, Message(_("SSW has no start-date limit")))
        case Programme.ENGINEER:
            check = Check("starts_on", True, Message(_("Engineer/Specialist has no start-date limit")))
    # Only TITP's and ESD's answers rest on ESD's start date.
    used = ("starts_on",) if programme in (Programme.TITP, Programme.ESD) else ()
    return cautioned(verdict((check,), rule=chosen.ref), chosen, used)


_PROGRAMME_NAMES = {
    Programme.TITP: _("TITP"),
    Programme.SSW: _("SSW"),
    Programme.ESD: _("ESD"),
    Programme.ENGINEER: _("Engineer/Specialist"),
}


def programme_named(value: object) -> Message:
    """The programme as a sentence names it (技能実習, 特定技能, 育成就労 in Japanese)."""
    return Message(_PROGRAMME_NAMES[programme_of(value)])


def programme_of(value: object) -> Programme:
    if isinstance(value, str) and value in tuple(Programme):
        return Programme(value)
    raise RuleInputError(
        Message(_("There is no programme %(value)s; the programmes are titp, ssw, esd and engineer."), value=str(value))
    )


def esd_field_open(
    *, field_name: str | Named, field_status: str, list_label: str, list_unverified: bool, on: datetime.date
) -> Answer[bool]:
    """Whether an ESD field takes workers on ``on``, from its row in the ESD
    field list in force (the caller reads it; a planned field is not open).
    ESD's fields are a list of their own (17 of SSW's 19); while that list's
    membership is unverified (``list_unverified``), the answer says so."""
    status = field_status_of(field_status)
    figures: dict[str, Figure] = {"field": field_name, "on": on, "label": list_label}
    if status is SswFieldStatus.ACTIVE:
        check = Check(
            "field_status",
            True,
            Message(_("ESD field %(field)s is open on %(on)s (ESD field list %(label)s)"), **figures),
        )
    else:
        message = Message(
            _(
                "ESD field %(field)s is not open yet: it is planned in the ESD field list %(label)s, "
                "with no opening date"
            ),
            **figures,
        )
        check = Check("field_status", False, message)
    answer = verdict((check,), rule=None)
    if not list_unverified:
        return answer
    caution = Message(
        _(
            "caution: the ESD field list %(label)s is unverified: public summaries disagree on which SSW fields "
            "ESD leaves out, and a ministry administrator has not confirmed it yet"
        ),
        label=list_label,
    )
    return dataclasses.replace(answer, explanation=(*answer.explanation, caution))


def esd_entry_language(
    *,
    japanese_rank: int | None,
    planned_lesson_hours: int,
    on: datetime.date | None = None,
    version: RuleVersion[EsdParameters] | None = None,
) -> Answer[bool]:
    """Whether a worker may enter ESD: Japanese at the entry level (A1 ≈ N5),
    or enough employer-paid lesson hours planned after arrival."""
    chosen = choose(version, on, _shelf)
    rank = inputs.japanese_rank(japanese_rank)
    hours = inputs.whole_number(
        planned_lesson_hours,
        minimum=0,
        msgid=_("Planned lesson hours must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    minimum, wanted_hours = chosen.parameters.entry_japanese_minimum, chosen.parameters.entry_lesson_hours
    figures: dict[str, Figure] = {
        "level": minimum.name,
        "minimum": minimum.rank,
        "hours": hours,
        "wanted_hours": wanted_hours,
    }
    if rank is not None and rank >= minimum.rank:
        message = Message(
            _("Japanese at rank %(rank)s meets ESD's entry level %(level)s (rank %(minimum)s)"), rank=rank, **figures
        )
    elif hours >= wanted_hours:
        message = Message(
            _("%(hours)s hours of employer-paid Japanese lessons planned after arrival, at least %(wanted_hours)s"),
            **figures,
        )
    else:
        message = Message(
            _(
                "Japanese below ESD's entry level %(level)s (rank %(minimum)s) and %(hours)s hours of lessons planned, "
                "fewer than %(wanted_hours)s"
            ),
            **figures,
        )
    met = (rank is not None and rank >= minimum.rank) or hours >= wanted_hours
    answer = verdict((Check("entry_language", met, message),), rule=chosen.ref)
    return cautioned(answer, chosen, ("entry_japanese_minimum", "entry_lesson_hours"))


def esd_fee_within_cap(
    *,
    fee_jpy: int,
    monthly_wage_jpy: int,
    on: datetime.date | None = None,
    version: RuleVersion[EsdParameters] | None = None,
) -> Answer[bool]:
    """Whether the fee a worker pays the sending organization stays within
    ESD's cap of some months' wages (check the wage with ``check_monthly_wage`` first)."""
    chosen = choose(version, on, _shelf)
    fee = inputs.whole_number(
        fee_jpy, minimum=0, msgid=_("A fee must be a whole number of yen, at least %(minimum)s, not %(value)s.")
    )
    wage = inputs.whole_number(
        monthly_wage_jpy,
        minimum=1,
        msgid=_("A monthly wage must be a whole number of yen, at least %(minimum)s, not %(value)s."),
    )
    months = chosen.parameters.fee_cap_months
    cap = months * wage
    figures: dict[str, Figure] = {"fee": yen(fee), "cap": yen(cap), "months": months, "wage": yen(wage)}
    if fee <= cap:
        message = Message(
            _("fee %(fee)s is within the cap of %(cap)s: %(months)s months' wages of %(wage)s"), **figures
        )
    else:
        message = Message(
            _(
                "fee %(fee)s exceeds the cap of %(cap)s (%(months)s months' wages of %(wage)s) by %(excess)s; "
                "the employer bears the rest"
            ),
            excess=yen(fee - cap),
            **figures,
        )
    answer = verdict((Check("fee_cap_months", fee <= cap, message),), rule=chosen.ref)
    return cautioned(answer, chosen, ("fee_cap_months",))


def esd_transfer_allowed(
    *,
    months_with_employer: int,
    field_minimum_months: int,
    abuse_or_unpaid_wages: bool,
    same_work_category: bool,
    passed_skill_test: bool,
    passed_japanese_test: bool,
    on: datetime.date | None = None,
    version: RuleVersion[EsdParameters] | None = None,
) -> Answer[bool]:
    """Whether an ESD worker may change employer: at any time for abuse or
    unpaid wages; at the worker's wish after the field's minimum time with the
    employer, in the same work category, with the basic skill test and the
    Japanese test passed."""
    chosen = choose(version, on, _shelf)
    months = inputs.whole_number(
        months_with_employer,
        minimum=0,
        msgid=_("Months with the employer must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    minimum = _field_minimum(chosen.parameters, field_minimum_months)
    if abuse_or_unpaid_wages:
        message = Message(_("a change of employer is allowed at any time for abuse or unpaid wages"))
        return verdict((Check("abuse_or_unpaid_wages", True, message),), rule=chosen.ref)
    answer = verdict(
        (
            _time_check(months, minimum),
            _transfer_condition("same_work_category", same_work_category),
            _transfer_condition("skill_test", passed_skill_test),
            _transfer_condition("japanese_test", passed_japanese_test),
        ),
        rule=chosen.ref,
    )
    return cautioned(answer, chosen, ("transfer_months_shortest", "transfer_months_longest"))


def esd_transfer_cost_share(
    *,
    initial_costs_jpy: int,
    months_with_first_employer: int,
    unavoidable: bool,
    on: datetime.date | None = None,
    version: RuleVersion[EsdParameters] | None = None,
) -> Answer[int]:
    """How many yen of the first employer's initial costs (recruitment, travel,
    the first lectures) the new employer repays when an ESD worker changes
    employer: after a change at the worker's wish, the part for the months of
    the plan the worker will not spend with the first employer; after a change
    for an unavoidable reason (violence, harassment, unpaid wages), nothing: the
    first employer bears its costs. A version without the sharing shares nothing."""
    chosen = choose(version, on, _shelf)
    costs = inputs.whole_number(
        initial_costs_jpy,
        minimum=0,
        msgid=_("Initial costs must be a whole number of yen, at least %(minimum)s, not %(value)s."),
    )
    months = inputs.whole_number(
        months_with_first_employer,
        minimum=0,
        msgid=_("Months with the first employer must be a whole number of at least %(minimum)s, not %(value)s."),
    )
    plan = chosen.parameters.transfer_cost_plan_months
    if plan is None:
        message = Message(
            _("rule version %(label)s shares none of the first employer's costs on a change of employer"),
            label=chosen.label,
        )
        return Answer(value=0, explanation=(message,), rule=chosen.ref)
    if unavoidable:
        message = Message(
            _(
                "a change of employer for an unavoidable reason: the first employer bears its initial costs "
                "of %(costs)s itself"
            ),
            costs=yen(costs),
        )
        share = 0
    else:
        left = max(plan - months, 0)
        share = costs * left // plan
        message = Message(
            _(
                "the new employer repays the first employer %(share)s of its initial costs of %(costs)s: "
                "%(left)s of the plan's %(plan)s months the worker will not spend with it"
            ),
            share=yen(share),
            costs=yen(costs),
            left=left,
            plan=plan,
        )
    answer = Answer(value=share, explanation=(message,), rule=chosen.ref)
    return cautioned(answer, chosen, ("transfer_cost_plan_months",))


def _field_minimum(parameters: EsdParameters, value: int) -> int:
    shortest, longest = parameters.transfer_months_shortest, parameters.transfer_months_longest
    if isinstance(value, bool) or not isinstance(value, int) or not shortest <= value <= longest:
        raise RuleInputError(
            Message(
                _(
                    "A field's minimum time before a change of employer is %(shortest)s to %(longest)s months, "
                    "not %(value)s."
                ),
                shortest=shortest,
                longest=longest,
                value=str(value),
            )
        )
    return value


def _time_check(months: int, minimum: int) -> Check:
    figures: dict[str, Figure] = {"months": months, "minimum": minimum}
    if months >= minimum:
        return Check(
            "field_minimum_months",
            True,
            Message(_("%(months)s months with the employer, at least the field's %(minimum)s"), **figures),
        )
    return Check(
        "field_minimum_months",
        False,
        Message(_("%(months)s months with the employer, fewer than the field's %(minimum)s"), **figures),
    )


def _transfer_condition(rule: str, met: bool) -> Check:
    messages = {
        ("same_work_category", True): _("the new work is in the same work category"),
        ("same_work_category", False): _("the new work is not in the same work category"),
        ("skill_test", True): _("the basic skill test passed"),
        ("skill_test", False): _("the basic skill test not passed"),
        ("japanese_test", True): _("the Japanese test passed"),
        ("japanese_test", False): _("the Japanese test not passed"),
    }
    return Check(rule, met, Message(messages[rule, met]))
