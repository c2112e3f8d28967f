"""lib.encrypted: sealed model fields, their blind index, and resealing rows
already written (the data migrations and key rotation)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import override_settings

from lib import crypto
from lib.bulk_insert import insert_rows
from lib.encrypted import (
    Columns,
    NotSearchable,
    blind_index,
    keyring,
    pending,
    reseal,
    reseal_batch,
    sealed_tables,
)
from participants.models import HealthCheck, Participant
from participants.tests.records import health_check
from tests.cast import Cast, details
from tests.nik import make_nik

pytestmark = pytest.mark.django_db

PARTICIPANTS = Columns("participants_participant", ("nik", "address"), index={"nik_index": "nik"})
NEW_KEY = crypto.new_key()


def stored(pk: int, *columns: str, table: str = "participants_participant") -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        row = cursor.fetchone()
    assert row is not None
    return tuple(row)


def write(pk: int, table: str = "participants_participant", **values: str) -> None:
    assignments = ", ".join(f"{name} = %s" for name in values)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*values.values(), pk])  # noqa: S608


@pytest.fixture
def rotated(settings: object) -> Iterator[str]:
    """A new key put first, the old one kept to open what it sealed."""
    old = keyring().current_id
    from django.conf import settings as live  # noqa: PLC0415

    with override_settings(FIELD_ENCRYPTION_KEYS=f"{NEW_KEY},{live.FIELD_ENCRYPTION_KEYS}"):
        yield old


def test_it_keeps_only_sealed_values_in_the_database(cast: Cast) -> None:
    nik, address = stored(cast.budi.pk, "nik", "address")
    assert isinstance(nik, str)
    assert isinstance(address, str)
    assert crypto.is_sealed(nik)
    assert crypto.is_sealed(address)
    assert cast.budi.nik not in nik
    assert "Merdeka" not in address


def test_it_reads_the_plain_values_back(cast: Cast) -> None:
    again = Participant.objects.get(pk=cast.budi.pk)
    assert again.nik == cast.budi.nik
    assert again.address == "Jl. Merdeka 1, Bekasi"
    assert Participant.objects.filter(pk=cast.budi.pk).values_list("nik", flat=True).get() == cast.budi.nik


def test_it_keeps_an_empty_value_empty(cast: Cast) -> None:
    Participant.objects.filter(pk=cast.budi.pk).update(address="")
    assert stored(cast.budi.pk, "address") == ("",)
    assert Participant.objects.filter(address="").filter(pk=cast.budi.pk).exists()


@pytest.mark.parametrize("lookup", ["nik", "nik__in", "address__icontains", "nik__startswith"])
def test_it_refuses_a_lookup_by_a_sealed_value(cast: Cast, lookup: str) -> None:
    value: object = [cast.budi.nik] if lookup.endswith("__in") else cast.budi.nik
    with pytest.raises(NotSearchable, match="blind index"):
        list(Participant.objects.filter(**{lookup: value}))


def test_it_finds_a_participant_by_the_blind_index_of_the_nik(cast: Cast) -> None:
    assert stored(cast.budi.pk, "nik_index") == (blind_index(cast.budi.nik),)
    assert list(Participant.objects.with_nik(cast.budi.nik)) == [cast.budi]
    assert set(Participant.objects.with_niks([cast.budi.nik, cast.siti.nik])) == {cast.budi, cast.siti}
    assert not Participant.objects.with_nik(make_nik(cast.budi.birth_date, serial=9876)).exists()


def test_it_keeps_the_index_in_step_when_the_nik_changes(cast: Cast) -> None:
    corrected = make_nik(cast.budi.birth_date, serial=4321)
    cast.budi.nik = corrected
    cast.budi.save(update_fields=["nik"])
    assert stored(cast.budi.pk, "nik_index") == (blind_index(corrected),)
    assert Participant.objects.with_nik(corrected).get() == cast.budi


def test_it_seals_and_indexes_rows_inserted_in_bulk(cast: Cast) -> None:
    template = Participant.objects.get(pk=cast.budi.pk)
    nik = make_nik(template.birth_date, serial=5555)
    made = Participant(**{**details(cast).__dict__, "nik": nik, "address": "Gang Mawar 3"})
    Participant.objects.bulk_create([made])
    assert Participant.objects.with_nik(nik).get().address == "Gang Mawar 3"
    other = make_nik(template.birth_date, serial=6666)
    fields = ("full_name", "nik", "sex", "birth_date", "province_id", "address", "training_centre_id")
    row = ("Ani", other, "M", template.birth_date, template.province_id, "Gang Melati 4", template.training_centre_id)
    insert_rows(Participant, fields=fields, rows=[row])
    inserted = Participant.objects.with_nik(other).get()
    sealed_nik, sealed_address = stored(inserted.pk, "nik", "address")
    assert crypto.is_sealed(str(sealed_nik))
    assert crypto.is_sealed(str(sealed_address))
    assert inserted.address == "Gang Melati 4"


def test_it_refuses_a_second_participant_with_the_same_nik(cast: Cast) -> None:
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    twin = Participant(**{**details(cast).__dict__, "nik": cast.budi.nik})
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_it_seals_plain_values_written_before_encryption(cast: Cast) -> None:
    write(cast.budi.pk, nik=cast.budi.nik, address="Jl. Lama 7", nik_index="")
    assert pending(PARTICIPANTS) == 1
    assert reseal(PARTICIPANTS, batch=1) == 1
    again = Participant.objects.get(pk=cast.budi.pk)
    assert (again.nik, again.address) == (cast.budi.nik, "Jl. Lama 7")
    assert stored(cast.budi.pk, "nik_index") == (blind_index(cast.budi.nik),)
    assert pending(PARTICIPANTS) == 0
    assert reseal(PARTICIPANTS) == 0  # a second run finds nothing to do


def test_it_reseals_with_the_newest_key_in_batches_where_it_stopped(cast: Cast, rotated: str) -> None:
    before = {pk: stored(pk, "nik", "address") for pk in (cast.budi.pk, cast.siti.pk)}
    assert pending(PARTICIPANTS) == 2
    first, written = reseal_batch(PARTICIPANTS, after=-1, batch=1)
    assert written == 1
    assert pending(PARTICIPANTS) == 1
    # Started again from the beginning, as a new run would: only the row left is read.
    assert reseal(PARTICIPANTS, batch=1) == 1
    for pk, (nik, address) in before.items():
        now_nik, now_address = stored(pk, "nik", "address")
        assert str(now_nik).startswith(keyring().current_prefix)
        assert now_nik != nik
        assert now_address != address
    assert Participant.objects.get(pk=cast.budi.pk).nik == cast.budi.nik
    assert first == min(before)


def test_it_puts_plain_values_back_when_a_migration_is_undone(cast: Cast) -> None:
    health_check(cast.budi, cast.blk_officer)
    table = Columns("participants_healthcheck", ("clinic", "notes"))
    check = HealthCheck.objects.get(participant=cast.budi)
    assert reseal(table, unseal=True) == 1
    assert stored(check.pk, "clinic", table="participants_healthcheck") == ("Klinik Sehat Bekasi",)
    assert reseal(table) == 1
    assert HealthCheck.objects.get(pk=check.pk).clinic == "Klinik Sehat Bekasi"


def test_it_lists_every_table_with_sealed_columns() -> None:
    tables = {table.table: table for table in sealed_tables()}
    assert tables["participants_participant"] == PARTICIPANTS
    assert tables["participants_document"].columns == ("number",)
    assert set(tables["protection_case"].columns) == {"reporter_name", "reporter_contact", "description", "outcome"}
    assert {"protection_note", "protection_referral", "protection_incident", "spreadsheets_importchange"} <= set(tables)
