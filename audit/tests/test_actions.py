"""Audit rows written for records created in bulk: the same entry,
field for field, as the one-by-one path (``changed_fields`` against nothing,
sensitive values masked) would write for the records as they are stored."""

from __future__ import annotations

import datetime

from django.db import transaction

from audit import actions as audit
from audit.models import AuditAction, AuditEntry
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
