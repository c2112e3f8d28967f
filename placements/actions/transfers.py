"""Moves to another employer or programme: a transfer to another company,
and the change from TITP ii (or iii) to SSW i.

Each ends the placement it starts from and opens the one that follows it
(``Placement.follows``), with a ``Move`` that keeps the reason and the rule
answer, in one transaction. A transfer walks the participant
placed → transferred → placed through the one status action; a change of
programme keeps them placed. TITP trainees change company only for the
company's failure or abuse (domain README §3); ESD workers also at their own
wish after the field's time (``rules.esd_transfer_allowed``), and the first
employer's costs are shared by ``rules.esd_transfer_cost_share``.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from audit import actions as audit
from audit.models import AuditAction
from joborders import messages
from lib.residence_card import normalized_card_number
from participants import actions as participant_actions
from participants.models import LanguageResult, Participant, Status
from placements.actions import chain
from placements.models import (
    Ending,
    Move,
    MoveKind,
    Placement,
    PlacementStatus,
    ResidenceStatus,
    StagePeriod,
    StayStage,
    TransferReason,
)
from reference.models import Prefecture, SSWField, TitpSswLink
from reference.rulebook import stored_rule_book
from rules import (
    Answer,
    esd_transfer_allowed,
    esd_transfer_cost_share,
    ssw_field_open,
    ssw_i_eligibility,
    titp_category_in_ssw_field,
)
from rules.versions import RulesInForce

# Stages from which a change to SSW i counts TITP stage ii as completed.
_FROM_TITP = frozenset({StayStage.TITP_II, StayStage.TITP_III})


def _rules_on(day: datetime.date) -> RulesInForce:
    return stored_rule_book().versions_in_force(day)


def _moving(placement_id: int) -> tuple[Participant, Placement]:
    participant, placement = chain.locked(placement_id)
    if placement.status != PlacementStatus.IN_JAPAN or participant.status != Status.PLACED:
        raise chain.NotInJapan
    return participant, placement


def _kind_problem(organization: Organization | None, kind: OrganizationKind) -> str | None:
    if organization is not None and organization.kind != kind:
        return _("Choose an organization of the kind “%(kind)s”.") % {"kind": kind.label}
    return None


# --- TITP ii → SSW i -----------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class SswChangeDetails:
    # The first day as SSW i; the TITP placement ends the day before.
    starts_on: datetime.date
    company: Organization
    support_organization: Organization
    ssw_field: SSWField
    business_category: str
    prefecture: Prefecture
    work_city: str
    work_site: str
    residence_card_number: str
    residence_card_expires_on: datetime.date
    contract_ends_on: datetime.date
    skill_test_passed: bool
    # The supervising organization's word that stage ii ended in good standing
    # (plan carried out, no serious violation): the exemption rests on it.
    completed_in_good_standing: bool


def ssw_change_problems(placement: Placement, details: SswChangeDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    period = StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).first()
    last_titp_day = details.starts_on - datetime.timedelta(days=1)
    if period is not None and last_titp_day < period.started_on:
        problems["starts_on"] = _("SSW i cannot start before the current stage began on %(day)s.") % {
            "day": date_format(period.started_on, "DATE_FORMAT")
        }
    elif details.starts_on > today + datetime.timedelta(days=1):
        problems["starts_on"] = _("Record the change once the new status of residence is granted.")
    for field, problem in (
        ("company", _kind_problem(details.company, OrganizationKind.COMPANY)),
        ("support_organization", _kind_problem(details.support_organization, OrganizationKind.SUPPORT_ORGANIZATION)),
    ):
        if problem:
            problems[field] = problem
    if normalized_card_number(details.residence_card_number) is None:
        problems["residence_card_number"] = _(
            "A residence card number is two letters, eight digits and two letters, e.g. AB12345678CD."
        )
    if details.residence_card_expires_on <= details.starts_on:
        problems["residence_card_expires_on"] = _("The residence card must still be valid when SSW i starts.")
    if details.contract_ends_on <= details.starts_on:
        problems["contract_ends_on"] = _("The contract must end after work starts.")
    if not details.work_site.strip():
        problems["work_site"] = _("Give the address where the person works.")
    return problems


def ssw_answer(
    participant: Participant, placement: Placement, details: SswChangeDetails
) -> tuple[Answer[bool], Answer[bool] | None]:
    """Whether the worker qualifies for SSW i in the field: the field open,
    then ``rules.ssw_i_eligibility`` with the TITP ii exemption read from the
    TITP → SSW table in force. The second answer is the table's, if asked."""
    day = details.starts_on
    field = details.ssw_field
    opened = ssw_field_open(field_name=field.name_ja, field_status=field.status, opens_on=None, on=day)
    if opened.refused:
        return opened, None
    version = _rules_on(day).ssw
    in_field = None
    if placement.job_category is not None:
        in_field = titp_category_in_ssw_field(
            job_category_code=placement.job_category.code,
            field_name=field.name_ja,
            table=TitpSswLink.objects.table_in_force(day),
            version=version,
        )
    best = LanguageResult.objects.filter(participant=participant).official().valid_on(day).highest()
    eligible = ssw_i_eligibility(
        skill_test_passed=details.skill_test_passed,
        japanese_rank=best.level.rank if best else None,
        completed_titp_ii=details.completed_in_good_standing and _titp_ii_completed(placement, day),
        titp_category_in_field=bool(in_field and in_field.value),
        version=version,
    )
    return eligible, in_field


def _titp_ii_completed(placement: Placement, starts_on: datetime.date) -> bool:
    """Stage ii served to its last day (or stage iii reached, which needs it)."""
    if placement.stage == StayStage.TITP_III:
        return True
    period = StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).first()
    return (
        placement.stage == StayStage.TITP_II
        and period is not None
        and period.planned_end_on is not None
        and starts_on > period.planned_end_on
    )


def _joined(first: Answer[bool] | None, second: Answer[bool]) -> Answer[bool]:
    """The table's answer before the eligibility's, so a caution on an unverified row is kept."""
    if first is None:
        return second
    return dataclasses.replace(second, explanation=(*first.explanation, *second.explanation))


@transaction.atomic
def change_to_ssw_i(
    *, placement_id: int, details: SswChangeDetails, by: User, today: datetime.date | None = None
) -> Placement:
    today = today or timezone.localdate()
    participant, placement = _moving(placement_id)
    if placement.stage not in _FROM_TITP:
        raise chain.MoveError(_("Only a worker in TITP stage ii or iii can change to SSW i here."))
    problems = ssw_change_problems(placement, details, today=today)
    if problems:
        raise chain.MoveRefused(problems)
    eligible, in_field = ssw_answer(participant, placement, details)
    answer = _joined(in_field, eligible)
    if answer.refused:
        raise chain.RuleRefused(answer.explain())
    last_day = details.starts_on - datetime.timedelta(days=1)
    reason = _("Changed to SSW i with %(company)s from %(day)s") % {
        "company": details.company.name,
        "day": date_format(details.starts_on, "DATE_FORMAT"),
    }
    chain.end(placement, ending=Ending.CHANGED_PROGRAMME, last_day=last_day, reason=reason, by=by)
    following = chain.open_following(
        placement,
        by=by,
        starts_on=details.starts_on,
        company=details.company,
        supervising_organization=None,
        support_organization=details.support_organization,
        prefecture=details.prefecture,
        work_city=details.work_city.strip(),
        work_city_ja="",
        work_site=details.work_site.strip(),
        stage=StayStage.SSW_I,
        operation=None,
        ssw_field=details.ssw_field,
        esd_field=None,
        business_category=details.business_category.strip(),
        planned_end_on=details.contract_ends_on,
        residence_status=ResidenceStatus.SSW_1,
        residence_card_number=normalized_card_number(details.residence_card_number) or "",
        residence_card_expires_on=details.residence_card_expires_on,
    )
    period = StagePeriod(
        placement=following,
        stage=StayStage.SSW_I,
        started_on=details.starts_on,
        planned_end_on=details.contract_ends_on,
        created_by=by,
    )
    period.keep_answer(answer)
    period.save()
    move = Move(
        kind=MoveKind.CHANGE_PROGRAMME,
        from_placement=placement,
        to_placement=following,
        moved_on=details.starts_on,
        created_by=by,
    )
    move.keep_answer(answer)
    move.save()
    return following


# --- transfers -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class TransferDetails:
    # The first day with the new company; the old placement ends the day before.
    moves_on: datetime.date
    reason: TransferReason
    reason_detail: str
    company: Organization
    supervising_organization: Organization | None
    support_organization: Organization | None
    prefecture: Prefecture
    work_city: str
    work_site: str
    business_category: str
    # ESD at the worker's wish: the conditions esd_transfer_allowed asks for.
    passed_skill_test: bool = False
    passed_japanese_test: bool = False
    # ESD: the first employer's initial costs, shared by the dated rule.
    initial_costs_jpy: int | None = None


def transfer_problems(placement: Placement, details: TransferDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    last_day = details.moves_on - datetime.timedelta(days=1)
    problem = chain.last_day_problem(placement, last_day, today=today)
    if problem:
        problems["moves_on"] = problem
    if details.company.pk == placement.company_id:
        problems["company"] = _("A transfer is to another company.")
    for field, problem_or_none in (
        ("company", _kind_problem(details.company, OrganizationKind.COMPANY)),
        (
            "supervising_organization",
            _kind_problem(details.supervising_organization, OrganizationKind.SUPERVISING_ORGANIZATION),
        ),
        ("support_organization", _kind_problem(details.support_organization, OrganizationKind.SUPPORT_ORGANIZATION)),
    ):
        if problem_or_none and field not in problems:
            problems[field] = problem_or_none
    track_stage = StayStage(placement.stage)
    if track_stage.titp_stage is not None and details.supervising_organization is None:
        problems["supervising_organization"] = _("A TITP trainee's new company needs a supervising organization.")
    if details.reason == TransferReason.ESD_WISH and track_stage != StayStage.ESD:
        problems["reason"] = _(
            "Only an ESD worker may change employer at their own wish; a TITP trainee changes company only for "
            "the company's failure or abuse."
        )
    if details.reason == TransferReason.OTHER and not details.reason_detail.strip():
        problems["reason_detail"] = _("Say why the worker changes company.")
    if not details.work_site.strip():
        problems["work_site"] = _("Give the address where the person works.")
    if track_stage == StayStage.ESD and details.initial_costs_jpy is None:
        problems["initial_costs_jpy"] = _("Give the first employer's initial costs (0 if none).")
    return problems


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (12 May to 11 June is 0, to 12 June is 1)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def esd_answers(placement: Placement, details: TransferDetails) -> tuple[Answer[bool], Answer[int]]:
    """Whether the ESD worker may change employer, and the costs the new one repays."""
    rules = _rules_on(details.moves_on)
    months = max(months_between(placement.starts_on, details.moves_on), 0)
    unavoidable = details.reason in (TransferReason.ABUSE, TransferReason.BANKRUPTCY)
    field_months = placement.esd_field.transfer_months if placement.esd_field else None
    allowed = esd_transfer_allowed(
        months_with_employer=months,
        field_minimum_months=field_months or rules.esd.parameters.transfer_months_longest,
        abuse_or_unpaid_wages=unavoidable,
        same_work_category=_same_category(placement.business_category, details.business_category),
        passed_skill_test=details.passed_skill_test,
        passed_japanese_test=details.passed_japanese_test,
        version=rules.esd,
    )
    share = esd_transfer_cost_share(
        initial_costs_jpy=details.initial_costs_jpy or 0,
        months_with_first_employer=months,
        unavoidable=unavoidable,
        version=rules.esd,
    )
    return allowed, share


def _same_category(old: str, new: str) -> bool:
    return " ".join(old.split()).casefold() == " ".join(new.split()).casefold()


@transaction.atomic
def transfer(*, placement_id: int, details: TransferDetails, by: User, today: datetime.date | None = None) -> Placement:
    today = today or timezone.localdate()
    participant, placement = _moving(placement_id)
    problems = transfer_problems(placement, details, today=today)
    if problems:
        raise chain.MoveRefused(problems)
    allowed: Answer[bool] | None = None
    share: Answer[int] | None = None
    if placement.stage == StayStage.ESD:
        allowed, share = esd_answers(placement, details)
        if allowed.refused:
            raise chain.RuleRefused(allowed.explain())
    last_day = details.moves_on - datetime.timedelta(days=1)
    reason_text = f"{TransferReason(details.reason).label}. {details.reason_detail.strip()}".strip(". ")
    ended = chain.end(placement, ending=Ending.TRANSFERRED, last_day=last_day, reason=reason_text, by=by)
    participant_actions.change_status(
        participant_id=participant.pk,
        to=Status.TRANSFERRED,
        by=by,
        reason=_("Left %(company)s: %(reason)s") % {"company": placement.company.name, "reason": reason_text},
        through_placements=True,
    )
    following = chain.open_following(
        placement,
        by=by,
        starts_on=details.moves_on,
        company=details.company,
        supervising_organization=details.supervising_organization,
        support_organization=details.support_organization,
        prefecture=details.prefecture,
        work_city=details.work_city.strip(),
        work_city_ja="",
        work_site=details.work_site.strip(),
        business_category=details.business_category.strip() or placement.business_category,
    )
    chain.continue_period(ended, following, by=by)
    _record_transfer(placement, following, details, allowed=allowed, share=share, by=by)
    participant_actions.change_status(
        participant_id=participant.pk,
        to=Status.PLACED,
        by=by,
        reason=_("Started with %(company)s on %(day)s")
        % {"company": details.company.name, "day": date_format(details.moves_on, "DATE_FORMAT")},
        through_placements=True,
    )
    return following


def _record_transfer(
    placement: Placement,
    following: Placement,
    details: TransferDetails,
    *,
    allowed: Answer[bool] | None,
    share: Answer[int] | None,
    by: User,
) -> Move:
    move = Move(
        kind=MoveKind.TRANSFER,
        from_placement=placement,
        to_placement=following,
        moved_on=details.moves_on,
        reason=details.reason,
        reason_detail=details.reason_detail.strip(),
        created_by=by,
    )
    if allowed is not None:
        move.keep_answer(allowed)
    if share is not None:
        move.initial_costs_jpy = details.initial_costs_jpy
        move.cost_share_jpy = share.value
        move.cost_explanation = messages.many_to_json(share.explanation)
    move.save()
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=move,
        changes={"reason": [None, str(details.reason)], "cost_share_jpy": [None, move.cost_share_jpy]},
    )
    return move
