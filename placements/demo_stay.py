"""Demo work in Japan: a few workers of the demo company (Sendai Seimitsu,
supervised by the demo cooperative), one just landed with the arrival still
to record, three with it recorded through the real action; a course, a passed
basic-grade test and a stage move i → ii through the rules (``seed_demo``
calls ``seed_stay``). Made once: a second run leaves them as they are.

People come from those who departed without a placement (legacy rows), else
from the ready pool walked to "departed" as the history would have it.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from joborders.models import JobOrder, JobOrderStatus
from lib.dates import period_end
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.actions.stages import StageMoveDetails, move_stage
from placements.actions.upskilling import UpskillingDetails, record_upskilling
from placements.demo_departure import DEMO_COMPANY
from placements.models import (
    OPEN_PLACEMENT,
    Placement,
    PlacementStatus,
    SkillTest,
    SkillTestResult,
    StagePeriod,
    UpskillingKind,
)
from reference.models import Track

_WALK = (Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE, Status.DEPARTED)
DAY = datetime.timedelta(days=1)
# Days since work started for each worker whose arrival is recorded: a month in,
# eleven months in (stage ii's test passed, the move due), past stage i (moved to ii).
_WORKING_FOR = (30, 330, 400)


def seed_stay(*, today: datetime.date) -> int:
    """Returns the number of workers in Japan made."""
    if StagePeriod.objects.exists():
        return 0
    order = _order()
    people = _people(count=1 + len(_WORKING_FOR))
    if order is None or len(people) <= len(_WORKING_FOR):
        return 0
    ministry = User.objects.get(username="kemnaker")
    supervising = User.objects.get(username="coop.officer")
    company = User.objects.get(username="company.officer")
    _landed(people[0], order, flew_on=today - 2 * DAY, by=ministry)
    for person, days in zip(people[1:], _WORKING_FOR, strict=True):
        starts = today - days * DAY
        placement = _landed(person, order, flew_on=starts - 30 * DAY, by=ministry)
        _arrive(placement, starts=starts, by=supervising, today=today)
        _upskill(placement, starts=starts, days=days, by=company, today=today)
    return len(people)


def _order() -> JobOrder | None:
    orders = JobOrder.objects.filter(company__code=DEMO_COMPANY, programme=Track.TITP, titp_stage=1)
    return orders.filter(status=JobOrderStatus.FILLED).first() or orders.first()


def _people(*, count: int) -> list[Participant]:
    free = (
        Participant.objects.exclude(placements__status__in=OPEN_PLACEMENT)
        .exclude(sending_programme__track__in=[Track.SSW, Track.ESD])
        .filter(user__isnull=True)
        .order_by("pk")
    )
    departed = list(free.filter(status=Status.DEPARTED)[:count])
    return departed + list(free.filter(status=Status.READY)[: count - len(departed)])


def _landed(person: Participant, order: JobOrder, *, flew_on: datetime.date, by: User) -> Placement:
    for status in _WALK[_WALK.index(Status(person.status)) + 1 :] if person.status in _WALK else _WALK:
        participant_actions.change_status(participant_id=person.pk, to=status, by=by, replay=True)
    return Placement.objects.create_for_order(
        participant=person,
        job_order=order,
        starts_on=flew_on + 30 * DAY,
        created_by=by,
        status=PlacementStatus.IN_JAPAN,
        departed_on=flew_on,
    )


def _arrive(placement: Placement, *, starts: datetime.date, by: User, today: datetime.date) -> None:
    details = ArrivalDetails(
        arrived_on=placement.departed_on or starts,
        work_starts_on=starts,
        work_site="宮城県仙台市泉区明通3-5 仙台精密工業 泉工場",
        residence_card_number=f"SD{placement.pk:08d}JP",
        residence_card_expires_on=period_end(starts, 12),
    )
    record_arrival(placement_id=placement.pk, details=details, by=by, today=today)


def _upskill(placement: Placement, *, starts: datetime.date, days: int, by: User, today: datetime.date) -> None:
    course = UpskillingDetails(
        kind=UpskillingKind.COURSE,
        title="安全衛生教育（フォークリフト）",
        provider="宮城県労働基準協会",
        taken_on=starts + 10 * DAY,
    )
    record_upskilling(placement_id=placement.pk, details=course, by=by, today=today)
    if days < 300:
        return
    basic = UpskillingDetails(
        kind=UpskillingKind.SKILL_TEST,
        skill_test=SkillTest.BASIC,
        result=SkillTestResult.PASSED,
        provider="宮城県職業能力開発協会",
        taken_on=starts + 290 * DAY,
        certificate_number=f"基-{placement.pk:06d}",
    )
    record_upskilling(placement_id=placement.pk, details=basic, by=by, today=today)
    stage_i_ends = period_end(starts, 12)
    if stage_i_ends >= today:
        return
    placement.refresh_from_db()
    move = StageMoveDetails(
        moves_on=stage_i_ends + DAY,
        residence_card_number=f"SE{placement.pk:08d}JP",
        residence_card_expires_on=period_end(stage_i_ends + DAY, 24),
    )
    move_stage(placement_id=placement.pk, details=move, expected_version=placement.version, by=by, today=today)
