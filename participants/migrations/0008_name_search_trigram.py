"""Trigram indexes for the participant name search (PostgreSQL only).

``ParticipantQuerySet.search`` asks ``full_name__icontains`` or
``name_katakana__icontains``, which PostgreSQL runs as
``UPPER(col::text) LIKE UPPER('%text%')``: a substring, which no B-tree
serves, so at a million participants every search read the whole table.
A GIN index of trigrams (pg_trgm) on the same ``UPPER(...)`` expression
answers that LIKE directly; both columns get one, because the search ORs
them and a bitmap OR needs an index on each side.

SQLite has neither pg_trgm nor GIN, and its tables are small: there the
migration does nothing. The indexes are kept out of the models' Meta (and so
out of the migration state) for the same reason: the state is the same on
every database."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEXES = {
    "participant_name_trgm": "full_name",
    "participant_katakana_trgm": "name_katakana",
}


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "participants_participant" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_foreign_nik_check_source"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
