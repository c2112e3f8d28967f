"""The audit tables refuse change and deletion in the database itself, for
the connection the application writes through."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from audit import actions as audit
from audit.models import AuditAction, AuditChain, AuditEntry
from tests.cast import Cast

ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite empties test tables with DELETE (see audit 0005)"
)


def _entry(cast: Cast) -> AuditEntry:
    return audit.record(actor=cast.lpk_officer, action=AuditAction.UPDATED, target=cast.budi, changes={"a": [1, 2]})


def _execute(sql: str, params: list[Any]) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_refuses_an_update_of_an_entry(cast: Cast) -> None:
    entry = _entry(cast)

    _execute("UPDATE audit_auditentry SET target_repr = %s WHERE id = %s", ["Someone Else", entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(changes={})

    assert AuditEntry.objects.get(pk=entry.pk).target_repr == entry.target_repr


@ONLY_POSTGRESQL
def test_it_refuses_a_deletion_of_an_entry(cast: Cast) -> None:
    entry = _entry(cast)

    _execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@ONLY_POSTGRESQL
def test_it_refuses_a_chain_deleted_or_moved_back(cast: Cast) -> None:
    chain = AuditChain.objects.get(auditentry=_entry(cast))

    _execute("DELETE FROM audit_auditchain WHERE id = %s", [chain.pk])
    _execute("UPDATE audit_auditchain SET length = length - 1 WHERE id = %s", [chain.pk])
    _execute("UPDATE audit_auditchain SET head = %s WHERE id = %s", ["0" * 64, chain.pk])
    _execute("UPDATE audit_auditchain SET day = day - 1 WHERE id = %s", [chain.pk])

    assert AuditChain.objects.get(pk=chain.pk) == chain
    assert (AuditChain.objects.get(pk=chain.pk).length, AuditChain.objects.get(pk=chain.pk).head) == (
        chain.length,
        chain.head,
    )


def _grants_to(role: str) -> list[str]:
    """deploy/postgresql/app_role.sql's statements, for ``role``."""
    script = (Path(settings.BASE_DIR) / "deploy" / "postgresql" / "app_role.sql").read_text()
    lines = [line for line in script.splitlines() if not line.startswith(("--", "\\"))]
    return [part.strip() for part in "\n".join(lines).replace(':"app"', role).split(";") if part.strip()]


@ONLY_POSTGRESQL
def test_the_app_roles_grants_refuse_update_and_delete_even_without_the_triggers(cast: Cast) -> None:
    """The test connection's role stands in for the app's: it owns the tables,
    so it can switch the triggers off, and revoking its own rights (inside
    the test's transaction, undone with it) shows the grants alone suffice."""
    entry = _entry(cast)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check may wait on the ALTER
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_auditchain DISABLE TRIGGER USER")
        for statement in _grants_to(connection.ops.quote_name(connection.get_connection_params()["user"])):
            cursor.execute(statement)

    for sql in (
        "UPDATE audit_auditentry SET target_repr = 'Someone Else' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
        "DELETE FROM audit_auditchain WHERE id = (SELECT chain_id FROM audit_auditentry WHERE id = %s)",
    ):
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [entry.pk])
    # What the application does may still be done.
    audit.record(actor=cast.lpk_officer, action=AuditAction.UPDATED, target=cast.budi, changes={"b": [1, 2]})
    assert AuditEntry.objects.get(pk=entry.pk).target_repr == entry.target_repr
