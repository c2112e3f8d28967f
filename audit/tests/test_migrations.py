"""Entries written before chains existed are linked into one chain per day,
in batches, and a second run continues where the first one stopped."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

from audit.models import AuditAction, AuditChain, AuditEntry
from audit.tests.tamper import unprotected
from audit.verify import verify
from tests.cast import Cast

linking = importlib.import_module("audit.migrations.0004_chain_existing_entries")


def _unchained(days_ago: int, count: int) -> list[AuditEntry]:
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            at=at + datetime.timedelta(seconds=i),
            action=AuditAction.UPDATED,
            target_type="participants.participant",
            target_id=str(i),
            target_repr=f"Peserta {i}",
            changes={"phone": [None, f"08{i}"], "nama": ["ア", "イ"]},
        )
        for i in range(count)
    )


def test_it_links_old_entries_into_a_chain_per_day(cast: Cast) -> None:
    old = [*_unchained(days_ago=30, count=3), *_unchained(days_ago=20, count=4)]
    assert not verify().intact

    with unprotected():  # as the migration runs: before the append-only triggers
        linking.link_unchained(apps, using="default", batch_size=2)

    linked = AuditEntry.objects.filter(pk__in=[entry.pk for entry in old]).order_by("pk")
    assert len({entry.chain_id for entry in linked}) == 2
    assert [entry.seq for entry in linked] == [1, 2, 3, 1, 2, 3, 4]
    assert verify().intact


def test_a_second_run_continues_the_days_chain(cast: Cast) -> None:
    _unchained(days_ago=30, count=3)
    with unprotected():
        linking.link_unchained(apps, using="default")
    later = _unchained(days_ago=30, count=2)
    with unprotected():
        linking.link_unchained(apps, using="default")

    chain = AuditChain.objects.get(auditentry=later[-1].pk)
    assert chain.length == 5
    assert verify().intact
