"""An import job's state changes: each a checked transition on the locked job
row, with its audit row, in one transaction. What every import workflow
(``actions``, ``expiry``, ``undo``) moves a job with."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import OperationalError, connections, transaction
from django.utils import timezone

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from spreadsheets import checked_rows
from spreadsheets.models import ImportChange, ImportJob, ImportState, Problem, RowIssue

logger = logging.getLogger(__name__)
ERRORS_KEPT = 10_000  # enough for any file worth fixing; the count says how many there were
# A job ends here: its files go. A job that ends without writing keeps
# nothing of the records it compared itself with either.
_FINISHED = frozenset({ImportState.COMMITTED, ImportState.FAILED, ImportState.CANCELLED})
_NOTHING_WRITTEN = frozenset({ImportState.FAILED, ImportState.CANCELLED})


class TransitionNotAllowed(Exception):
    pass


@transaction.atomic
def move(
    job_id: int,
    to: ImportState,
    *,
    by: User | None = None,
    because: Mapping[str, object] | None = None,
    detail: Mapping[str, object] | None = None,
    **values: Any,
) -> ImportJob:
    """Move the job to ``to`` and set ``values`` on it; ``detail`` goes into
    the audit row. ``because``: the system closes the job (an expiry, an
    interruption) and nobody asked for it; what it says goes into the audit
    row, which then has no actor."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    current = job.state
    if not job.can_move_to(to):
        raise TransitionNotAllowed(f"{current} -> {to}")
    job.state = to
    for name, value in values.items():
        setattr(job, name, value)
    if to in _FINISHED:
        job.finished_at = timezone.now()
        # The files hold NIKs and addresses: kept no longer than the job needs them.
        transaction.on_commit(lambda: delete_files(job))
    if to in _NOTHING_WRITTEN:
        ImportChange.objects.filter(job_id=job.pk).delete()
    job.save()
    changes: dict[str, object] = {"state": [current, to], **(detail or {}), **(because or {})}
    actor = None if because is not None else by or job.uploaded_by
    audit.record(actor=actor, action=AuditAction.UPDATED, target=job, changes=changes)
    return job


def fail(
    job_id: int,
    code: str,
    params: dict[str, str | int],
    *,
    issues: list[RowIssue] | None = None,
    sheet_name: str = "",
) -> None:
    """``sheet_name``: the sheet that was read, when the problem is in it (the page names it)."""
    extra: dict[str, Any] = {"problem": Problem(code=code, params=params)}
    if sheet_name:
        extra["sheet_name"] = sheet_name
    if issues is not None:
        extra.update(issues=issues[:ERRORS_KEPT], issue_count=len(issues))
    try:
        move(job_id, ImportState.FAILED, **extra)
    except TransitionNotAllowed:
        # Closed meanwhile (cancelled once it looked interrupted): its end stands.
        logger.warning("import %s: ended before it could fail with %s", job_id, code)


def delete_files(job: ImportJob) -> None:
    checked_rows.delete(job)  # first: its name follows the upload's
    job.file.delete(save=False)


def discard(job: ImportJob) -> None:
    """What a worker left for a job that was closed under it (cancelled once
    it looked interrupted, while it was in fact only slow)."""
    delete_files(job)
    ImportChange.objects.filter(job_id=job.pk).delete()


def unless_held(job_id: int) -> ImportJob | None:
    """The job, locked; None while a commit holds it. A commit locks its job
    for its whole transaction, so on PostgreSQL a worker that is writing is
    seen here by its lock, however long it takes. SQLite locks the whole
    database for the commit instead: see ``database_busy``."""
    return ImportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()


def database_busy(error: OperationalError) -> bool:
    """SQLite's answer while another connection writes (a commit in progress)
    for longer than its busy timeout."""
    return connections[ImportJob.objects.db].vendor == "sqlite" and "locked" in str(error)
