"""Audit entries are refused change and deletion by the database itself, for
every role that writes through the application: a raw UPDATE, a bulk update or
a console session cannot rewrite who did what. A chain's head may only move
forward, and a chain may not be deleted.

PostgreSQL refuses all of it (row triggers). TRUNCATE fires no row trigger:
test databases empty their tables with it; in production the application's
role is not granted TRUNCATE (nor UPDATE or DELETE on these tables:
deploy/postgresql/app_role.sql), and only the owner role, which runs the
migrations, could drop the triggers. SQLite refuses updates; its deletions
are left to the models, because Django empties a SQLite test database with
DELETE, which a trigger would stop (as ledger's entries, see ledger 0002).
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ENTRIES, CHAINS = "audit_auditentry", "audit_auditchain"

POSTGRES_UP = f"""
CREATE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    -- No percent sign in here: the migration's SQL goes through the driver's placeholders.
    RAISE EXCEPTION USING
        MESSAGE = 'audit entries are append-only: ' || TG_OP || ' refused on ' || TG_TABLE_NAME,
        ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION audit_chain_forward_only() RETURNS trigger AS $$
BEGIN
    IF NEW.day <> OLD.day OR NEW.length < OLD.length OR (NEW.length = OLD.length AND NEW.head <> OLD.head) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'audit entries are append-only: a chain only grows',
            ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {ENTRIES}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON {ENTRIES}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON {CHAINS}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_forward_only BEFORE UPDATE ON {CHAINS}
    FOR EACH ROW EXECUTE FUNCTION audit_chain_forward_only();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS audit_entry_no_update ON {ENTRIES};
DROP TRIGGER IF EXISTS audit_entry_no_delete ON {ENTRIES};
DROP TRIGGER IF EXISTS audit_chain_no_delete ON {CHAINS};
DROP TRIGGER IF EXISTS audit_chain_forward_only ON {CHAINS};
DROP FUNCTION IF EXISTS audit_append_only();
DROP FUNCTION IF EXISTS audit_chain_forward_only();
"""
SQLITE_UP = f"""
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON {ENTRIES}
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused on {ENTRIES}');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_entry_no_update;"


def _run(sql: dict[str, str], schema_editor: BaseDatabaseSchemaEditor) -> None:
    statement = sql.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}, schema_editor)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_existing_entries")]

    operations = [migrations.RunPython(forwards, backwards)]
