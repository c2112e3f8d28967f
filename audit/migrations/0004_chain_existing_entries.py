"""Links the entries written before audit chains into chains, one per day
(of ``at``, in TIME_ZONE), each in key order: from here on verify_audit
finds any of them altered or removed.

Batched, each batch in its own transaction with its chains' heads, and
resumable: a run stopped half-way leaves the entries it reached linked and
the rest without a chain, which the next run continues from the heads it left.
One UPDATE per entry, sent together (psycopg's pipeline): a CASE per column, as
``bulk_update`` writes it, grows with the square of the batch.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connections, migrations, transaction
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.utils import timezone

from audit.chain import canonical_changes, digest

BATCH = 5000


def _chain(chains: Any, day: datetime.date, using: str) -> Any:
    """The day's chain: the one an earlier, unfinished run began, or a new one."""
    return chains.using(using).filter(day=day).order_by("pk").first() or chains.using(using).create(day=day)


def chain_existing(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    link_unchained(apps, using=schema_editor.connection.alias)


def link_unchained(apps: Any, *, using: str, batch_size: int = BATCH) -> None:
    """Link every entry in no chain into its day's chain (audit/tests/test_migrations.py)."""
    entries = apps.get_model("audit", "AuditEntry").objects
    chains = apps.get_model("audit", "AuditChain").objects
    connection = connections[using]
    table = connection.ops.quote_name("audit_auditentry")
    update = f"UPDATE {table} SET chain_id = %s, seq = %s, prev_hash = %s, hash = %s WHERE id = %s"  # noqa: S608
    heads: dict[datetime.date, Any] = {}
    last = 0
    while True:
        with transaction.atomic(using=using):
            batch = list(entries.using(using).filter(chain__isnull=True, pk__gt=last).order_by("pk")[:batch_size])
            if not batch:
                return
            rows, touched = [], {}
            for entry in batch:
                day = timezone.localdate(entry.at)
                chain = heads.get(day) or heads.setdefault(day, _chain(chains, day, using))
                prev_hash, chain.length = chain.head, chain.length + 1
                chain.head = digest(
                    prev_hash=prev_hash,
                    chain_id=chain.pk,
                    seq=chain.length,
                    at=entry.at,
                    actor_id=entry.actor_id,
                    action=entry.action,
                    target_type=entry.target_type,
                    target_id=entry.target_id,
                    target_repr=entry.target_repr,
                    changes_json=canonical_changes(entry.changes),
                )
                rows.append((chain.pk, chain.length, prev_hash, chain.head, entry.pk))
                touched[chain.pk] = chain
            with connection.cursor() as cursor:
                cursor.executemany(update, rows)
            for chain in touched.values():
                chain.save(update_fields=["length", "head"])
            last = batch[-1].pk


class Migration(migrations.Migration):
    # Each batch commits on its own: a million entries are not one transaction.
    atomic = False

    dependencies = [("audit", "0003_audit_chains")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
