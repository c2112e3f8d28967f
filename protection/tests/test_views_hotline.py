"""Staff record a call or a visit: the ministry, the embassy and LPK/SOs."""

from __future__ import annotations

import pytest
from django.test import Client

from placements.tests.duty_world import budi_at_work
from protection.models import Case, Category, Door
from tests.cast import Cast

pytestmark = pytest.mark.django_db

RECORDERS = {"ministry_admin", "ministry_officer", "lpk_officer", "other_lpk_officer", "embassy_officer"}


def _call(**extra: object) -> dict[str, object]:
    return {
        "door": Door.HOTLINE,
        "category": Category.WAGES,
        "severity": "normal",
        "language": "id",
        "description": "Penelepon bilang gajinya belum dibayar dua bulan.",
        **extra,
    }


def test_it_records_a_call_about_a_named_worker_with_their_placement(client: Client, cast: Cast) -> None:
    placement = budi_at_work(cast)
    client.force_login(cast.lpk_officer)
    spaced = " ".join(cast.budi.nik[i : i + 4] for i in range(0, 16, 4))
    response = client.post("/protection/record/", _call(nik=spaced))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.door, case.participant, case.company) == (Door.HOTLINE, cast.budi, placement.company)
    assert case.supervising_organization == placement.supervising_organization
    assert case.recorded_by == cast.lpk_officer
    # The LPK/SO handles its own worker's case: it lands on the case's page.
    assert response["Location"] == f"/protection/cases/{case.pk}/"


def test_it_records_a_visit_by_an_unnamed_worker_for_the_ministry(client: Client, cast: Cast) -> None:
    client.force_login(cast.embassy_officer)
    response = client.post(
        "/protection/record/", _call(door=Door.VISIT, company=cast.company.pk, reporter_name="Anonim")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.door, case.participant, case.company) == (Door.VISIT, None, cast.company)
    assert case.assigned_organization == cast.ministry
    # The embassy reads a case once it reaches the top of the chain: until then, the form for the next call.
    assert response["Location"] == "/protection/record/#top"


def test_it_refuses_a_nik_of_a_worker_the_recorder_does_not_see(client: Client, cast: Cast) -> None:
    client.force_login(cast.other_lpk_officer)  # siti's LPK/SO, not budi's
    response = client.post("/protection/record/", _call(nik=cast.budi.nik))
    assert response.status_code == 400
    assert "nik" in response.context["form"].errors
    assert not Case.objects.exists()


def test_it_refuses_the_anonymous_door_for_staff(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post("/protection/record/", _call(door=Door.ANONYMOUS))
    assert response.status_code == 400
    assert "door" in response.context["form"].errors


@pytest.mark.parametrize(
    "persona",
    [
        "ministry_admin",
        "ministry_viewer",
        "lpk_officer",
        "lpk_viewer",
        "embassy_officer",
        "company_officer",
        "supervising_officer",
        "participant_user",
        "outsider",
    ],
)
def test_it_opens_the_form_to_recorders_only(cast: Cast, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    expected = 200 if persona in RECORDERS else 404
    assert client.get("/protection/record/").status_code == expected
    posted = client.post("/protection/record/", _call())
    assert posted.status_code == (302 if persona in RECORDERS else 404)
    assert Case.objects.exists() == (persona in RECORDERS)
