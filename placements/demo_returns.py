"""Demo returns (``seed_demo`` calls ``seed_returns``): a worker of the demo
company whose contract ends in three weeks (the "coming home" list of the
ministry and the Japanese logins), and returnees of the demo LPK/SO at each
point of their follow-ups: one whose 3-month follow-up is overdue, one whose
3-month follow-up is due now, and one home for over a year with two
follow-ups entered and the last one overdue.

People already placed are taken where there are (the demo LPK/SO's, then
BBPVP Bekasi's); others are walked there as their history would have it. A
placement in Japan is used as it is, or made as arrival leaves it; the return
and the follow-ups then go through the real actions. Made once: a second run
leaves them as they are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from joborders.models import JobOrder
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.actions.returns import FollowUpAnswers, ReturnDetails, record_follow_up, record_return
from placements.demo_departure import DEMO_COMPANY, DEMO_LPK
from placements.models import HomeReturn, Placement, PlacementStatus, StagePeriod, StayStage
from reference.models import Track

DEMO_BLK = "bbpvp-bekasi"
_WALK = (Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE, Status.DEPARTED, Status.PLACED)


@dataclass(frozen=True)
class Returnee:
    days_home: int
    # Follow-ups (by months) the LPK/SO has entered.
    entered: tuple[int, ...] = ()


RETURNEES = (Returnee(days_home=100), Returnee(days_home=80), Returnee(days_home=400, entered=(3, 6)))
CONTRACT_ENDS_IN = datetime.timedelta(days=21)


def seed_returns(*, today: datetime.date) -> int:
    """Returns the number of returns recorded."""
    if HomeReturn.objects.exists():
        return 0
    order = (
        JobOrder.objects.filter(company__code=DEMO_COMPANY, programme=Track.TITP).order_by("start_date", "pk").first()
    )
    if order is None:
        return 0
    ministry = User.objects.get(username="kemnaker")
    lpk_officer = User.objects.get(username="lpk.officer")
    people = _people(len(RETURNEES) + 1, by=ministry)
    if not people:
        return 0
    _in_japan(people[0], order, by=ministry, ends_on=today + CONTRACT_ENDS_IN, today=today)
    recorded = 0
    for person, returnee in zip(people[1:], RETURNEES, strict=False):
        flown = today - datetime.timedelta(days=returnee.days_home)
        placement = _in_japan(person, order, by=ministry, ends_on=flown, today=flown)
        home = record_return(
            placement_id=placement.pk,
            details=ReturnDetails(returned_on=flown, flight_number="GA 875"),
            by=ministry,
            today=flown,
        )
        for follow_up in home.follow_ups.filter(months__in=returnee.entered):
            record_follow_up(follow_up_id=follow_up.pk, answers=_answers(follow_up.due_on), by=lpk_officer, today=today)
        recorded += 1
    return recorded


def _people(count: int, *, by: User) -> list[Participant]:
    """Placed participants of the demo LPK/SO (then BBPVP Bekasi's), walked there if too few."""
    ours = Q(sending_organization__code=DEMO_LPK) | Q(training_centre__code=DEMO_BLK)
    free = (
        Participant.objects.filter(ours, user__isnull=True)
        # Not those preparing, nor the demo's worked examples already at work in Japan.
        .exclude(placements__status__in=[PlacementStatus.PREPARING, PlacementStatus.IN_JAPAN])
        .order_by("-sending_organization__code", "pk")
    )
    placed = [person for person in free.filter(status=Status.PLACED) if person.sending_organization_id][:count]
    ready = list(free.filter(status=Status.READY, sending_organization__code=DEMO_LPK)[: count - len(placed)])
    for person in ready:
        for status in _WALK:
            participant_actions.change_status(participant_id=person.pk, to=status, by=by, replay=True)
    return placed + ready


def _in_japan(
    person: Participant, order: JobOrder, *, by: User, ends_on: datetime.date, today: datetime.date
) -> Placement:
    """The person's placement in Japan, made as arrival leaves it where they have none."""
    existing = Placement.objects.filter(participant=person, status=PlacementStatus.IN_JAPAN).first()
    if existing is not None and existing.arrived_on is not None:
        return existing
    work_starts = min(ends_on, today) - datetime.timedelta(days=3 * 365)
    placement = existing or Placement.objects.create_for_order(
        participant=person,
        job_order=order,
        status=PlacementStatus.IN_JAPAN,
        starts_on=work_starts,
        created_by=by,
    )
    placement.departed_on = work_starts - datetime.timedelta(days=32)
    placement.arrived_on = work_starts - datetime.timedelta(days=31)
    placement.starts_on = work_starts
    placement.stage = StayStage.TITP_II
    placement.planned_end_on = ends_on
    placement.work_site = "宮城県仙台市泉区明通3-5"
    placement.save()
    # Stage i for a year, then stage ii until the contract ends.
    second = work_starts + datetime.timedelta(days=365)
    StagePeriod.objects.bulk_create(
        [
            StagePeriod(
                placement=placement,
                stage=StayStage.TITP_I,
                started_on=work_starts,
                planned_end_on=second - datetime.timedelta(days=1),
                ended_on=second - datetime.timedelta(days=1),
                created_by=by,
            ),
            StagePeriod(
                placement=placement, stage=StayStage.TITP_II, started_on=second, planned_end_on=ends_on, created_by=by
            ),
        ]
    )
    return placement


def _answers(due_on: datetime.date) -> FollowUpAnswers:
    return FollowUpAnswers(
        contacted_on=due_on - datetime.timedelta(days=3),
        work="employed",
        in_trade=True,
        income_band="5m_10m",
        wants_ssw="yes",
        note="Bekerja di bengkel las di Cikarang.",
    )
