"""Departures on the homes: gate items waiting for whoever records them,
cohorts flying soon with who is still blocked, and the participant's next
step before the flight."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from home.journey import journey_of
from home.work import work_for
from joborders.tests.world import Japan, on_day
from placements.models import Placement
from placements.tests.gate_world import FLIGHT, cohort, complete_titp_gate, preparing, record
from reference.models import GateItem
from tests.cast import Cast

TODAY = datetime.date(2026, 6, 1)
# Within the two weeks a cohort counts as flying soon.
SOON = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with on_day(TODAY), translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return preparing(cast, japan)


def _texts(user: object) -> list[str]:
    return [item.text for item in work_for(user, today=TODAY)]  # type: ignore[arg-type]


def test_it_asks_the_lpk_and_the_japanese_side_for_their_open_items(cast: Cast, placement: Placement) -> None:
    expected = "1 participant preparing to depart has gate items open that you record."

    assert expected in _texts(cast.lpk_officer)
    assert expected in _texts(cast.supervising_officer)
    assert expected in _texts(cast.ministry_officer)
    assert expected not in _texts(cast.lpk_viewer)  # a viewer records nothing
    assert expected not in _texts(cast.other_lpk_officer)


def test_it_stops_asking_the_japanese_side_once_its_items_are_done(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.PLAN_CERTIFICATION,
        cast.supervising_officer,
        applied_on=datetime.date(2026, 2, 1),
        done_on=datetime.date(2026, 3, 1),
        number="N-1",
    )
    record(
        placement,
        GateItem.COE,
        cast.supervising_officer,
        applied_on=datetime.date(2026, 3, 2),
        done_on=datetime.date(2026, 5, 1),
        number="AB12345678",
    )

    assert not any("gate items open" in text for text in _texts(cast.supervising_officer))
    assert any("gate items open" in text for text in _texts(cast.lpk_officer))


def test_it_tells_the_ministry_of_a_cohort_flying_soon_with_who_is_blocked(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, flight_date=SOON, placements=(placement,))

    [item] = [item for item in work_for(cast.ministry_officer, today=TODAY) if "cohort" in item.text]

    assert item.text == "The cohort GA 874 CGK → SDJ on 15 June 2026: 1 participant is still blocked."
    assert item.urgent


def test_it_tells_the_ministry_a_cohort_is_ready(cast: Cast, placement: Placement) -> None:
    complete_titp_gate(placement, cast.lpk_officer)
    cohort(cast.ministry_officer, flight_date=SOON, placements=(placement,))

    assert "The cohort GA 874 CGK → SDJ on 15 June 2026 is ready to depart." in _texts(cast.ministry_officer)


def test_it_reminds_the_ministry_of_a_cohort_not_marked_departed(cast: Cast, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, flight_date=SOON, placements=(placement,))

    [item] = [
        item
        for item in work_for(cast.ministry_officer, today=SOON + datetime.timedelta(days=1))
        if "cohort" in item.text
    ]

    assert item.text == "The cohort GA 874 CGK → SDJ of 15 June 2026 is not marked departed yet."
    assert item.urgent
    assert item.url == f"/placements/cohorts/{made.pk}/"


def test_it_makes_open_items_urgent_when_the_flight_is_close(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, flight_date=SOON, placements=(placement,))

    [item] = [item for item in work_for(cast.lpk_officer, today=TODAY) if "gate items" in item.text]

    assert item.urgent
    assert [example.text for example in item.examples] == ["Budi Santoso"]


def test_it_leaves_cohorts_flying_later_off_the_home(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, flight_date=TODAY + datetime.timedelta(days=15), placements=(placement,))

    assert not any("cohort" in text for text in _texts(cast.ministry_officer))


def test_it_gives_the_participant_the_gate_as_next_step(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, placements=(placement,))
    placement.participant.refresh_from_db()

    journey = journey_of(placement.participant, today=TODAY)

    assert journey.next_step == (
        "You are preparing to leave for Sendai Steel in Miyagi: flight GA 874, CGK → SDJ, on 20 June 2026."
    )
    assert GateItem.COE in [item.item for item in journey.before_flight]
    assert journey.departure_url == f"/placements/{placement.pk}/gate/"
    assert journey.flight is not None
    assert journey.flight.day == FLIGHT


def test_it_shows_the_participant_their_step_on_the_phone_home(cast: Cast, placement: Placement) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.participant_user)

    page = client.get("/").content.decode()

    assert "Your flight is not booked yet." in page
    assert "Still needed before the flight" in page
    assert "Your Certificate of Eligibility (COE)" in page
    assert f'href="/placements/{placement.pk}/gate/"' in page
