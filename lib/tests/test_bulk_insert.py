"""Inserting rows without model instances: what bulk_create would store,
fields left out taking their defaults, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime

import time_machine
from django.db import transaction

from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import insert_objects, insert_rows
from participants.models import Document, Status, StatusChange
from reference.models import DocumentKind
from tests.cast import Cast

NOW = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)


def test_fields_left_out_take_their_defaults_and_shared_values_go_to_every_row(cast: Cast) -> None:
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        insert_rows(
            StatusChange,
            fields=("participant_id", "to_status"),
            rows=[(cast.budi.pk, Status.IN_TRAINING), (cast.siti.pk, Status.WITHDRAWN)],
            same_for_all={"changed_by_id": cast.lpk_officer.pk},
        )

    written = StatusChange.objects.filter(changed_at=NOW).order_by("to_status")
    assert [(c.participant, c.to_status, c.from_status, c.reason, c.changed_by) for c in written] == [
        (cast.budi, Status.IN_TRAINING, "", "", cast.lpk_officer),
        (cast.siti, Status.WITHDRAWN, "", "", cast.lpk_officer),
    ]


def test_dates_and_json_text_read_back_as_the_orm_writes_them(cast: Cast) -> None:
    with transaction.atomic():
        insert_rows(
            AuditEntry,
            fields=("target_id", "target_repr", "changes"),
            rows=[("1", "Budi", '{"birth_place": ["Bekasi", "Bogor"], "nik": ["•••", "•••"]}')],
            same_for_all={"action": AuditAction.UPDATED, "target_type": "participants.participant"},
        )
        insert_rows(
            StatusChange,
            fields=("participant_id", "to_status", "changed_at"),
            rows=[(cast.budi.pk, Status.IN_TRAINING, NOW)],
        )

    entry = AuditEntry.objects.get(target_repr="Budi", target_id="1")
    assert entry.changes == {"birth_place": ["Bekasi", "Bogor"], "nik": ["•••", "•••"]}
    assert StatusChange.objects.filter(participant=cast.budi, changed_at=NOW).exists()


def test_insert_objects_writes_instances_as_bulk_create_would(cast: Cast) -> None:
    documents = [
        Document(
            participant=cast.budi,
            kind=DocumentKind.TRAINING_CERTIFICATE,
            file=f"documents/{n}.png",
            original_name=f"photo-{n}.png",
            content_type="image/png",
            size=10 + n,
            sha256="0" * 64,
        )
        for n in range(2)
    ]

    insert_objects(Document, documents[:1])
    Document.objects.bulk_create(documents[1:])

    ours, django = Document.objects.order_by("size")
    same = [
        f.attname
        for f in Document._meta.concrete_fields
        if f.name not in {"id", "file", "original_name", "size", "uploaded_at"}
    ]
    assert [getattr(ours, name) for name in same] == [getattr(django, name) for name in same]
    assert (ours.file.name, ours.size) == ("documents/0.png", 10)
    assert ours.uploaded_at is not None
