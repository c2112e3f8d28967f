"""Returnees for the return, certificate, follow-up and access tests.

Everything goes through the real actions: arrival (record_arrival), then the
flight home (record_return) on a day given explicitly, so the tests do not
depend on the machine's clock. Budi's placement is made once per test (the
access matrix asks for it once per persona).
"""

from __future__ import annotations

import datetime

from accounts.models import User
from joborders.tests.world import served_job_order
from participants.models import Participant
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.actions.returns import ReturnDetails, record_return
from placements.models import FollowUp, HomeReturn, Placement, PlacementStatus
from placements.tests.builders import TO_DEPARTED
from tests.cast import Cast, walk

LANDED = datetime.date(2026, 7, 1)
WORK_STARTS = datetime.date(2026, 8, 1)
CONTRACT_END = datetime.date(2029, 7, 31)
FLEW_HOME = datetime.date(2029, 7, 28)
FLIGHT = "GA 875"


def arrival(*, planned_end_on: datetime.date | None = None) -> ArrivalDetails:
    return ArrivalDetails(
        arrived_on=LANDED,
        work_starts_on=WORK_STARTS,
        work_site="宮城県仙台市若林区卸町1-2-3",
        residence_card_number="AB12345678CD",
        residence_card_expires_on=datetime.date(2027, 7, 31),
        planned_end_on=planned_end_on,
    )


def arrive(placement: Placement, *, by: User) -> Placement:
    """The arrival of a placement in Japan, recorded on the day of landing."""
    needs_contract_end = placement.track != "titp"
    record_arrival(
        placement_id=placement.pk,
        details=arrival(planned_end_on=CONTRACT_END if needs_contract_end else None),
        by=by,
        today=LANDED,
    )
    placement.refresh_from_db()
    return placement


def fly_home(placement: Placement, *, by: User, on: datetime.date = FLEW_HOME) -> HomeReturn:
    return record_return(
        placement_id=placement.pk, details=ReturnDetails(returned_on=on, flight_number=FLIGHT), by=by, today=on
    )


def working_budi(cast: Cast) -> Placement:
    """Budi working in Japan for the cast's company (the served Engineer/Specialist order)."""
    existing = Placement.objects.filter(participant=cast.budi).first()
    if existing is not None:
        return existing
    walk(cast.budi, TO_DEPARTED, cast.lpk_officer)
    order = served_job_order(cast)
    placement = Placement.objects.create_for_order(
        participant=cast.budi,
        job_order=order,
        status=PlacementStatus.IN_JAPAN,
        starts_on=order.start_date,
        departed_on=LANDED - datetime.timedelta(days=1),
        created_by=cast.lpk_officer,
    )
    return arrive(placement, by=cast.supervising_officer)


def returned_budi(cast: Cast) -> HomeReturn:
    """Budi home after completing his placement."""
    placement = working_budi(cast)
    existing = HomeReturn.objects.filter(placement=placement).first()
    return existing or fly_home(placement, by=cast.supervising_officer)


def budis_follow_up(cast: Cast, months: int = 3) -> FollowUp:
    return FollowUp.objects.get(home_return=returned_budi(cast), months=months)


def refreshed(participant: Participant) -> Participant:
    participant.refresh_from_db()
    return participant


def returned_siti(cast: Cast) -> HomeReturn:
    """Siti (other BLK, other LPK/SO) home from the cast's company. The cast
    walked her to "placed" without a placement, as legacy data has it: her
    placement is made here as arrival would have left it."""
    existing = HomeReturn.objects.filter(placement__participant=cast.siti).first()
    if existing is not None:
        return existing
    order = served_job_order(cast)
    placement = Placement.objects.create_for_order(
        participant=cast.siti,
        job_order=order,
        status=PlacementStatus.IN_JAPAN,
        starts_on=WORK_STARTS,
        departed_on=LANDED - datetime.timedelta(days=1),
        arrived_on=LANDED,
        planned_end_on=CONTRACT_END,
        created_by=cast.other_lpk_officer,
    )
    return fly_home(placement, by=cast.ministry_officer)
