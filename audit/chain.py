"""Hash chains of audit entries: what an entry's hash covers, and how a
transaction appends to a chain (see ``AuditChain`` for why a day has several).

An entry's hash is the SHA-256 of one text: the hash of the entry before it
in its chain and the entry's own columns, each as ``<length>:<value>`` and a
line feed (so no value can borrow characters from the next), the time as
microseconds since 1970, the changes as JSON in the form PostgreSQL's jsonb
gives it back (keys by length then bytes, ", " and ": ", numbers without
exponent). That form is what lets PostgreSQL recompute every hash itself
when the log is verified (audit.verify): a million entries are read as
hashes, not as rows to rebuild in Python. SQLite keeps the JSON as written;
there the verifier renders it the same way in Python.
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
# The first of every hashed text, so that a later change of the canonical form
# can tell the entries hashed the old way from the new ones.
FORM = "1"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
# Python's own JSON string escapes are jsonb's: \" \\ \b \f \n \r \t, other controls as \u00xx.
_string = json.encoder.encode_basestring


class Link(NamedTuple):
    """An entry's place in its chain: what goes into its chain, seq,
    prev_hash and hash columns."""

    chain_id: int
    seq: int
    prev_hash: str
    hash: str


def canonical_changes(value: object) -> str:
    """An entry's changes (any JSON) as PostgreSQL's jsonb renders them: the
    text that is hashed, and that bulk writers store."""
    if isinstance(value, str):
        return _string(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        items = sorted(((_key(key), item) for key, item in value.items()), key=_jsonb_order)
        return "{" + ", ".join(f"{_string(key)}: {canonical_changes(item)}" for key, item in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(canonical_changes(item) for item in value) + "]"
    raise TypeError(f"not JSON: {type(value).__name__}")


def _number(value: float) -> str:
    """A float as jsonb keeps the text Python writes for it: a number in its
    own digits, without exponent (1e-05 is 0.00001); no negative zero."""
    text = repr(value)
    if "e" in text:
        text = format(Decimal(text), "f")
    return text.removeprefix("-") if text.strip("-0.") == "" else text


def _key(key: object) -> str:
    # What json.dumps makes of a key that is no text.
    return key if isinstance(key, str) else json.dumps(key)


def _jsonb_order(item: tuple[str, object]) -> tuple[int, bytes]:
    key = item[0].encode()
    return len(key), key


def micros(at: datetime.datetime) -> int:
    """Microseconds since 1970 (UTC), exactly."""
    return (at - _EPOCH) // _MICROSECOND


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
    """The hash of one entry; ``changes_json`` is ``canonical_changes`` of its
    changes. audit.verify's SQL computes the same in PostgreSQL."""
    values = (FORM, prev_hash, str(chain_id), str(seq), str(micros(at)), "" if actor_id is None else str(actor_id))
    text = "".join(
        f"{len(value)}:{value}\n" for value in (*values, str(action), target_type, target_id, target_repr, changes_json)
    )
    return hashlib.sha256(text.encode()).hexdigest()


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
