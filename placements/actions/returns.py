"""Coming home: the flight home ends a completed placement, and the
follow-ups at 3, 6 and 12 months record how the returnee is doing.

``record_return`` covers two ways home:

- the normal completion: a placement in Japan whose participant is placed
  ends as completed on the day of the flight, its current stage period ends
  that day too, and the participant moves from "placed" to "returned";
- someone who returned early (the placement already ended, by the ``moves``
  actions, as "returned early"): the flight home is recorded all the same and
  the participant moves from "returned early" to "returned": home.

Either way the three follow-ups are scheduled with their due dates, and the
participant may later re-enter the pool (``returned → ready``, the status form).
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
from placements.models import (
    FOLLOW_UP_MONTHS,
    Ending,
    FollowUp,
    HomeReturn,
    IncomeBand,
    Placement,
    PlacementStatus,
    StagePeriod,
    WantsSsw,
    Work,
    follow_up_today,
    normalized_flight_number,
)
from placements.zones import TOKYO


class ReturnError(Exception):
    """A refusal with a message for the person who asked."""


class ReturnRefused(ReturnError):
    """Input that cannot be stored; ``problems`` by form field."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Nothing was saved: correct the marked fields."))


class NotReturnable(ReturnError):
    def __init__(self, placement: Placement) -> None:
        if HomeReturn.objects.filter(placement=placement).exists():
            message = _("The return home is already recorded.")
        else:
            message = _(
                "Only a placement in Japan whose participant is placed, or one that ended with an early return, "
                "can record a return home."
            )
        super().__init__(message)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReturnDetails:
    returned_on: datetime.date
    flight_number: str


def is_completion(placement: Placement, participant: Participant) -> bool:
    """The placement ends here, as completed: the person is working in Japan."""
    return (
        placement.status == PlacementStatus.IN_JAPAN
        and placement.arrived_on is not None
        and participant.status == Status.PLACED
    )


def is_early_flight(placement: Placement, participant: Participant) -> bool:
    """The placement already ended with an early return; only the flight is missing."""
    return (
        placement.status == PlacementStatus.ENDED
        and placement.ending == Ending.RETURNED_EARLY
        and participant.status == Status.RETURNED_EARLY
    )


def may_return(placement: Placement) -> bool:
    """Whether ``record_return`` would take this placement now (for the pages)."""
    if HomeReturn.objects.filter(placement=placement).exists():
        return False
    return is_due_home(placement)


def is_due_home(placement: Placement) -> bool:
    """Whether the placement's and the person's statuses let a return home be
    recorded, for a caller that knows none is recorded yet."""
    return is_completion(placement, placement.participant) or is_early_flight(placement, placement.participant)


def return_problems(
    placement: Placement, details: ReturnDetails, *, today: datetime.date, period: StagePeriod | None
) -> dict[str, str]:
    """What is wrong with ``details`` for this placement, by form field."""
    problems: dict[str, str] = {}
    day = details.returned_on
    earliest = _earliest_return(placement, period)
    if day > today:
        problems["returned_on"] = _("The flight home cannot be in the future.")
    elif earliest is not None and day < earliest:
        problems["returned_on"] = _("The flight home cannot be before %(day)s.") % {
            "day": date_format(earliest, "DATE_FORMAT")
        }
    if normalized_flight_number(details.flight_number) is None:
        problems["flight_number"] = _(
            "A flight number is the airline's two-character code and 1 to 4 digits, e.g. GA 875."
        )
    return problems


def _earliest_return(placement: Placement, period: StagePeriod | None) -> datetime.date | None:
    """The flight cannot come before the work it ends: the current stage's
    start, the arrival, or the day an early return ended the placement."""
    days = [placement.arrived_on, placement.ended_on, period.started_on if period else None]
    known = [day for day in days if day is not None]
    return max(known) if known else None


@transaction.atomic
def record_return(
    *, placement_id: int, details: ReturnDetails, by: User, today: datetime.date | None = None
) -> HomeReturn:
    # Japan's date is the later of the two clocks: a flight that left Tokyo
    # today may still be "tomorrow" in Jakarta, never the other way round.
    today = today or timezone.localdate(timezone=TOKYO)
    # The participant first, then the placement: the order every placements action locks in.
    participant_id = Placement.objects.values_list("participant_id", flat=True).get(pk=placement_id)
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    completion = is_completion(placement, participant)
    if HomeReturn.objects.filter(placement=placement).exists() or not (
        completion or is_early_flight(placement, participant)
    ):
        raise NotReturnable(placement)
    period = StagePeriod.objects.select_for_update().current().filter(placement=placement).first()
    problems = return_problems(placement, details, today=today, period=period if completion else None)
    if problems:
        raise ReturnRefused(problems)
    if completion:
        _complete(placement, period, ended_on=details.returned_on, by=by)
    home = HomeReturn.objects.create(
        placement=placement,
        returned_on=details.returned_on,
        flight_number=normalized_flight_number(details.flight_number) or "",
        recorded_by=by,
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            home_return=home,
            placement=placement,
            months=months,
            due_on=FollowUp.due_after(details.returned_on, months),
        )
        for months in FOLLOW_UP_MONTHS
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=home,
        changes={"returned_on": [None, home.returned_on.isoformat()], "flight_number": [None, home.flight_number]},
    )
    participant_actions.change_status(
        participant_id=participant.pk,
        to=Status.RETURNED,
        by=by,
        reason=_("Flew home on %(day)s on flight %(flight)s")
        % {
            "day": date_format(home.returned_on, "DATE_FORMAT"),
            "flight": home.flight_number,
        },
        through_placements=True,
    )
    return home


def _complete(placement: Placement, period: StagePeriod | None, *, ended_on: datetime.date, by: User) -> None:
    """The placement ends as completed on the day of the flight; so does its current stage."""
    if period is not None:
        period.ended_on = ended_on
        period.save(update_fields=["ended_on"])
    before = audit.snapshot(placement, ["status", "ended_on", "ending"])
    placement.status = PlacementStatus.ENDED
    placement.status_changed_at = timezone.now()
    placement.ended_on = ended_on
    placement.ending = Ending.COMPLETED
    placement.version += 1
    placement.save(update_fields=["status", "status_changed_at", "ended_on", "ending", "version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=placement,
        changes=audit.changed_fields(before, audit.snapshot(placement, ["status", "ended_on", "ending"])),
    )


# --- follow-ups ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class FollowUpAnswers:
    contacted_on: datetime.date
    work: str
    # Only asked of someone working (employed or in their own business).
    in_trade: bool | None
    income_band: str
    wants_ssw: str
    note: str = ""


_ANSWER_FIELDS = ("contacted_on", "work", "in_trade", "income_band", "wants_ssw", "note")


def follow_up_problems(follow_up: FollowUp, answers: FollowUpAnswers, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with ``answers`` for this follow-up, by form field."""
    problems: dict[str, str] = {}
    if answers.contacted_on > today:
        problems["contacted_on"] = _("The answer cannot be dated in the future.")
    elif answers.contacted_on < follow_up.opens_on:
        problems["contacted_on"] = _("This follow-up counts answers from %(day)s on.") % {
            "day": date_format(follow_up.opens_on, "DATE_FORMAT")
        }
    if answers.work not in Work.values:
        problems["work"] = _("Choose whether the returnee is working.")
    elif answers.work != Work.NOT_WORKING and answers.in_trade is None:
        problems["in_trade"] = _("Say whether the work is in the trade learned in Japan.")
    if answers.income_band not in IncomeBand.values:
        problems["income_band"] = _("Choose a monthly income band.")
    if answers.wants_ssw not in WantsSsw.values:
        problems["wants_ssw"] = _("Choose whether the returnee wants to go back as a specified skilled worker.")
    return problems


class FollowUpNotOpen(ReturnError):
    def __init__(self, follow_up: FollowUp) -> None:
        super().__init__(
            _("This follow-up can be entered from %(day)s on.")
            % {"day": date_format(follow_up.opens_on, "DATE_FORMAT")}
        )


@transaction.atomic
def record_follow_up(
    *, follow_up_id: int, answers: FollowUpAnswers, by: User, today: datetime.date | None = None
) -> FollowUp:
    """Enter (or correct) a follow-up's answers; every change is audited."""
    today = today or follow_up_today()
    participant_id = FollowUp.objects.values_list("placement__participant_id", flat=True).get(pk=follow_up_id)
    # The participant first: the lock order of every placements action.
    Participant.objects.select_for_update().get(pk=participant_id)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up_id)
    if not follow_up.is_open_on(today):
        raise FollowUpNotOpen(follow_up)
    problems = follow_up_problems(follow_up, answers, today=today)
    if problems:
        raise ReturnRefused(problems)
    before = audit.snapshot(follow_up, _ANSWER_FIELDS)
    follow_up.contacted_on = answers.contacted_on
    follow_up.work = answers.work
    follow_up.in_trade = None if answers.work == Work.NOT_WORKING else answers.in_trade
    follow_up.income_band = answers.income_band
    follow_up.wants_ssw = answers.wants_ssw
    follow_up.note = answers.note.strip()
    follow_up.entered_at = timezone.now()
    follow_up.entered_by = by
    follow_up.version += 1
    follow_up.save()
    changes = audit.changed_fields(before, audit.snapshot(follow_up, _ANSWER_FIELDS))
    audit.record(actor=by, action=AuditAction.UPDATED, target=follow_up, changes=changes)
    return follow_up
