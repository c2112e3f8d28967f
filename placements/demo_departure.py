"""Demo departures: placements for participants preparing to depart, their
gates at every stage, and a cohort flying in ten days (``seed_demo`` calls
``seed_departures``).

Until offers exist, a placement is made as accepting one will make it: for
a filled TITP job order, with a participant already preparing to depart.
The demo LPK/SO gets one of its own candidates on the demo company's order,
walked there as the history would have it, so that its login, the Japanese
logins and the ministry each see a gate to work on. Everything else goes
through the real actions. Made once: a second run leaves them as they are.
"""

from __future__ import annotations

import datetime
import random

from accounts.models import User
from joborders.models import JobOrder, JobOrderStatus
from participants import actions as participant_actions
from participants.models import HealthResult, Participant, Status
from placements.actions import departure
from placements.gate_items import GateEntry
from placements.models import DepartureCohort, Placement, PlacementStatus
from reference.models import GateItem, Track

DEMO_COMPANY = "sendai-seimitsu"
DEMO_LPK = "lpk-karya-nusantara"
FLIES_IN = datetime.timedelta(days=10)
_PATH = (Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE)


def seed_departures(*, today: datetime.date, seed: int) -> int:
    """Returns the number of placements made."""
    if DepartureCohort.objects.exists():
        return 0
    ministry = User.objects.get(username="kemnaker")
    lpk_officer = User.objects.get(username="lpk.officer")
    rng = random.Random(seed + 7)  # noqa: S311 -- fictional data, reproducible by seed
    orders = list(
        JobOrder.objects.filter(status=JobOrderStatus.FILLED, programme=Track.TITP)
        .select_related("company")
        .order_by("start_date", "pk")
    )
    own = _own_candidate(orders, by=lpk_officer)
    placements = own + _fill(orders, by=ministry)
    for number, placement in enumerate(placements, start=1):
        # The demo LPK/SO's candidate (first) has its COE applied for, not issued: work for every login.
        by = lpk_officer if placement in own else ministry
        _record_stage(placement, stage=number % 4, by=by, today=today, rng=rng)
    if placements:
        _cohort(placements[:4], by=ministry, today=today)
    return len(placements)


def _free() -> list[Participant]:
    return list(
        Participant.objects.filter(status=Status.PRE_DEPARTURE)
        .exclude(placements__status__in=[PlacementStatus.PREPARING, PlacementStatus.IN_JAPAN])
        .exclude(sending_programme__track__in=[Track.SSW, Track.ESD])
        .order_by("pk")
    )


def _place(participant: Participant, order: JobOrder, *, by: User) -> Placement:
    return Placement.objects.create_for_order(
        participant=participant, job_order=order, starts_on=order.start_date, created_by=by
    )


def _own_candidate(orders: list[JobOrder], *, by: User) -> list[Placement]:
    """One of the demo LPK/SO's candidates, furthest along first, accepting the demo company's order."""
    order = next((order for order in orders if order.company.code == DEMO_COMPANY), None)
    candidates = Participant.objects.filter(
        sending_organization__code=DEMO_LPK, status__in=(*_PATH[:-1], Status.READY), user__isnull=True
    ).exclude(sending_programme__track__in=[Track.SSW, Track.ESD])
    person = min(candidates, key=lambda p: (-_PATH.index(p.status) if p.status in _PATH else 1, p.pk), default=None)
    if order is None or person is None:
        return []
    for status in _PATH[_PATH.index(person.status) + 1 :] if person.status in _PATH else _PATH:
        participant_actions.change_status(participant_id=person.pk, to=status, by=by, replay=True)
    return [_place(person, order, by=by)]


def _fill(orders: list[JobOrder], *, by: User) -> list[Placement]:
    """The other filled orders' positions, with participants already preparing to depart."""
    free = _free()
    made = []
    for order in orders:
        taken = Placement.objects.filter(job_order=order).count()
        while taken < order.positions and free:
            made.append(_place(free.pop(0), order, by=by))
            taken += 1
    return made


def _record(placement: Placement, item: GateItem, by: User, today: datetime.date, **values: object) -> None:
    entry = GateEntry(**values)  # type: ignore[arg-type]
    departure.record_gate_item(placement_id=placement.pk, item=item, entry=entry, by=by, today=today)


def _record_stage(placement: Placement, *, stage: int, by: User, today: datetime.date, rng: random.Random) -> None:
    """Stage 0: everything done; 1: the COE applied for, not issued; 2: only
    the plan applied for; 3: nothing yet."""
    if stage == 3:
        return
    days = rng.randint(0, 5)
    applied = today - datetime.timedelta(days=100 + days)
    certified = today - datetime.timedelta(days=70 + days) if stage < 2 else None
    _record(
        placement,
        GateItem.PLAN_CERTIFICATION,
        by,
        today,
        applied_on=applied,
        done_on=certified,
        number=f"3{placement.pk:05d}-{days:02d}" if certified else "",
    )
    if stage == 2:
        return
    issued = today - datetime.timedelta(days=20 + days) if stage == 0 else None
    _record(
        placement,
        GateItem.COE,
        by,
        today,
        applied_on=today - datetime.timedelta(days=60 + days),
        done_on=issued,
        number=f"EA{placement.pk:08d}" if issued else "",
    )
    if stage == 0:
        _complete(placement, by=by, today=today)


def _complete(placement: Placement, *, by: User, today: datetime.date) -> None:
    _record(
        placement, GateItem.VISA, by, today, done_on=today - datetime.timedelta(days=5), number=f"V{placement.pk:07d}"
    )
    _record(
        placement,
        GateItem.ORIENTATION,
        by,
        today,
        hours=16,
        done_on=today - datetime.timedelta(days=3),
        note="BP2MI PAP",
    )
    _record(
        placement,
        GateItem.INSURANCE,
        by,
        today,
        note="BPJS Ketenagakerjaan",
        number=f"PMI-{placement.pk:06d}",
        valid_until=today + datetime.timedelta(days=400),
    )
    participant_actions.record_health_check(
        participant_id=placement.participant_id,
        details=participant_actions.HealthCheckDetails(
            examined_on=today - datetime.timedelta(days=10),
            result=HealthResult.FIT,
            expires_on=today + datetime.timedelta(days=355),
            clinic="Klinik Sehat Bekasi",
            notes="",
        ),
        by=by,
    )


def _cohort(placements: list[Placement], *, by: User, today: datetime.date) -> None:
    cohort = departure.create_cohort(
        details=departure.CohortDetails(
            flight_date=today + FLIES_IN, flight_number="GA 874", route_from="CGK", route_to="SDJ", escort="Bapak Joko"
        ),
        by=by,
        today=today,
    )
    departure.add_to_cohort(cohort_id=cohort.pk, participant_ids=[p.participant_id for p in placements], by=by)
