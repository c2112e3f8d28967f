from __future__ import annotations

from django.test import Client
from django.utils import translation

from audit.models import AuditAction, field_label, model_of
from participants import actions
from participants.models import Status
from tests.cast import Cast


def test_it_shows_ministry_admins_every_change_and_viewing(client: Client, cast: Cast) -> None:
    actions.change_status(participant_id=cast.budi.pk, to=Status.IN_TRAINING, by=cast.blk_officer)
    client.force_login(cast.ministry_admin)
    rows = client.get("/audit/").context["rows"]
    assert rows[0].entry.action == AuditAction.STATUS_CHANGED
    assert rows[0].entry.actor == cast.blk_officer
    assert [(c.field, c.before, c.after) for c in rows[0].changes] == [("status", "registered", "in_training")]


def test_it_filters_to_one_record_and_one_user(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_admin)
    rows = client.get("/audit/", {"type": "participants.participant", "id": str(cast.siti.pk)}).context["rows"]
    assert rows
    assert {row.entry.target_id for row in rows} == {str(cast.siti.pk)}
    rows = client.get("/audit/", {"actor": "lpk_officer"}).context["rows"]
    assert {row.entry.actor for row in rows} == {cast.lpk_officer}


def test_it_names_the_record_and_its_fields_in_the_readers_language(client: Client, cast: Cast) -> None:
    actions.change_status(participant_id=cast.budi.pk, to=Status.IN_TRAINING, by=cast.blk_officer)
    client.force_login(cast.ministry_admin)  # reads Indonesian, the default

    response = client.get("/audit/", {"type": "participants.participant", "id": str(cast.budi.pk)})

    row = response.context["rows"][0]
    assert [change.label for change in row.changes] == ["status"]
    assert row.entry.target_label == "peserta"
    assert f"peserta #{cast.budi.pk}</span>" in response.content.decode()


def test_it_labels_a_related_list_and_keeps_a_name_that_is_no_field() -> None:
    participant = model_of("participants.participant")

    with translation.override("id"):
        assert field_label(participant, "address") == "alamat"
        assert field_label(participant, "health_checks") == "pemeriksaan kesehatan"
        assert field_label(participant, "documents.identity_card") == "documents.identity_card"
        assert field_label(model_of("gone.model"), "address") == "address"
