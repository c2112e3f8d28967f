"""manage.py verify_audit: an intact log passes; an entry altered, removed or
slipped in around the application is found, at the first link it breaks."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit import actions as audit
from audit.chain import canonical_changes, digest
from audit.models import AuditAction, AuditEntry
from audit.tests.tamper import execute
from tests.cast import Cast


def _entries(cast: Cast, count: int = 5) -> list[AuditEntry]:
    return [
        audit.record(
            actor=cast.lpk_officer,
            action=AuditAction.UPDATED,
            target=cast.budi,
            changes={"phone": [f"08{i}", f"08{i + 1}"], "address": ["•••", "•••"]},
        )
        for i in range(count)
    ]


def _verify(*args: str) -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return False, f"{out.getvalue()}{error}"
    return True, out.getvalue()


def test_it_passes_an_intact_log(cast: Cast) -> None:
    _entries(cast)

    intact, output = _verify()

    assert intact, output
    assert f"{AuditEntry.objects.count()} entries" in output


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("changes", '{"phone": ["080", "089"], "address": ["•••", "•••"]}'),
        ("target_repr", "Someone Else"),
        ("target_id", "999999"),
        ("action", AuditAction.VIEWED_SENSITIVE.value),
        ("actor_id", None),
        ("at", "an hour later"),
    ],
)
def test_it_finds_an_altered_entry(cast: Cast, column: str, value: object) -> None:
    altered = _entries(cast)[2]
    if value == "an hour later":
        value = connection.ops.adapt_datetimefield_value(altered.at + datetime.timedelta(hours=1))

    execute(f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, altered.pk])  # noqa: S608

    intact, output = _verify()
    assert not intact
    assert f"BROKEN chain {altered.chain_id}, entry {altered.pk}: entry altered" in output
    assert "1 broken chain(s)" in output


def test_it_finds_two_entries_whose_contents_were_swapped(cast: Cast) -> None:
    first, second = _entries(cast)[1:3]

    execute("UPDATE audit_auditentry SET changes = %s WHERE id = %s", [canonical_changes(second.changes), first.pk])
    execute("UPDATE audit_auditentry SET changes = %s WHERE id = %s", [canonical_changes(first.changes), second.pk])

    intact, output = _verify()
    assert not intact
    assert f"entry {first.pk}: entry altered" in output


def test_it_finds_an_entry_removed_from_the_middle(cast: Cast) -> None:
    entries = _entries(cast)

    execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])

    intact, output = _verify()
    assert not intact
    assert f"entry {entries[3].pk}: entries missing before this one (expected #{entries[2].seq}" in output


def test_it_finds_the_last_entry_removed(cast: Cast) -> None:
    entries = _entries(cast)

    execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk])

    intact, output = _verify()
    assert not intact
    assert f"chain {entries[-1].chain_id}, end of chain: entries missing at the end" in output


def test_it_finds_an_entry_inserted_without_a_chain(cast: Cast) -> None:
    _entries(cast)
    forged = AuditEntry.objects.bulk_create(
        [AuditEntry(action=AuditAction.DELETED, target_type="participants.participant", target_id="1", target_repr="x")]
    )[0]

    intact, output = _verify()
    assert not intact
    assert f"no chain, entry {forged.pk}: entry in no chain" in output


def test_it_finds_an_entry_inserted_after_the_end_with_a_correct_hash(cast: Cast) -> None:
    """Whoever knows how the hash is made can forge a link, but not move the chain's head."""
    last = _entries(cast)[-1]
    assert last.chain_id is not None
    assert last.seq is not None
    forged = AuditEntry(
        at=last.at,
        action=AuditAction.DELETED.value,
        target_type="participants.participant",
        target_id=str(cast.siti.pk),
        target_repr="Siti",
        changes={},
        chain_id=last.chain_id,
        seq=last.seq + 1,
        prev_hash=last.hash,
    )
    forged.hash = digest(
        prev_hash=last.hash,
        chain_id=last.chain_id,
        seq=last.seq + 1,
        at=forged.at,
        actor_id=None,
        action=forged.action,
        target_type=forged.target_type,
        target_id=forged.target_id,
        target_repr=forged.target_repr,
        changes_json="{}",
    )
    AuditEntry.objects.bulk_create([forged])

    intact, output = _verify()
    assert not intact
    assert f"entry {forged.pk}: entry after the chain's end" in output


def test_it_checks_only_the_days_asked_for(cast: Cast) -> None:
    altered = _entries(cast)[0]
    execute("UPDATE audit_auditentry SET target_repr = %s WHERE id = %s", ["Someone Else", altered.pk])
    tomorrow = altered.at.date() + datetime.timedelta(days=2)

    intact, output = _verify("--since", tomorrow.isoformat())

    assert intact, output
    assert "0 entries in 0 chains" in output


def test_it_prints_each_chains_head_to_keep_elsewhere(cast: Cast) -> None:
    last = _entries(cast)[-1]

    intact, output = _verify("--heads")

    assert intact, output
    assert f"chain {last.chain_id} entries={last.seq} hash={last.hash}" in output
