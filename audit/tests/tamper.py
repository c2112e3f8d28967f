"""Writing to the audit tables around their protection, as only the owner
role could: what the verifier must then find."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

from lib.append_only import AppendOnly

# The refusal as the migration installed it, to lift and restore it on SQLite.
_ENTRIES: AppendOnly = importlib.import_module("audit.migrations.0005_append_only_triggers").ENTRIES


@contextmanager
def unprotected() -> Iterator[None]:
    """The append-only triggers off for the block (inside the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check of the test's transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchain DISABLE TRIGGER USER")
        else:
            cursor.execute(_ENTRIES.sqlite_down())
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
                cursor.execute("ALTER TABLE audit_auditchain ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                cursor.execute(_ENTRIES.sqlite_up())


def execute(sql: str, params: list[Any]) -> None:
    with unprotected(), connection.cursor() as cursor:
        cursor.execute(sql, params)
