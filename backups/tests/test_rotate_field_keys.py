"""manage.py rotate_field_keys: every sealed value moved to the newest key, in
batches, resumable, and refused when a key that sealed something is missing."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from lib import crypto
from lib.encrypted import Columns, keyring, reseal_batch, sealed_tables
from participants.models import Participant
from participants.tests.records import health_check
from tests.cast import Cast

NEW_KEY = crypto.new_key()


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def under_newest_key() -> bool:
    prefix = keyring().current_prefix
    with connection.cursor() as cursor:
        for table in sealed_tables():
            for column in table.columns:
                cursor.execute(f"SELECT {column} FROM {table.table} WHERE {column} <> ''")  # noqa: S608
                if any(not str(value).startswith(prefix) for (value,) in cursor.fetchall()):
                    return False
    return True


def test_it_reencrypts_every_sealed_value_with_the_newest_key(cast: Cast) -> None:
    health_check(cast.budi, cast.blk_officer)
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{NEW_KEY},{settings.FIELD_ENCRYPTION_KEYS}"):
        assert not under_newest_key()

        output = rotate("--batch", "1")

        assert under_newest_key()
        assert "participants_participant: 2 rows re-encrypted" in output
        assert "participants_healthcheck: 1 rows re-encrypted" in output
        assert output.rstrip().endswith("left: 0")
        assert Participant.objects.get(pk=cast.budi.pk).address == "Jl. Merdeka 1, Bekasi"
    # Once done, the new key alone opens everything.
    with override_settings(FIELD_ENCRYPTION_KEYS=NEW_KEY):
        assert Participant.objects.with_nik(cast.siti.nik).get().nik == cast.siti.nik


def test_it_goes_on_where_a_stopped_run_left_off(cast: Cast) -> None:
    table = Columns("participants_participant", ("nik", "address"), index={"nik_index": "nik"})
    with override_settings(FIELD_ENCRYPTION_KEYS=f"{NEW_KEY},{settings.FIELD_ENCRYPTION_KEYS}"):
        reseal_batch(table, after=-1, batch=1)  # a run that stopped after its first batch

        counted = rotate("--dry-run")
        output = rotate()

    assert "participants_participant: 1 rows to re-encrypt" in counted
    assert "participants_participant: 1 rows re-encrypted" in output


def test_it_stops_naming_the_table_when_a_key_that_sealed_values_is_missing(cast: Cast) -> None:
    with override_settings(FIELD_ENCRYPTION_KEYS=NEW_KEY), pytest.raises(CommandError, match="old key missing"):
        rotate()


def test_it_refuses_a_batch_below_one(db: None) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        rotate("--batch", "0")
