"""Audit rows written for records created in bulk: the same entry,
field for field, as the one-by-one path (``changed_fields`` against nothing,
sensitive values masked) would write for the records as they are stored."""

from __future__ import annotations

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction

from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from audit.tests.tamper import unprotected
from participants.actions import DETAIL_FIELDS
from participants.models import SENSITIVE_FIELDS, Participant
from tests.cast import Cast


def test_each_created_record_gets_the_entry_the_one_by_one_path_writes(cast: Cast) -> None:
    # Text JSON must escape, an empty field that is left out, an empty text that is kept.
    Participant.objects.filter(pk=cast.budi.pk).update(
        full_name='Budi "Si Bos" \\ 100%\n\u2028', address="", vocational_programme=None, phone=""
    )
    Participant.objects.filter(pk=cast.siti.pk).update(name_katakana="シティ・ヌルハリザ", full_name="x" * 200)
    budi, siti = Participant.objects.get(pk=cast.budi.pk), Participant.objects.get(pk=cast.siti.pk)

    with transaction.atomic():
        audit.record_creations(
            actor=cast.lpk_officer,
            model=Participant,
            ids=[siti.pk, budi.pk],
            fields=DETAIL_FIELDS,
            sensitive=SENSITIVE_FIELDS,
            repr_field="full_name",
        )

    for participant in (budi, siti):
        entry = AuditEntry.objects.for_object(participant).filter(action=AuditAction.CREATED).latest("pk")
        assert entry.changes == audit.changed_fields(
            {}, audit.snapshot(participant, DETAIL_FIELDS), sensitive=SENSITIVE_FIELDS
        )
        assert (entry.actor, entry.target_repr) == (cast.lpk_officer, str(participant)[:200])
    assert "vocational_programme" not in AuditEntry.objects.for_object(budi).latest("pk").changes


def test_records_not_there_get_no_entry(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    with transaction.atomic():
        audit.record_creations(
            actor=None, model=Participant, ids=[cast.budi.pk + 10_000], fields=["full_name"], repr_field="full_name"
        )

    assert AuditEntry.objects.count() == before


def test_a_time_is_written_as_the_one_by_one_path_writes_it(cast: Cast) -> None:
    with transaction.atomic():
        audit.record_creations(
            actor=None, model=Participant, ids=[cast.budi.pk], fields=["status_changed_at"], repr_field="full_name"
        )

    entry = AuditEntry.objects.for_object(cast.budi).latest("pk")
    budi = Participant.objects.get(pk=cast.budi.pk)
    assert entry.changes == audit.changed_fields({}, audit.snapshot(budi, ["status_changed_at"]))


def test_a_date_is_written_as_the_one_by_one_path_writes_it(cast: Cast) -> None:
    Participant.objects.filter(pk=cast.budi.pk).update(birth_date=datetime.date(2002, 5, 7))
    with transaction.atomic():
        audit.record_creations(
            actor=None, model=Participant, ids=[cast.budi.pk], fields=["birth_date"], repr_field="full_name"
        )

    entry = AuditEntry.objects.for_object(cast.budi).latest("pk")
    assert entry.changes == {"birth_date": [None, "2002-05-07"]}


# --- sealed fields never reach the log in plain (nor sealed) ----------------------


@pytest.mark.parametrize(
    ("changes", "kept"),
    [
        ({"address": ["Jl. Lama 1", "Jl. Baru 2"]}, {"address": [audit.MASKED, audit.MASKED]}),
        ({"nik": [None, "3216011705020001"], "phone": ["1", "2"]}, {"nik": [audit.MASKED, audit.MASKED]}),
        ({"address": "Jl. Baru 2"}, {"address": audit.MASKED}),
        ({"nik": None, "address": None}, {"nik": None, "address": None}),  # a view names the fields only
    ],
)
def test_it_masks_the_values_of_sealed_fields_whoever_passes_them(
    cast: Cast, changes: dict[str, object], kept: dict[str, object]
) -> None:
    entry = audit.record(actor=cast.lpk_officer, action=AuditAction.UPDATED, target=cast.budi, changes=changes)

    stored = AuditEntry.objects.get(pk=entry.pk).changes
    assert {name: stored[name] for name in kept} == kept
    assert set(stored) == set(changes)
    assert "Jl." not in str(stored)
    assert "3216011705020001" not in str(stored)


def test_it_masks_sealed_fields_in_entries_written_in_bulk(cast: Cast) -> None:
    targets = [audit.TargetChanges(cast.budi.pk, "Budi", {"address": ["Jl. Lama 1", "Jl. Baru 2"]})]
    with transaction.atomic():
        audit.record_for_each(actor=None, action=AuditAction.UPDATED, model=Participant, targets=targets)
        audit.record_creations(
            actor=None, model=Participant, ids=[cast.siti.pk], fields=DETAIL_FIELDS, repr_field="full_name"
        )

    updated = AuditEntry.objects.for_object(cast.budi).latest("pk").changes
    created = AuditEntry.objects.for_object(cast.siti).filter(action=AuditAction.CREATED).latest("pk").changes
    assert updated == {"address": [audit.MASKED, audit.MASKED]}
    assert created["nik"] == created["address"] == [audit.MASKED, audit.MASKED]
    assert created["full_name"] == [None, cast.siti.full_name]


def test_it_redacts_entries_written_before_encryption(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    redaction = importlib.import_module("audit.migrations.0003_redact_sealed_values")
    old = [
        AuditEntry.objects.create(
            action=AuditAction.UPDATED,
            target_type="participants.participant",
            target_id=str(cast.budi.pk),
            changes={"address": ["Jl. Lama 1", "Jl. Baru 2"], "phone": ["1", "2"]},
        ),
        AuditEntry.objects.create(
            action=AuditAction.CREATED,
            target_type="protection.note",
            target_id="1",
            changes={"text": [None, "Gaji tidak dibayar"], "case": [None, 1]},
        ),
        AuditEntry.objects.create(
            action=AuditAction.UPDATED, target_type="accounts.user", target_id="1", changes={"text": ["a", "b"]}
        ),
    ]
    monkeypatch.setattr(redaction, "BATCH", 1)  # several batches, as on a large table

    # The redaction runs before the entries are chained and made append-only (audit 0003 → 0005).
    with unprotected():
        redaction.redact(django_apps, SimpleNamespace(connection=connection))

    budi, note, other = (AuditEntry.objects.get(pk=entry.pk).changes for entry in old)
    assert budi == {"address": [audit.MASKED, audit.MASKED], "phone": ["1", "2"]}
    assert note == {"text": [audit.MASKED, audit.MASKED], "case": [None, 1]}
    assert other == {"text": ["a", "b"]}  # not a sealed field of that record type
