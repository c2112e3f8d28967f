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

from lib.append_only import (
    AppendOnly,
    postgres_drop_function,
    postgres_drop_trigger,
    postgres_trigger,
    run_per_vendor,
)

ENTRIES = AppendOnly(
    table="audit_auditentry",
    prefix="audit_entry",
    function="audit_append_only",
    message="audit entries are append-only: {op} refused on {table}",
)
CHAINS = "audit_auditchain"

# A chain is never deleted (the entries' refusal) and its head only moves forward.
POSTGRES_CHAINS_UP = (
    """CREATE FUNCTION audit_chain_forward_only() RETURNS trigger AS $$
BEGIN
    IF NEW.day <> OLD.day OR NEW.length < OLD.length OR (NEW.length = OLD.length AND NEW.head <> OLD.head) THEN
        RAISE EXCEPTION USING
            MESSAGE = 'audit entries are append-only: a chain only grows',
            ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
    + postgres_trigger("audit_chain_no_delete", before="DELETE", table=CHAINS, function=ENTRIES.function)
    + postgres_trigger("audit_chain_forward_only", before="UPDATE", table=CHAINS, function="audit_chain_forward_only")
)
# Before the entries' function goes: the chains' no-delete trigger calls it.
POSTGRES_CHAINS_DOWN = (
    postgres_drop_trigger("audit_chain_no_delete", table=CHAINS)
    + postgres_drop_trigger("audit_chain_forward_only", table=CHAINS)
    + postgres_drop_function("audit_chain_forward_only")
)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_existing_entries")]

    operations = [
        run_per_vendor(
            forwards={"postgresql": ENTRIES.postgres_up() + POSTGRES_CHAINS_UP, "sqlite": ENTRIES.sqlite_up()},
            backwards={"postgresql": POSTGRES_CHAINS_DOWN + ENTRIES.postgres_down(), "sqlite": ENTRIES.sqlite_down()},
        )
    ]
