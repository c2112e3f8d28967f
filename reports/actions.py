"""Refreshing the figures: a new snapshot of every table for every slice.

Run by Celery beat every REPORTS_REFRESH_MINUTES (``reports.tasks``), by
``manage.py refresh_figures`` from cron or by hand, and at the end of
``seed_demo``. The pages keep reading the previous snapshot until the new
one is complete: a snapshot is read only once ``finished_at`` is set.
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from audit import actions as audit
from audit.models import AuditAction
from lib.batches import batched
from lib.bulk_insert import insert_rows
from participants.models import Participant
from reports.compute import COMPUTATIONS, FigureRow
from reports.models import Figure, RefreshLock, Snapshot

# Figures written per statement (and per transaction).
BATCH = 10_000
# Complete snapshots kept: the newest, and the one before it for a page that
# began reading it just before the newest finished.
KEEP_COMPLETE = 2
# An unfinished snapshot this old belongs to a refresh that died.
ABANDONED_AFTER = datetime.timedelta(days=1)
# How long a refresh holds the lock without renewing it: far longer than
# writing one batch or running one computation at a million participants.
LEASE = datetime.timedelta(minutes=20)
_LOCK = 1
_WRITTEN = ("snapshot_id", "table", "scope", "year", "programme", "key", "position", "values")


class RefreshRunning(Exception):
    """Another refresh holds the lock: this one wrote nothing."""


class RefreshLockLost(Exception):
    """The lease ran out and another refresh took over: this one stops."""


def refresh_figures(*, now: datetime.datetime | None = None) -> Snapshot:
    """Compute every table of ``reports.catalogue`` for every slice as of
    ``now``, write them into a new snapshot, mark it complete, and delete the
    snapshots no page needs any more. Refused (``RefreshRunning``) while
    another refresh runs; a refresh that fails leaves no snapshot behind."""
    token = secrets.token_hex(16)
    if not _claim(token):
        raise RefreshRunning
    snapshot: Snapshot | None = None
    try:
        snapshot = Snapshot.objects.create(taken_at=now or timezone.now(), participants=Participant.objects.count())
        written = sum(
            _write(snapshot, import_string(path)(now=snapshot.taken_at), token=token) for path in COMPUTATIONS
        )
        _finish(snapshot, written=written, token=token)
    except BaseException:
        if snapshot is not None:
            _delete([snapshot.pk])
        raise
    finally:
        _release(token)
    return snapshot


def _write(snapshot: Snapshot, rows: Iterable[FigureRow], *, token: str) -> int:
    written = 0
    for batch in batched(rows, BATCH):
        with transaction.atomic():
            _renew(token)
            insert_rows(
                Figure,
                fields=_WRITTEN,
                rows=(
                    (snapshot.pk, r.table, r.scope, r.year, r.programme, r.key, r.position, json.dumps(r.values))
                    for r in batch
                ),
            )
        written += len(batch)
    return written


@transaction.atomic
def _finish(snapshot: Snapshot, *, written: int, token: str) -> None:
    _renew(token)
    snapshot.figures = written
    snapshot.finished_at = timezone.now()
    snapshot.save(update_fields=["figures", "finished_at"])
    pruned = _prune(keeping=snapshot)
    seconds = (snapshot.finished_at - snapshot.taken_at).total_seconds()
    audit.record(
        actor=None,
        action=AuditAction.CREATED,
        target=snapshot,
        changes={
            "figures": [None, written],
            "participants": [None, snapshot.participants],
            "seconds": [None, round(seconds, 1)],
            "deleted_snapshots": [None, pruned],
        },
    )


def _prune(*, keeping: Snapshot) -> list[int]:
    """Delete complete snapshots but the newest KEEP_COMPLETE, and unfinished
    ones abandoned for a day; their ids."""
    complete = Snapshot.objects.complete().order_by("-finished_at", "-pk").values_list("pk", flat=True)
    kept = set(complete[:KEEP_COMPLETE]) | {keeping.pk}
    old = set(complete) - kept
    abandoned = Snapshot.objects.filter(finished_at__isnull=True, taken_at__lt=timezone.now() - ABANDONED_AFTER)
    doomed = sorted(old | set(abandoned.exclude(pk=keeping.pk).values_list("pk", flat=True)))
    _delete(doomed)
    return doomed


def _delete(snapshot_ids: list[int]) -> None:
    # One DELETE for the figures (Figure has no dependants nor signals), then the snapshots.
    Figure.objects.filter(snapshot_id__in=snapshot_ids).delete()
    Snapshot.objects.filter(pk__in=snapshot_ids).delete()


# --- the lock -------------------------------------------------------------------------------
# One conditional UPDATE takes it: the database's row lock makes "is it free?"
# and "take it" one step on PostgreSQL and SQLite alike (RefreshLock says why
# not select_for_update through the refresh, nor the cache).


def _claim(token: str) -> bool:
    _lock_row()
    now = timezone.now()
    free = RefreshLock.objects.filter(pk=_LOCK, held_until__isnull=True) | RefreshLock.objects.filter(
        pk=_LOCK, held_until__lt=now
    )
    return free.update(holder=token, held_until=now + LEASE) == 1


def _lock_row() -> None:
    if RefreshLock.objects.filter(pk=_LOCK).exists():
        return
    try:
        with transaction.atomic():
            RefreshLock.objects.create(pk=_LOCK)
    except IntegrityError:
        pass  # another refresh made it first: the same row


def _renew(token: str) -> None:
    if not RefreshLock.objects.filter(pk=_LOCK, holder=token).update(held_until=timezone.now() + LEASE):
        raise RefreshLockLost


def _release(token: str) -> None:
    RefreshLock.objects.filter(pk=_LOCK, holder=token).update(holder="", held_until=None)
