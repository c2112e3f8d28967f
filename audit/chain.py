"""Hash chains of audit entries: what an entry's hash covers, and how a
transaction appends to a chain (see ``AuditChain`` for why a day has several).

An entry's hash is the SHA-256 of the hash of the entry before it in its
chain and of its own content, in one canonical text that the verifier
rebuilds from the row as the database gives it back: the changes as JSON with
sorted keys and no spaces (PostgreSQL keeps JSON in its own form, SQLite as
written), the time in UTC with microseconds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from audit.models import AuditChain, AuditEntry

# What a chain's first entry names as the hash before it.
GENESIS = ""
# Part of every hashed text, so that a later change of the canonical form can
# tell the entries hashed the old way from the new ones.
FORM = 1


class Link(NamedTuple):
    """An entry's place in its chain: what goes into its chain, seq,
    prev_hash and hash columns."""

    chain_id: int
    seq: int
    prev_hash: str
    hash: str


def canonical_changes(changes: object) -> str:
    """The JSON of an entry's changes as it is hashed (and may be stored)."""
    text = _dumps(changes)
    # A float written with an exponent (1e+16 and up) comes back from
    # PostgreSQL's jsonb as a whole number, and -0.0 as 0.0: both are hashed
    # as they come back. The check is on the text, so the walk is rare.
    return _dumps(_as_stored(changes)) if "e+" in text or "-0.0" in text else text


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _as_stored(value: object) -> object:
    if isinstance(value, float):
        # The whole number the text means (7.205759403792278e+16 is ...780), not the float's own (...784).
        return int(Decimal(repr(value))) if "e+" in repr(value) else value + 0.0  # -0.0 + 0.0 is 0.0
    if isinstance(value, dict):
        return {key: _as_stored(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_stored(item) for item in value]
    return value


def instant(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def digest(
    *,
    prev_hash: str,
    chain_id: int,
    seq: int,
    at: datetime.datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    target_repr: str,
    changes_json: str,
) -> str:
    """The hash of one entry; ``changes_json`` is ``canonical_changes`` of its changes."""
    header = json.dumps(
        [FORM, prev_hash, chain_id, seq, instant(at), actor_id, str(action), target_type, target_id, target_repr],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{header}\n{changes_json}".encode()).hexdigest()


class ChainWriter:
    """Links entries, one after the other, onto the end of a chain this
    transaction holds; ``appending`` moves the chain's head at the end."""

    def __init__(self, chain: AuditChain) -> None:
        self.chain_id = chain.pk
        self.seq = chain.length
        self.head = chain.head

    def link(
        self,
        *,
        at: datetime.datetime,
        actor_id: int | None,
        action: str,
        target_type: str,
        target_id: str,
        target_repr: str,
        changes_json: str,
    ) -> Link:
        prev_hash, self.seq = self.head, self.seq + 1
        self.head = digest(
            prev_hash=prev_hash,
            chain_id=self.chain_id,
            seq=self.seq,
            at=at,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            changes_json=changes_json,
        )
        return Link(self.chain_id, self.seq, prev_hash, self.head)

    def link_entry(self, entry: AuditEntry) -> None:
        """Give an unsaved entry its place (and hash) in the chain."""
        entry.chain_id, entry.seq, entry.prev_hash, entry.hash = self.link(
            at=entry.at,
            actor_id=entry.actor_id,
            action=entry.action,
            target_type=entry.target_type,
            target_id=entry.target_id,
            target_repr=entry.target_repr,
            changes_json=canonical_changes(entry.changes),
        )


def take_chain(*, using: str = DEFAULT_DB_ALIAS) -> AuditChain:
    """Today's first chain that no other open transaction holds, locked until
    this transaction ends; a new one when every chain of the day is held.

    SKIP LOCKED is what keeps writers apart: waiting for a held chain would
    make every audited change wait for the longest open transaction (an
    import of 100,000 rows). A chain this transaction holds already is not
    skipped. SQLite has one writer at a time and no row locks: the day's
    first chain is always free there.
    """
    day = timezone.localdate()
    chains = AuditChain.objects.using(using).filter(day=day).order_by("pk")
    chain = chains.select_for_update(skip_locked=True).first()
    # Nobody else sees the new row until this transaction commits: it is ours alone.
    return chain if chain is not None else AuditChain.objects.using(using).create(day=day)


@contextmanager
def appending(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[ChainWriter]:
    """A writer on a chain held until the transaction ends: insert the entries
    it links inside the block; the chain's head moves with them, in the same
    transaction (one that starts here if none is open)."""
    with transaction.atomic(using=using, savepoint=False):
        writer = ChainWriter(take_chain(using=using))
        yield writer
        AuditChain.objects.using(using).filter(pk=writer.chain_id).update(length=writer.seq, head=writer.head)
