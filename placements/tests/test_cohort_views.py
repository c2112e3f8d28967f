"""The ministry's cohort pages through the test client: planning, the board,
adding, taking off, marking departed with a confirmation, and refusals that
come back at the form with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from joborders.tests.world import Japan
from participants.models import Status
from placements.models import CohortMember, CohortStatus, DepartureCohort, Placement, PlacementStatus
from placements.tests.gate_world import FLIGHT, cohort, complete_titp_gate, preparing
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return preparing(cast, japan)


@pytest.fixture
def officer(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.ministry_officer)
    client.cookies["django_language"] = "en"
    return client


def test_it_plans_a_cohort(officer: Client) -> None:
    response = officer.post(
        "/placements/cohorts/new/",
        {"flight_date": "2026-06-20", "flight_number": "ga874", "route_from": "cgk", "route_to": "sdj", "escort": ""},
    )

    made = DepartureCohort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/placements/cohorts/{made.pk}/"
    assert (made.flight_number, made.route) == ("GA 874", "CGK → SDJ")


def test_it_refuses_an_airport_that_is_not_a_code_keeping_what_was_typed(officer: Client) -> None:
    response = officer.post(
        "/placements/cohorts/new/",
        {"flight_date": "2026-06-20", "flight_number": "GA 874", "route_from": "Jakarta", "route_to": "SDJ"},
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["route_from"]
    assert 'value="Jakarta"' in response.content.decode()
    assert not DepartureCohort.objects.exists()


def test_it_shows_on_the_board_what_blocks_whom_on_the_flight_date(
    cast: Cast, officer: Client, placement: Placement
) -> None:
    made = cohort(cast.ministry_officer, placements=(placement,))

    response = officer.get(f"/placements/cohorts/{made.pk}/")

    [row] = response.context["rows"]
    assert not row.complete
    assert "Certificate of Eligibility (COE)" in [item.label for item in row.open]
    assert response.context["ready"] == 0


def test_it_offers_the_pool_and_adds_from_it(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer)

    board = officer.get(f"/placements/cohorts/{made.pk}/")
    added = officer.post(f"/placements/cohorts/{made.pk}/add/", {"participants": [placement.participant_id]})

    assert [row.placement for row in board.context["pool"]] == [placement]
    assert added.status_code == 302
    assert CohortMember.objects.get().placement == placement


def test_it_refuses_someone_not_yet_selected_and_adds_nobody(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer)
    # Siti is placed in Japan: not someone who could join a flight out.
    response = officer.post(
        f"/placements/cohorts/{made.pk}/add/", {"participants": [placement.participant_id, cast.siti.pk]}
    )

    assert response.status_code == 400
    assert response.context["add_refusals"] == [
        "Siti Aminah has not been selected and accepted an offer: only participants preparing to depart can join "
        "a cohort."
    ]
    assert f'value="{placement.participant_id}" checked' in response.content.decode()
    assert not CohortMember.objects.exists()


def test_it_answers_the_add_in_place_with_htmx(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer)

    response = officer.post(f"/placements/cohorts/{made.pk}/add/", {}, HTTP_HX_REQUEST="true")

    assert response.status_code == 422
    assert response.content.decode().lstrip().startswith('<section class="card" id="add"')


def test_it_asks_before_marking_departed(cast: Cast, officer: Client, placement: Placement) -> None:
    complete_titp_gate(placement, cast.lpk_officer)
    made = cohort(cast.ministry_officer, flight_date=datetime.date(2026, 6, 1), placements=(placement,))

    response = officer.post(f"/placements/cohorts/{made.pk}/depart/", {"version": made.version})

    assert response.status_code == 200
    assert "Mark this cohort departed?" in response.content.decode()
    assert DepartureCohort.objects.get().status == CohortStatus.PLANNED


def test_it_marks_departed_once_confirmed(cast: Cast, officer: Client, placement: Placement) -> None:
    complete_titp_gate(placement, cast.lpk_officer)
    made = cohort(cast.ministry_officer, flight_date=datetime.date(2026, 6, 1), placements=(placement,))

    response = officer.post(f"/placements/cohorts/{made.pk}/depart/", {"version": made.version, "confirmed": "true"})

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert placement.participant.status == Status.DEPARTED


def test_it_says_who_blocked_the_departure_and_why(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, flight_date=datetime.date(2026, 6, 1), placements=(placement,))

    response = officer.post(f"/placements/cohorts/{made.pk}/depart/", {"version": made.version, "confirmed": "true"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nobody was marked departed: 1 participant cannot fly on 1 June 2026." in page
    [blocker] = response.context["blockers"]
    assert blocker.name == "Budi Santoso"
    assert "Certificate of Eligibility (COE): Not recorded yet." in blocker.reasons
    assert "Medical check valid on the flight date" in blocker.reasons  # named, without health details
    assert Placement.objects.get().status == PlacementStatus.PREPARING


def test_it_does_not_offer_departure_before_the_flight_date(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, placements=(placement,))

    response = officer.get(f"/placements/cohorts/{made.pk}/")

    assert made.flight_date == FLIGHT  # after the tests' today, 1 June
    assert not response.context["may_depart"]
    assert "A cohort is marked departed on its flight date" in response.content.decode()


def test_it_takes_someone_off(cast: Cast, officer: Client, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, placements=(placement,))

    response = officer.post(f"/placements/cohorts/{made.pk}/members/{placement.pk}/remove/")

    assert response.status_code == 302
    assert not CohortMember.objects.exists()


def test_it_changes_the_flight_with_the_version_it_showed(cast: Cast, officer: Client) -> None:
    made = cohort(cast.ministry_officer)
    form = officer.get(f"/placements/cohorts/{made.pk}/edit/").context["form"]

    response = officer.post(
        f"/placements/cohorts/{made.pk}/edit/",
        {
            **{name: form.initial[name] for name in ("flight_number", "route_from", "route_to")},
            "flight_date": "2026-06-21",
            "escort": "Bu Sari",
            "version": form.initial["version"],
        },
    )

    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.flight_date, made.escort) == (datetime.date(2026, 6, 21), "Bu Sari")
