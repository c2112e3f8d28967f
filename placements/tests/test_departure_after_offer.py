"""Departure after a real selection: an offer accepted through the offer
actions makes the placement the gate and the cohort work on; a withdrawal
after acceptance keeps that placement off the aircraft."""

from __future__ import annotations

import pytest
from django.utils import translation

from participants.models import Status
from placements.actions import departure, offers
from placements.models import CohortMember, CohortStatus, OfferStatus, Placement, PlacementStatus
from placements.tests.gate_world import FLIGHT, cohort, complete_gate
from placements.tests.world import budis_selection
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(cast: Cast) -> Placement:
    offer = budis_selection(cast).offer
    assert offer.placement is not None
    return offer.placement


def test_it_flies_a_placement_made_by_accepting_an_offer(cast: Cast, accepted: Placement) -> None:
    complete_gate(accepted, cast.lpk_officer)
    flight = cohort(cast.ministry_officer, placements=(accepted,))

    departure.depart_cohort(
        cohort_id=flight.pk, expected_version=flight.version, by=cast.ministry_officer, today=FLIGHT
    )

    accepted.refresh_from_db()
    assert (accepted.status, accepted.departed_on) == (PlacementStatus.IN_JAPAN, FLIGHT)
    assert accepted.participant.status == Status.DEPARTED
    with pytest.raises(offers.AlreadyDeparted):
        offers.withdraw_offer(offer_id=accepted.offer.pk, reason="too late", by=cast.company_officer)


def test_a_withdrawn_offer_keeps_its_placement_on_the_ground(cast: Cast, accepted: Placement) -> None:
    complete_gate(accepted, cast.lpk_officer)
    flight = cohort(cast.ministry_officer, placements=(accepted,))
    offers.withdraw_offer(offer_id=accepted.offer.pk, reason="The company closed the line.", by=cast.company_officer)
    flight.refresh_from_db()

    with translation.override("en"), pytest.raises(departure.CohortBlocked) as blocked:
        departure.depart_cohort(
            cohort_id=flight.pk, expected_version=flight.version, by=cast.ministry_officer, today=FLIGHT
        )

    [blocker] = blocked.value.blockers
    assert blocker.name == "Budi Santoso"
    assert blocker.reasons == ("no longer preparing to depart (cancelled before departure)",)
    accepted.refresh_from_db()
    assert accepted.status == PlacementStatus.CANCELLED
    assert accepted.offer.status == OfferStatus.WITHDRAWN
    assert flight.status == CohortStatus.PLANNED

    departure.remove_from_cohort(cohort_id=flight.pk, placement_id=accepted.pk, by=cast.ministry_officer)
    assert not CohortMember.objects.exists()
