"""Placements for tests that need someone already working in Japan (or about
to fly) before the offer and departure actions are the subject."""

from __future__ import annotations

from joborders import actions as joborder_actions
from joborders.tests.world import Japan, on_day, order_details
from participants.models import Participant
from placements.models import Placement, PlacementStatus
from tests.cast import Cast


def placed(cast: Cast, japan: Japan, participant: Participant, *, status: PlacementStatus) -> Placement:
    """``participant`` placed with the cast's company (Sendai Steel, Miyagi) on a new order."""
    with on_day():
        order = joborder_actions.create_job_order(details=order_details(cast, japan), by=cast.ministry_officer)
    return Placement.objects.create(
        participant=participant,
        job_order=order,
        status=status,
        starts_on=order.start_date,
        departed_on=order.start_date if status != PlacementStatus.PREPARING else None,
        created_by=cast.ministry_officer,
    )
