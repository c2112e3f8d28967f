"""The pages of the breach register: who reaches them, and each form's
success and refusal, with nothing saved when refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from breaches.models import Breach, BreachNotification, BreachStatus
from breaches.tests.world import STORY, a_breach, told_everyone
from tests.cast import PERSONAS, Cast

pytestmark = pytest.mark.django_db
MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}
READERS_ONLY = {"ministry_viewer", "lpk_viewer", "participant_user", "outsider"}


def _when(delta: datetime.timedelta) -> str:
    return timezone.localtime(timezone.now() + delta).strftime("%Y-%m-%dT%H:%M")


def _report(cast: Cast, **values: Any) -> dict[str, Any]:
    return {
        "organization": cast.lpk.pk,
        "title": "Daftar peserta terkirim ke alamat salah",
        "description": STORY,
        "measures": "",
        "found_at": _when(-datetime.timedelta(hours=2)),
        "occurred_at": "",
        "subjects_count": "38",
        "data_kinds": ["identity", "contact"],
        "organizations": [cast.lpk.pk],
        **values,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_register_to_the_ministry_only(client: Client, cast: Cast, persona: str) -> None:
    breach = a_breach(cast)
    client.force_login(getattr(cast, persona))
    expected = 200 if persona in MINISTRY else 404
    assert client.get("/breaches/").status_code == expected
    assert client.get(f"/breaches/{breach.pk}/").status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_anyone_who_writes_for_an_organization_report(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get("/breaches/report/").status_code == (404 if persona in READERS_ONLY else 200)


def test_it_sends_a_visitor_to_the_login(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    for url in ("/breaches/", "/breaches/report/", f"/breaches/{breach.pk}/"):
        assert client.get(url).status_code == 302


def test_it_takes_a_report_from_an_lpk_and_tells_the_ministry(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.lpk_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/breaches/report/", _report(cast))
    assert response.status_code == 302
    assert response["Location"] == "/#top"
    breach = Breach.objects.get()
    assert breach.status == BreachStatus.SUSPECTED
    assert breach.reporting_organization == cast.lpk
    assert breach.subjects_count == 38
    assert mail.outbox[0].bcc == [cast.ministry_admin.email]


def test_it_offers_an_lpk_only_its_own_organization(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post("/breaches/report/", _report(cast, organization=cast.other_lpk.pk))
    assert response.status_code == 400
    assert "organization" in response.context["form"].errors
    response = client.post("/breaches/report/", _report(cast, organizations=[cast.other_lpk.pk]))
    assert "organizations" in response.context["form"].errors
    assert not Breach.objects.exists()


def test_it_opens_the_breach_the_ministry_reported(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_officer)
    response = client.post("/breaches/report/", _report(cast, organization=cast.ministry.pk))
    breach = Breach.objects.get()
    assert response["Location"] == f"/breaches/{breach.pk}/#top"
    assert breach.status == BreachStatus.CONFIRMED


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"found_at": _when(datetime.timedelta(hours=3))}, "found_at"),
        ({"occurred_at": _when(-datetime.timedelta(hours=1))}, "occurred_at"),
        ({"data_kinds": []}, "data_kinds"),
        ({"subjects_count": "0"}, "subjects_count"),
        ({"found_at": "kemarin"}, "found_at"),
    ],
)
def test_it_refuses_a_report_next_to_the_field_and_keeps_what_was_typed(
    client: Client, cast: Cast, values: dict[str, Any], field: str
) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post("/breaches/report/", _report(cast, **values))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert STORY in response.content.decode()
    assert not Breach.objects.exists()


def test_it_shows_the_clock_and_who_is_still_to_be_told(client: Client, cast: Cast) -> None:
    breach = a_breach(cast, found_at=timezone.now() - datetime.timedelta(hours=10, minutes=5))
    client.cookies["django_language"] = "en"
    client.force_login(cast.ministry_viewer)
    page = client.get(f"/breaches/{breach.pk}/").content.decode()
    assert "61 hours left" in page
    assert STORY in page
    assert "not told yet" in page
    # A viewer reads the breach but records nothing on it.
    assert 'action="/breaches/' not in page
    listing = client.get("/breaches/").content.decode()
    assert f"/breaches/{breach.pk}/" in listing
    assert "61 hours left" in listing


def _notice(**values: Any) -> dict[str, Any]:
    return {
        "audience": "authority",
        "told_at": _when(-datetime.timedelta(minutes=10)),
        "channel": "letter",
        "recipients": "Lembaga PDP",
        "reference": "B-7/2026",
        **values,
    }


def test_it_records_who_was_told(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    client.force_login(cast.ministry_officer)
    response = client.post(f"/breaches/{breach.pk}/notifications/", _notice())
    assert response.status_code == 302
    notification = BreachNotification.objects.get()
    assert notification.audience == "authority"
    assert notification.recorded_by == cast.ministry_officer


def test_it_refuses_a_notice_before_the_breach_was_found_at_the_form(client: Client, cast: Cast) -> None:
    breach = a_breach(cast, found_at=timezone.now() - datetime.timedelta(hours=1))
    client.force_login(cast.ministry_officer)
    response = client.post(
        f"/breaches/{breach.pk}/notifications/", _notice(told_at=_when(-datetime.timedelta(hours=5)))
    )
    assert response.status_code == 400
    assert "told_at" in response.context["notify_form"].errors
    assert not BreachNotification.objects.exists()


def test_it_answers_a_refusal_in_place_for_htmx(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    client.force_login(cast.ministry_officer)
    response = client.post(f"/breaches/{breach.pk}/notifications/", _notice(recipients=""), HTTP_HX_REQUEST="true")
    assert response.status_code == 422


def test_it_confirms_then_closes_a_breach_once_everyone_was_told(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    client.force_login(cast.ministry_admin)
    assert client.post(f"/breaches/{breach.pk}/status/", {"to": "confirmed"}).status_code == 302
    refused = client.post(f"/breaches/{breach.pk}/status/", {"to": "closed", "outcome": "Selesai."})
    assert refused.status_code == 400
    assert refused.context["outcome_form"].non_field_errors()
    told_everyone(cast, breach)
    assert client.post(f"/breaches/{breach.pk}/status/", {"to": "closed", "outcome": "Selesai."}).status_code == 302
    breach.refresh_from_db()
    assert breach.status == BreachStatus.CLOSED
    assert breach.outcome == "Selesai."
    assert "/status/" not in client.get(f"/breaches/{breach.pk}/").content.decode()


def test_it_refuses_an_unknown_move(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    client.force_login(cast.ministry_admin)
    assert client.post(f"/breaches/{breach.pk}/status/", {"to": "deleted"}).status_code == 400
    assert Breach.objects.get().status == BreachStatus.SUSPECTED


@pytest.mark.parametrize("persona", ["ministry_viewer", "lpk_officer", "embassy_officer", "outsider"])
def test_it_answers_404_to_a_post_by_someone_who_may_not_steer(client: Client, cast: Cast, persona: str) -> None:
    breach = a_breach(cast)
    client.force_login(getattr(cast, persona))
    assert client.post(f"/breaches/{breach.pk}/notifications/", _notice()).status_code == 404
    assert client.post(f"/breaches/{breach.pk}/status/", {"to": "dismissed", "outcome": "x"}).status_code == 404
    assert not BreachNotification.objects.exists()
    assert Breach.objects.get().status == BreachStatus.SUSPECTED


def test_it_refuses_get_on_the_forms_that_only_post(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    client.force_login(cast.ministry_admin)
    assert client.get(f"/breaches/{breach.pk}/notifications/").status_code == 405
    assert client.get(f"/breaches/{breach.pk}/status/").status_code == 405
