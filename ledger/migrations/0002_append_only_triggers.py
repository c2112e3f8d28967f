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

from lib.append_only import AppendOnly, run_per_vendor

ENTRIES = AppendOnly(
    table="ledger_ledgerentry",
    prefix="ledger_entry",
    function="ledger_entry_append_only",
    message="ledger entries are append-only: book a reversal instead of {op}",
)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        run_per_vendor(
            forwards={"postgresql": ENTRIES.postgres_up(), "sqlite": ENTRIES.sqlite_up()},
            backwards={"postgresql": ENTRIES.postgres_down(), "sqlite": ENTRIES.sqlite_down()},
        )
    ]
