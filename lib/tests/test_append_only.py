"""The append-only triggers refuse what they name, on the database itself, as
the migration operation installs them on a scratch table."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.state import ProjectState

from lib.append_only import AppendOnly, postgres_message, run_per_vendor

# An apostrophe in the message: it must reach the database quoted, not end the literal.
SCRATCH = AppendOnly(
    table="lib_scratch_row",
    prefix="lib_scratch_row",
    function="lib_scratch_row_append_only",
    message="scratch rows can't change: {op} refused on {table}",
)
OPERATION = run_per_vendor(
    forwards={"postgresql": SCRATCH.postgres_up(), "sqlite": SCRATCH.sqlite_up()},
    backwards={"postgresql": SCRATCH.postgres_down(), "sqlite": SCRATCH.sqlite_down()},
)
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses deletions")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite leaves deletions to the models")


def _migrate(*, forwards: bool) -> None:
    # As the migration runs it: the operation, through a schema editor (inside the test's transaction).
    editor = connection.schema_editor(atomic=False)
    state = ProjectState()
    if forwards:
        OPERATION.database_forwards("lib", editor, state, state)
    else:
        OPERATION.database_backwards("lib", editor, state, state)


def _execute(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _notes() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM lib_scratch_row ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def _refused(operation: str) -> pytest.RaisesExc[IntegrityError]:
    return pytest.raises(
        IntegrityError, match=re.escape(f"scratch rows can't change: {operation} refused on lib_scratch_row")
    )


@pytest.fixture
def scratch(db: None) -> None:
    """A table with two rows under the triggers; the test's transaction rolls all of it back."""
    _execute("CREATE TABLE lib_scratch_row (id integer PRIMARY KEY, note varchar(20) NOT NULL)")
    _execute("INSERT INTO lib_scratch_row (id, note) VALUES (1, 'kept'), (2, 'also kept')")
    _migrate(forwards=True)


@pytest.mark.usefixtures("scratch")
def test_it_refuses_an_update_with_its_message() -> None:
    with _refused("UPDATE"), transaction.atomic():
        _execute("UPDATE lib_scratch_row SET note = 'changed' WHERE id = 1")
    assert _notes() == ["kept", "also kept"]


@pytest.mark.usefixtures("scratch")
def test_it_still_accepts_new_rows() -> None:
    _execute("INSERT INTO lib_scratch_row (id, note) VALUES (3, 'added')")
    assert _notes() == ["kept", "also kept", "added"]


@on_postgresql
@pytest.mark.usefixtures("scratch")
def test_it_refuses_a_delete_with_its_message_on_postgresql() -> None:
    with _refused("DELETE"), transaction.atomic():
        _execute("DELETE FROM lib_scratch_row WHERE id = 1")
    assert _notes() == ["kept", "also kept"]


@on_sqlite
@pytest.mark.usefixtures("scratch")
def test_it_leaves_deletions_to_the_models_on_sqlite() -> None:
    _execute("DELETE FROM lib_scratch_row WHERE id = 1")
    assert _notes() == ["also kept"]


@pytest.mark.usefixtures("scratch")
def test_it_lifts_the_refusal_when_migrated_backwards() -> None:
    _migrate(forwards=False)
    _execute("UPDATE lib_scratch_row SET note = 'changed' WHERE id = 1")
    _execute("DELETE FROM lib_scratch_row WHERE id = 2")
    assert _notes() == ["changed"]


def test_it_reads_the_operation_and_the_table_from_the_trigger_on_postgresql() -> None:
    assert postgres_message("no {op} on {table}") == "'no ' || TG_OP || ' on ' || TG_TABLE_NAME"
    assert postgres_message("{op} refused") == "TG_OP || ' refused'"


def test_it_refuses_a_percent_sign_which_the_driver_would_read_as_a_placeholder() -> None:
    refusing = AppendOnly(table="t", prefix="t", function="t_append_only", message="100% append-only: {op}")
    with pytest.raises(ValueError, match="percent"):
        refusing.postgres_up()
    with pytest.raises(ValueError, match="percent"):
        refusing.sqlite_up()
