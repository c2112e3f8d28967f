"""Booked ledger entries are refused change and deletion by the database
itself, not only by the model: a raw UPDATE, a bulk update or a console
session cannot rewrite what someone paid.

PostgreSQL refuses both (row triggers; TRUNCATE, which test databases use to
empty tables between tests, fires none). SQLite refuses updates; its deletions
are refused by the model and queryset only, because Django empties a SQLite
test database with DELETE, which a trigger would stop.
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "ledger_ledgerentry"

POSTGRES_UP = f"""
CREATE FUNCTION ledger_entry_append_only() RETURNS trigger AS $$
BEGIN
    -- No percent sign in here: the migration's SQL goes through the driver's placeholders.
    RAISE EXCEPTION USING
        MESSAGE = 'ledger entries are append-only: book a reversal instead of ' || TG_OP,
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS ledger_entry_no_update ON {TABLE};
DROP TRIGGER IF EXISTS ledger_entry_no_delete ON {TABLE};
DROP FUNCTION IF EXISTS ledger_entry_append_only();
"""
SQLITE_UP = f"""
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only: book a reversal instead of UPDATE');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS ledger_entry_no_update;"


def _run(sql: dict[str, str], schema_editor: BaseDatabaseSchemaEditor) -> None:
    statement = sql.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}, schema_editor)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
