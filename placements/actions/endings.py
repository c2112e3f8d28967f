"""How a stay in Japan ends: completed, returned early, deceased, or missing
(失踪), and a missing person found again.

Each ending ends the placement and its current stage period and moves the
participant through the one status action, in one transaction, after the
locks every placements action takes (participant, then placement):
completed → returned, returned early → returned early, deceased → deceased,
missing → missing. A disappearance stays open with the dates the supervising
organization reports (police, OTIT); it closes when the person is found (a
placement that follows the lost one, on its terms: placed again), known dead,
or gone home.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.actions import chain
from placements.models import (
    Disappearance,
    DisappearanceEnd,
    Ending,
    Placement,
    PlacementStatus,
    StagePeriod,
)

# The endings the ending form records, and the status each moves the participant to.
ENDING_STATUS = {
    Ending.COMPLETED: Status.RETURNED,
    Ending.RETURNED_EARLY: Status.RETURNED_EARLY,
    Ending.DECEASED: Status.DECEASED,
}
# A missing person's record closes this way when they are known dead or gone home.
_CLOSES_DISAPPEARANCE = {
    Ending.DECEASED: DisappearanceEnd.DECEASED,
    Ending.RETURNED_EARLY: DisappearanceEnd.RETURNED_EARLY,
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class EndingDetails:
    ending: Ending
    # The last day of the placement (the day of death, the day the worker left).
    ended_on: datetime.date
    reason: str


def ending_problems(placement: Placement, details: EndingDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if details.ending not in ENDING_STATUS:
        problems["ending"] = _("Choose how the placement ended.")
        return problems
    problem = chain.last_day_problem(placement, details.ended_on, today=today)
    if problem:
        problems["ended_on"] = problem
    elif (
        details.ending == Ending.COMPLETED
        and placement.planned_end_on is not None
        and details.ended_on < placement.planned_end_on
    ):
        problems["ended_on"] = _(
            "The planned end is %(day)s: a placement that stops before it returned early, it did not complete."
        ) % {"day": date_format(placement.planned_end_on, "DATE_FORMAT")}
    if details.ending != Ending.COMPLETED and not details.reason.strip():
        problems["reason"] = _("Say what happened.")
    return problems


@transaction.atomic
def end_placement(
    *, placement_id: int, details: EndingDetails, by: User, today: datetime.date | None = None
) -> Placement:
    """End a placement in Japan: completed, returned early or deceased."""
    today = today or timezone.localdate()
    participant, placement = chain.locked(placement_id)
    if not _endable(participant, placement, details.ending):
        raise chain.NotInJapan
    problems = ending_problems(placement, details, today=today)
    if problems:
        raise chain.MoveRefused(problems)
    chain.end(placement, ending=details.ending, last_day=details.ended_on, reason=details.reason, by=by)
    participant_actions.change_status(
        participant_id=participant.pk,
        to=ENDING_STATUS[details.ending],
        by=by,
        reason=_status_reason(placement, details),
        through_placements=True,
    )
    return placement


def _endable(participant: Participant, placement: Placement, ending: Ending) -> bool:
    if placement.status != PlacementStatus.IN_JAPAN:
        return False
    # Someone who landed but never started work can only go home early (refused entry, illness).
    if participant.status == Status.DEPARTED:
        return ending == Ending.RETURNED_EARLY
    return participant.status == Status.PLACED


def _status_reason(placement: Placement, details: EndingDetails) -> str:
    if details.ending == Ending.COMPLETED:
        return _("Completed the placement with %(company)s on %(day)s") % {
            "company": placement.company.name,
            "day": date_format(details.ended_on, "DATE_FORMAT"),
        }
    return details.reason.strip()


@transaction.atomic
def close_disappearance(
    *, placement_id: int, details: EndingDetails, by: User, today: datetime.date | None = None
) -> Placement:
    """A missing person known dead or gone home: the disappearance closes (the
    placement ended when they went missing) and the participant moves on. Its
    own action, not a branch of ``end_placement``: an officer who meant to end
    a placement in Japan must not close a disappearance recorded meanwhile."""
    today = today or timezone.localdate()
    participant, placement = chain.locked(placement_id)
    if participant.status != Status.MISSING:
        raise chain.MoveError(_("Only a missing person's disappearance can be closed."))
    disappearance = _open_disappearance(placement)
    if details.ending not in _CLOSES_DISAPPEARANCE:
        raise chain.MoveError(_("A missing person is found, known dead or gone home; record one of these."))
    problems = ending_problems(placement, details, today=today)
    problems.pop("ended_on", None)
    if details.ended_on < disappearance.missing_since or details.ended_on > today:
        problems["ended_on"] = _("The day must be between the disappearance on %(day)s and today.") % {
            "day": date_format(disappearance.missing_since, "DATE_FORMAT")
        }
    if problems:
        raise chain.MoveRefused(problems)
    _close(disappearance, as_=_CLOSES_DISAPPEARANCE[details.ending], on=details.ended_on, by=by)
    participant_actions.change_status(
        participant_id=participant.pk,
        to=ENDING_STATUS[details.ending],
        by=by,
        reason=details.reason.strip(),
        through_placements=True,
    )
    return placement


def _open_disappearance(placement: Placement) -> Disappearance:
    disappearance = Disappearance.objects.select_for_update().filter(placement=placement).first()
    if disappearance is None or not disappearance.is_open or placement.ending != Ending.MISSING:
        raise chain.MoveError(_("This placement has no open disappearance."))
    return disappearance


def _close(disappearance: Disappearance, *, as_: DisappearanceEnd, on: datetime.date, by: User) -> None:
    disappearance.closed_on = on
    disappearance.closed_as = as_
    disappearance.version += 1
    disappearance.save(update_fields=["closed_on", "closed_as", "version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=disappearance,
        changes={"closed_as": ["", str(as_)], "closed_on": [None, on.isoformat()]},
    )


# --- missing (失踪) ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class MissingDetails:
    missing_since: datetime.date
    last_contact_on: datetime.date
    police_reported_on: datetime.date | None
    otit_reported_on: datetime.date | None
    circumstances: str


def _report_problems(details: MissingDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field, day in (
        ("police_reported_on", details.police_reported_on),
        ("otit_reported_on", details.otit_reported_on),
    ):
        if day is not None and not details.missing_since <= day <= today:
            problems[field] = _("A report is made between the disappearance and today.")
    return problems


def missing_problems(placement: Placement, details: MissingDetails, *, today: datetime.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    problem = chain.last_day_problem(placement, details.missing_since, today=today)
    if problem:
        problems["missing_since"] = problem
    if details.last_contact_on > details.missing_since:
        problems["last_contact_on"] = _("The last contact is on or before the day the person went missing.")
    if not details.circumstances.strip():
        problems["circumstances"] = _("Say what is known: when and where the person was last seen.")
    return {**problems, **_report_problems(details, today=today)}


@transaction.atomic
def record_missing(
    *, placement_id: int, details: MissingDetails, by: User, today: datetime.date | None = None
) -> Disappearance:
    today = today or timezone.localdate()
    participant, placement = chain.locked(placement_id)
    if placement.status != PlacementStatus.IN_JAPAN or participant.status != Status.PLACED:
        raise chain.NotInJapan
    problems = missing_problems(placement, details, today=today)
    if problems:
        raise chain.MoveRefused(problems)
    reason = details.circumstances.strip()
    chain.end(placement, ending=Ending.MISSING, last_day=details.missing_since, reason=reason, by=by)
    disappearance = Disappearance.objects.create(placement=placement, recorded_by=by, **dataclasses.asdict(details))
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=disappearance,
        changes=audit.changed_fields(
            {},
            audit.snapshot(
                disappearance, ["missing_since", "last_contact_on", "police_reported_on", "otit_reported_on"]
            ),
        ),
    )
    participant_actions.change_status(
        participant_id=participant.pk, to=Status.MISSING, by=by, reason=reason, through_placements=True
    )
    return disappearance


@transaction.atomic
def record_reports(
    *,
    placement_id: int,
    police_reported_on: datetime.date | None,
    otit_reported_on: datetime.date | None,
    by: User,
    today: datetime.date | None = None,
) -> Disappearance:
    """The days the disappearance was reported to the police and to OTIT,
    recorded once they are made (often days after the disappearance)."""
    today = today or timezone.localdate()
    _participant, placement = chain.locked(placement_id)
    disappearance = _open_disappearance(placement)
    details = MissingDetails(
        missing_since=disappearance.missing_since,
        last_contact_on=disappearance.last_contact_on,
        police_reported_on=police_reported_on,
        otit_reported_on=otit_reported_on,
        circumstances=disappearance.circumstances,
    )
    problems = _report_problems(details, today=today)
    if problems:
        raise chain.MoveRefused(problems)
    fields = ["police_reported_on", "otit_reported_on"]
    before = audit.snapshot(disappearance, fields)
    disappearance.police_reported_on = police_reported_on
    disappearance.otit_reported_on = otit_reported_on
    disappearance.version += 1
    disappearance.save(update_fields=[*fields, "version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=disappearance,
        changes=audit.changed_fields(before, audit.snapshot(disappearance, fields)),
    )
    return disappearance


@transaction.atomic
def record_found(
    *, placement_id: int, found_on: datetime.date, by: User, today: datetime.date | None = None
) -> Placement:
    """The missing person is found and back at work: a placement that follows
    the lost one on its terms, in the same stage with the same last day; the
    participant placed again."""
    today = today or timezone.localdate()
    participant, placement = chain.locked(placement_id)
    if participant.status != Status.MISSING:
        raise chain.MoveError(_("Only a missing person can be found."))
    disappearance = _open_disappearance(placement)
    if not disappearance.missing_since <= found_on <= today:
        raise chain.MoveRefused(
            {
                "found_on": _("The day must be between the disappearance on %(day)s and today.")
                % {"day": date_format(disappearance.missing_since, "DATE_FORMAT")}
            }
        )
    _close(disappearance, as_=DisappearanceEnd.FOUND, on=found_on, by=by)
    lost_period = StagePeriod.objects.filter(placement=placement).order_by("-started_on", "-id").first()
    following = chain.open_following(placement, by=by, starts_on=found_on)
    chain.continue_period(lost_period, following, by=by)
    participant_actions.change_status(
        participant_id=participant.pk,
        to=Status.PLACED,
        by=by,
        reason=_("Found on %(day)s and back with %(company)s")
        % {"day": date_format(found_on, "DATE_FORMAT"), "company": following.company.name},
        through_placements=True,
    )
    return following
