"""The incidents page of a placement."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from joborders.tests.world import TODAY, Japan
from protection.models import Incident, IncidentKind
from protection.tests.world import InJapan, in_japan
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast, japan: Japan) -> InJapan:
    return in_japan(cast, japan)


def _url(world: InJapan) -> str:
    return f"/protection/placements/{world.budi.pk}/incidents/"


def _accident(**values: str) -> dict[str, str]:
    return {
        "kind": IncidentKind.ACCIDENT_AT_WORK,
        "occurred_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "description": "Tangan terluka.",
        "in_hospital": "true",
        **values,
    }


def test_it_records_an_incident_and_tells_by_e_mail(
    client: Client, cast: Cast, world: InJapan, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.supervising_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(world), _accident())
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.in_hospital is True
    assert mail.outbox
    page = client.get(_url(world))
    assert b"Tangan terluka." in page.content


def test_it_refuses_a_future_day_next_to_the_field(client: Client, cast: Cast, world: InJapan) -> None:
    client.force_login(cast.company_officer)
    response = client.post(_url(world), _accident(occurred_on=(TODAY + datetime.timedelta(days=3)).isoformat()))
    assert response.status_code == 400
    assert "occurred_on" in response.context["form"].errors
    assert not Incident.objects.exists()


@pytest.mark.parametrize("persona", ["lpk_officer", "embassy_officer", "ministry_viewer", "participant_user"])
def test_it_lets_only_those_who_record_endings_record_incidents(
    client: Client, cast: Cast, world: InJapan, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    assert client.post(_url(world), _accident()).status_code == 404
    assert not Incident.objects.exists()


def test_it_links_the_incidents_from_the_placements_moves_page(client: Client, cast: Cast, world: InJapan) -> None:
    client.force_login(cast.supervising_officer)
    response = client.get(f"/placements/{world.budi.pk}/moves/")
    assert _url(world).encode() in response.content


def test_it_shows_the_workers_lpk_the_incidents_without_the_form_and_refuses_its_post(
    client: Client, cast: Cast, world: InJapan
) -> None:
    client.force_login(cast.supervising_officer)
    client.post(_url(world), _accident())
    client.force_login(cast.lpk_officer)  # Budi's LPK/SO: reads his placement, records none of its endings
    page = client.get(_url(world))
    assert page.status_code == 200
    assert b"Tangan terluka." in page.content
    assert page.context["form"] is None
    assert client.post(_url(world), _accident(description="Lagi.")).status_code == 404
    assert Incident.objects.count() == 1
