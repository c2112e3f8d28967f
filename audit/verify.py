"""Checking the audit chains: every entry's hash recomputed from the row as
the database holds it, every link to the entry before, every chain's end
against its head. What ``manage.py verify_audit`` reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections

from audit.chain import FORM, GENESIS, canonical_changes, digest
from audit.models import AuditChain, AuditEntry

# Rows read from the database at a time (a server-side cursor on PostgreSQL).
CHUNK = 10_000


@dataclass(frozen=True)
class Break:
    """The first link of a chain that does not hold: which entry, and what
    the chain says should be there against what is."""

    chain_id: int | None
    entry_id: int | None
    problem: str
    expected: str
    found: str

    def __str__(self) -> str:
        where = f"chain {self.chain_id}" if self.chain_id is not None else "no chain"
        entry = f"entry {self.entry_id}" if self.entry_id is not None else "end of chain"
        return f"{where}, {entry}: {self.problem} (expected {self.expected}, found {self.found})"


@dataclass
class Report:
    chains: int = 0
    checked: int = 0
    breaks: list[Break] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


class _Row(NamedTuple):
    id: int
    chain_id: int
    seq: int
    prev_hash: str
    hash: str
    computed: str  # the hash recomputed from the row as stored


_COLUMNS = ("id", "chain_id", "seq", "at", "actor_id", "action", "target_type", "target_id", "target_repr", "changes")


def _field_sql(expression: str) -> str:
    """``<length>:<value>`` and a line feed, as audit.chain.digest writes each value."""
    return f"length({expression})::text || ':' || {expression} || chr(10)"


# audit.chain.digest in PostgreSQL: jsonb's text of the changes is the form the hash covers.
_POSTGRES_DIGEST = " || ".join(
    _field_sql(expression)
    for expression in (
        f"'{FORM}'",
        "e.prev_hash",
        "e.chain_id::text",
        "e.seq::text",
        "(EXTRACT(EPOCH FROM e.at) * 1000000)::bigint::text",
        "COALESCE(e.actor_id::text, '')",
        "e.action",
        "e.target_type",
        "e.target_id",
        "e.target_repr",
        "e.changes::text",
    )
)
_POSTGRES_ROWS = f"""
SELECT e.id, e.chain_id, e.seq, e.prev_hash, e.hash, encode(sha256(convert_to({_POSTGRES_DIGEST}, 'UTF8')), 'hex')
FROM audit_auditentry e {{join}}
WHERE e.chain_id IS NOT NULL {{since}}
ORDER BY e.chain_id, e.seq
"""  # noqa: S608 - no value from outside but the parameter


def _rows(*, since: datetime.date | None, using: str) -> Iterator[_Row]:
    """Every chained entry (of chains of ``since`` and later), by chain and place, its hash recomputed."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        # PostgreSQL hashes: a row here is six short values, not the entry to rebuild.
        join, condition = ("JOIN audit_auditchain c ON c.id = e.chain_id", "AND c.day >= %s") if since else ("", "")
        with connection.chunked_cursor() as cursor:
            cursor.execute(_POSTGRES_ROWS.format(join=join, since=condition), [since] if since else [])
            while chunk := cursor.fetchmany(CHUNK):
                yield from (_Row(*row) for row in chunk)
        return
    entries = AuditEntry.objects.using(using).filter(chain__isnull=False)
    if since is not None:
        entries = entries.filter(chain__day__gte=since)
    rows = entries.order_by("chain_id", "seq").values_list(*_COLUMNS, "prev_hash", "hash")
    for (
        pk,
        chain_id,
        seq,
        at,
        actor_id,
        action,
        target_type,
        target_id,
        target_repr,
        changes,
        prev,
        stored,
    ) in rows.iterator(chunk_size=CHUNK):
        computed = digest(
            prev_hash=prev,
            chain_id=chain_id,
            seq=seq,
            at=at,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            changes_json=canonical_changes(changes),
        )
        yield _Row(pk, chain_id, seq, prev, stored, computed)


def verify(*, since: datetime.date | None = None, using: str = DEFAULT_DB_ALIAS) -> Report:
    """Every chain (of ``since`` and later days, if given) and the entries in
    none; a report with each broken chain's first broken link."""
    chains = AuditChain.objects.using(using).order_by("pk")
    if since is not None:
        chains = chains.filter(day__gte=since)
    heads = {chain.pk: chain for chain in chains}
    report = Report(chains=len(heads))
    seen: set[int] = set()
    # groupby: a chain at a time, without holding its rows; what a walk leaves after its first break is skipped.
    for chain_id, chain_rows in groupby(_rows(since=since, using=using), key=attrgetter("chain_id")):
        seen.add(chain_id)
        broken, count = _walk(heads.get(chain_id), chain_id, chain_rows)
        report.checked += count
        if broken is not None:
            report.breaks.append(broken)
    for chain_id in sorted(heads.keys() - seen):
        # A chain none of whose entries is left.
        report.breaks.extend(_end(heads[chain_id], None, 0, GENESIS))
    report.breaks.extend(_outside_chains(since=since, using=using))
    return report


def _walk(head: AuditChain | None, chain_id: int, rows: Iterable[_Row]) -> tuple[Break | None, int]:
    """The first broken link of one chain, and the number of its entries."""
    prev_hash, seq, count = GENESIS, 0, 0
    for row in rows:
        count += 1
        broken = _link(head, chain_id, row, seq + 1, prev_hash)
        if broken is not None:
            return broken, count
        prev_hash, seq = row.hash, row.seq
    if head is None:  # its row removed around the foreign key (by the owner role)
        return Break(chain_id, None, "chain missing", "a chain", "none"), count
    ends = _end(head, None, seq, prev_hash)
    return (ends[0] if ends else None), count


def _link(head: AuditChain | None, chain_id: int, row: _Row, seq: int, prev_hash: str) -> Break | None:
    if head is not None and row.seq > head.length:
        return Break(chain_id, row.id, "entry after the chain's end", f"at most {head.length} entries", f"#{row.seq}")
    if row.seq != seq:
        return Break(chain_id, row.id, "entries missing before this one", f"#{seq}", f"#{row.seq}")
    if row.prev_hash != prev_hash:
        return Break(chain_id, row.id, "the entry before it was changed or removed", prev_hash, row.prev_hash)
    if row.computed != row.hash:
        return Break(chain_id, row.id, "entry altered", row.computed, row.hash)
    return None


def _end(head: AuditChain, entry_id: int | None, seq: int, prev_hash: str) -> list[Break]:
    if seq != head.length:
        return [Break(head.pk, entry_id, "entries missing at the end", f"{head.length} entries", f"{seq}")]
    if prev_hash != head.head:
        return [Break(head.pk, entry_id, "last entry changed", head.head, prev_hash)]
    return []


def _outside_chains(*, since: datetime.date | None, using: str) -> list[Break]:
    """Entries in no chain: only a row written around the application has none."""
    stray = AuditEntry.objects.using(using).filter(chain__isnull=True)
    if since is not None:
        stray = stray.filter(at__date__gte=since)
    first = stray.order_by("pk").values_list("pk", flat=True).first()
    if first is None:
        return []
    return [Break(None, first, "entry in no chain", "a chain and a hash", "none")]
