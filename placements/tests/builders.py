"""Placements for tests that need someone already working in Japan (or about
to fly) before the offer and departure actions are the subject."""

from __future__ import annotations

import datetime

from joborders import actions as joborder_actions
from joborders.tests.world import Japan, on_day, order_details
from participants.models import Participant, Status
from placements.models import Placement, PlacementStatus
from tests.cast import TO_PLACED, Cast, walk

TO_DEPARTED = TO_PLACED[: TO_PLACED.index(Status.DEPARTED) + 1]
# A flight after the order's start date is set (joborders.tests.world.TODAY is 2026-06-01).
FLIGHT_DAY = datetime.date(2026, 5, 20)


def placed(cast: Cast, japan: Japan, participant: Participant, *, status: PlacementStatus) -> Placement:
    """``participant`` placed with the cast's company (Sendai Steel, Miyagi) on a new order."""
    with on_day():
        order = joborder_actions.create_job_order(details=order_details(cast, japan), by=cast.ministry_officer)
    return Placement.objects.create_for_order(
        participant=participant,
        job_order=order,
        status=status,
        starts_on=order.start_date,
        departed_on=order.start_date if status != PlacementStatus.PREPARING else None,
        created_by=cast.ministry_officer,
    )


def departed(cast: Cast, japan: Japan, participant: Participant, *, flight: datetime.date = FLIGHT_DAY) -> Placement:
    """``participant`` landed in Japan for Sendai Steel's TITP stage i order, arrival not yet recorded."""
    walk(participant, TO_DEPARTED, cast.ministry_officer)
    placement = placed(cast, japan, participant, status=PlacementStatus.IN_JAPAN)
    placement.departed_on = flight
    placement.save(update_fields=["departed_on"])
    return placement
