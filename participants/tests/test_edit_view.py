"""Editing a participant: changes are audited field by field, and an edit based
on an outdated copy is refused instead of overwriting someone else's change."""

from __future__ import annotations

from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from tests.cast import Cast


def _edit_form(client: Client, participant: Participant) -> dict[str, str]:
    form = client.get(f"/participants/{participant.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else str(value) for name, value in data.items()}


def test_it_saves_changes_and_audits_before_and_after(client: Client, cast: Cast) -> None:
    client.force_login(cast.blk_officer)
    data = _edit_form(client, cast.budi)
    data.update(phone="+62 811 1111 2222", address="Jl. Baru 2")
    response = client.post(f"/participants/{cast.budi.pk}/edit/", data)
    assert response.status_code == 302
    cast.budi.refresh_from_db()
    assert cast.budi.phone == "+62 811 1111 2222"
    assert cast.budi.version == 2
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.UPDATED)
    assert entry.actor == cast.blk_officer
    assert entry.changes == {"phone": ["+62 812 0000 0001", "+62 811 1111 2222"], "address": ["•••", "•••"]}


def test_it_records_opening_the_edit_form_as_a_sensitive_read(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.get(f"/participants/{cast.budi.pk}/edit/")
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.VIEWED_SENSITIVE)
    assert entry.actor == cast.lpk_officer
    assert set(entry.changes) == {"nik", "address"}


def test_it_refuses_an_edit_made_on_an_outdated_copy(client: Client, cast: Cast) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the assertions read the English message
    client.force_login(cast.lpk_officer)
    first, second = _edit_form(client, cast.budi), _edit_form(client, cast.budi)
    first["phone"] = "111"
    second["phone"] = "222"
    assert client.post(f"/participants/{cast.budi.pk}/edit/", first).status_code == 302
    response = client.post(f"/participants/{cast.budi.pk}/edit/", second)
    assert response.status_code == 400
    assert "Someone else changed this participant" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["phone"].value() == "222"  # what was typed stays on screen
    cast.budi.refresh_from_db()
    assert cast.budi.phone == "111"


def test_it_refuses_changing_the_nik_to_anothers(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_officer)
    data = _edit_form(client, cast.budi)
    data.update(nik=cast.siti.nik, sex="F", birth_date=str(cast.siti.birth_date))
    response = client.post(f"/participants/{cast.budi.pk}/edit/", data)
    assert response.context["form"].has_error("nik", "duplicate")
    cast.budi.refresh_from_db()
    assert cast.budi.nik != cast.siti.nik


def test_it_writes_nothing_when_nothing_changed(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.post(f"/participants/{cast.budi.pk}/edit/", _edit_form(client, cast.budi))
    cast.budi.refresh_from_db()
    assert cast.budi.version == 1
    assert not AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.UPDATED).exists()
