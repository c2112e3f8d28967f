"""The sending programme a participant is on: chosen on the form among the
programmes open for newcomers, shown on the page, and audited like every
other detail."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from reference.models import SendingProgramme, Track
from tests.cast import Cast


@pytest.fixture
def titp(db: None) -> SendingProgramme:
    return SendingProgramme.objects.create(code="titp", name="Kemnaker TITP", track=Track.TITP)


@pytest.fixture
def closed(db: None) -> SendingProgramme:
    return SendingProgramme.objects.create(code="old", name="Old G to G", track=Track.TITP, is_active=False)


def _edit_form(client: Client, participant: Participant) -> dict[str, str]:
    form = client.get(f"/participants/{participant.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else str(value) for name, value in data.items()}


def test_the_form_offers_the_programmes_open_for_newcomers(
    client: Client, cast: Cast, titp: SendingProgramme, closed: SendingProgramme
) -> None:
    client.force_login(cast.lpk_officer)
    field = client.get("/participants/new/").context["form"].fields["sending_programme"]
    assert list(field.queryset) == [titp]
    assert not field.required


def test_a_participant_keeps_a_programme_that_has_since_closed(
    client: Client, cast: Cast, titp: SendingProgramme, closed: SendingProgramme
) -> None:
    Participant.objects.filter(pk=cast.budi.pk).update(sending_programme=closed)
    client.force_login(cast.lpk_officer)
    data = _edit_form(client, cast.budi)
    assert data["sending_programme"] == str(closed.pk)
    data["phone"] = "+62 811 0000 9999"
    assert client.post(f"/participants/{cast.budi.pk}/edit/", data).status_code == 302
    cast.budi.refresh_from_db()
    assert cast.budi.sending_programme == closed


def test_choosing_a_programme_is_saved_audited_and_shown(client: Client, cast: Cast, titp: SendingProgramme) -> None:
    client.force_login(cast.lpk_officer)
    data = _edit_form(client, cast.budi)
    data["sending_programme"] = str(titp.pk)
    assert client.post(f"/participants/{cast.budi.pk}/edit/", data).status_code == 302
    cast.budi.refresh_from_db()
    assert cast.budi.sending_programme == titp
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.UPDATED)
    assert entry.changes == {"sending_programme": [None, titp.pk]}
    assert "Kemnaker TITP" in client.get(f"/participants/{cast.budi.pk}/").content.decode()


def test_a_closed_programme_cannot_be_chosen(client: Client, cast: Cast, closed: SendingProgramme) -> None:
    client.force_login(cast.lpk_officer)
    data = _edit_form(client, cast.budi)
    data["sending_programme"] = str(closed.pk)
    response = client.post(f"/participants/{cast.budi.pk}/edit/", data)
    assert response.status_code == 400
    assert "sending_programme" in response.context["form"].errors
