"""Inserting rows without model instances: what bulk_create would store,
fields left out taking their defaults, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection, transaction

from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import (
    MAX_VALUES,
    in_list,
    insert_for_each,
    insert_objects,
    insert_rows,
    one_of,
    reserve_ids,
    roomy_cache,
)
from lib.encrypted import blind_index
from participants.models import Document, PossibleDuplicate, Status, StatusChange
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


def test_reserved_ids_are_new_and_never_given_to_another_row(cast: Cast) -> None:
    largest = StatusChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        reserved = reserve_ids(StatusChange, 3)
        insert_rows(
            StatusChange,
            fields=("id", "participant_id", "to_status"),
            rows=[(pk, cast.budi.pk, Status.IN_TRAINING) for pk in reserved],
        )
    after = StatusChange.objects.create(participant=cast.budi, to_status=Status.WITHDRAWN)

    assert len(set(reserved)) == 3
    assert min(reserved) > largest
    assert after.pk > max(reserved)
    assert StatusChange.objects.filter(pk__in=reserved, to_status=Status.IN_TRAINING).count() == 3


def test_a_key_of_a_deleted_row_is_not_reserved_again(cast: Cast) -> None:
    with transaction.atomic():
        (first,) = reserve_ids(StatusChange, 1)
        insert_rows(StatusChange, fields=("id", "participant_id", "to_status"), rows=[(first, cast.budi.pk, "ready")])
    StatusChange.objects.filter(pk=first).delete()

    with transaction.atomic():
        (second,) = reserve_ids(StatusChange, 1)

    # Audit rows name records by key: a new record must not inherit a deleted one's.
    assert second > first
    assert reserve_ids(StatusChange, 0) == []


def test_insert_for_each_writes_what_insert_rows_writes_for_the_rows_that_exist(cast: Cast) -> None:
    missing = max(cast.budi.pk, cast.siti.pk) + 1000
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        insert_for_each(
            StatusChange,
            field="participant",
            ids=[cast.siti.pk, missing, cast.budi.pk],
            same_for_all={"to_status": Status.READY, "changed_by_id": cast.lpk_officer.pk},
        )

    written = StatusChange.objects.filter(changed_at=NOW).order_by("pk")
    assert [(c.participant_id, c.from_status, c.reason, c.changed_by, c.changed_at) for c in written] == [
        (pk, "", "", cast.lpk_officer, NOW) for pk in sorted([cast.budi.pk, cast.siti.pk])
    ]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_one_of_matches_exactly_the_given_values(cast: Cast, count: int) -> None:
    # The NIK's blind index: what an import looks participants up by.
    wanted = [blind_index(nik) for nik in (cast.budi.nik, cast.siti.nik, "0000000000000000")][:count]
    condition, params = one_of(connection.ops.quote_name("nik_index"), wanted, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nik_index FROM participants_participant WHERE {condition}", params)  # noqa: S608
        found = {index for (index,) in cursor.fetchall()}

    assert found == {blind_index(cast.budi.nik), blind_index(cast.siti.nik)} & set(wanted)


def test_a_list_longer_than_sqlite_takes_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        in_list("id", list(range(MAX_VALUES + 1)))


def test_roomy_cache_goes_back_to_the_cache_the_connection_had(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's buffers are the server's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        with roomy_cache(mebibytes=8):
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone() == (-8 * 1024,)
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone() == (before,)


def test_keys_are_reserved_in_a_table_that_never_had_a_row(cast: Cast) -> None:
    assert not PossibleDuplicate.objects.exists()
    with transaction.atomic():
        reserved = reserve_ids(PossibleDuplicate, 2)
    flag = PossibleDuplicate.objects.create(participant=cast.siti, other=cast.budi)

    assert len(set(reserved)) == 2
    assert flag.pk > max(reserved)
