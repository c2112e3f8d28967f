"""The gate's pages through the test client: the list of departures, one
placement's gate (the participant's own "before my flight"), and recording
an item, with bad input refused next to its field and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from placements.models import GateRecord, Placement
from placements.tests.gate_world import cohort, fit_until, preparing, record
from reference.models import GateItem
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return preparing(cast, japan)


def _client(user: object, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    client.cookies["django_language"] = language
    return client


def test_it_lists_the_lpks_candidates_with_what_is_still_open(cast: Cast, placement: Placement) -> None:
    response = _client(cast.lpk_officer).get("/placements/departures/")

    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.placement == placement
    assert "Certificate of Eligibility (COE)" in [item.label for item in row.open]
    assert "Medical check valid on the flight date" in [item.label for item in row.open]


def test_it_hides_the_medical_item_from_the_japanese_side(cast: Cast, placement: Placement) -> None:
    response = _client(cast.company_officer, "ja").get("/placements/departures/")

    [row] = response.context["rows"]
    assert "Medical check valid on the flight date" not in [item.label for item in row.open]
    assert row.hides_open


def test_it_shows_each_reader_only_the_items_they_record(cast: Cast, placement: Placement) -> None:
    lpk = _client(cast.lpk_officer).get(f"/placements/{placement.pk}/gate/")
    company = _client(cast.company_officer).get(f"/placements/{placement.pk}/gate/")

    assert {row.item for row in lpk.context["rows"] if row.record_url} == {
        GateItem.PLAN_CERTIFICATION,
        GateItem.COE,
        GateItem.VISA,
        GateItem.ORIENTATION,
        GateItem.INSURANCE,
        GateItem.FLIGHT,
    }
    assert {row.item for row in company.context["rows"] if row.record_url} == {
        GateItem.PLAN_CERTIFICATION,
        GateItem.COE,
    }
    assert [row.state for row in company.context["rows"] if row.item == GateItem.MEDICAL] == ["hidden"]


def test_it_records_each_showing_of_the_medical_item(cast: Cast, placement: Placement) -> None:
    _client(cast.lpk_officer).get(f"/placements/{placement.pk}/gate/")
    _client(cast.company_officer).get(f"/placements/{placement.pk}/gate/")

    viewed = AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE, target_id=str(placement.participant_id))
    assert [entry.actor for entry in viewed] == [cast.lpk_officer]


def test_it_tells_the_participant_what_they_still_need_and_their_flight(cast: Cast, placement: Placement) -> None:
    fit_until(placement.participant, datetime.date(2026, 12, 31), cast.lpk_officer)
    cohort(cast.ministry_officer, placements=(placement,))

    response = _client(cast.participant_user).get(f"/placements/{placement.pk}/gate/")

    assert response.status_code == 200
    assert response.templates[0].name == "placements/departure_mine.html"
    page = response.content.decode()
    assert "Flight GA 874, CGK → SDJ." in page
    assert "Pak Joko travels with you." in page
    assert "Your Certificate of Eligibility (COE)" in page
    assert "Medical check valid on the flight date" in page  # done: under "Already done"


def test_it_records_an_item_and_goes_back_to_the_gate(cast: Cast, placement: Placement) -> None:
    response = _client(cast.supervising_officer).post(
        f"/placements/{placement.pk}/gate/coe/",
        {"applied_on": "2026-03-01", "done_on": "2026-05-01", "number": "AB 1234 5678"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/placements/{placement.pk}/gate/#item-coe"
    record_ = GateRecord.objects.get()
    assert (record_.number, record_.valid_until, record_.recorded_by) == (
        "AB12345678",
        datetime.date(2026, 8, 1),
        cast.supervising_officer,
    )


def test_it_refuses_a_coe_number_in_the_wrong_format_keeping_what_was_typed(cast: Cast, placement: Placement) -> None:
    response = _client(cast.lpk_officer, "id").post(
        f"/placements/{placement.pk}/gate/coe/",
        {"applied_on": "2026-03-01", "done_on": "2026-05-01", "number": "AB12X45678"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["number"]
    assert 'value="AB12X45678"' in response.content.decode()
    assert 'value="2026-03-01"' in response.content.decode()
    assert not GateRecord.objects.exists()


def test_it_refuses_a_flight_before_the_coes_issue_at_the_field(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.COE,
        cast.lpk_officer,
        applied_on=datetime.date(2026, 3, 1),
        done_on=datetime.date(2026, 5, 31),
        number="AB12345678",
    )

    response = _client(cast.lpk_officer).post(
        f"/placements/{placement.pk}/gate/flight/",
        {"done_on": "2026-05-25", "flight_number": "GA 874", "route_from": "CGK", "route_to": "SDJ"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"done_on": ["The flight date is before the COE's issue (31 May 2026)."]}
    assert not GateRecord.objects.filter(item=GateItem.FLIGHT).exists()


def test_it_offers_the_current_record_to_complete(cast: Cast, placement: Placement) -> None:
    record(placement, GateItem.COE, cast.lpk_officer, applied_on=datetime.date(2026, 3, 1))

    response = _client(cast.lpk_officer).get(f"/placements/{placement.pk}/gate/coe/")

    assert response.context["form"].initial == {
        "applied_on": datetime.date(2026, 3, 1),
        "done_on": None,
        "number": "",
    }


@pytest.mark.parametrize(
    ("persona", "item"),
    [
        ("company_officer", "visa"),
        ("blk_officer", "coe"),
        ("lpk_viewer", "coe"),
        ("lpk_officer", "medical"),
        ("lpk_officer", "boat"),
    ],
)
def test_it_answers_404_to_whoever_may_not_record_the_item(
    cast: Cast, placement: Placement, persona: str, item: str
) -> None:
    response = _client(getattr(cast, persona)).post(
        f"/placements/{placement.pk}/gate/{item}/", {"done_on": "2026-05-01"}
    )

    assert response.status_code == 404
    assert not GateRecord.objects.exists()


def test_it_marks_the_items_the_reader_records_in_the_list(cast: Cast, placement: Placement) -> None:
    company = _client(cast.company_officer).get("/placements/departures/")
    lpk = _client(cast.lpk_officer).get("/placements/departures/")

    [row] = company.context["rows"]
    assert {item.label for item in row.open if item.yours} == {
        "Technical intern training plan certified (OTIT)",
        "Certificate of Eligibility (COE)",
    }
    [row] = lpk.context["rows"]
    # The medical check is recorded as a health check, not on the gate.
    assert [item.label for item in row.open if not item.yours] == ["Medical check valid on the flight date"]
