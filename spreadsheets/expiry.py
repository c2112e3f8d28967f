"""Closing import jobs nobody will finish, and forgetting what imports keep
for a while.

One open import per organization means an open job blocks the next, so none
may stay open for good:

* a job checking or writing whose progress has not moved for
  IMPORT_JOB_STALLED_AFTER_MINUTES was interrupted (its worker or web process
  ended mid-way; a commit is one transaction, so nothing was written): it
  fails, and until the sweep comes its organization or the ministry may
  cancel it;
* any open job unchanged for IMPORT_JOB_EXPIRES_AFTER_HOURS is closed: a
  preview nobody confirmed is cancelled, a job stuck in a worker fails.

``sweep_imports`` does both for every organization, and deletes the values
imports replaced once their undo period is over (``undo``) and the NIK checks
the rate limit no longer counts. Celery beat runs it every
IMPORT_SWEEP_EVERY_MINUTES (``spreadsheets.tasks.sweep_imports``); without
beat, ``manage.py sweep_imports`` from cron. Starting an import also closes
its organization's stale jobs first, so nothing waits for the sweep.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from accounts.models import Organization
from participants.models import ForeignNikCheck
from participants.nik_checks import WINDOW
from spreadsheets import undo
from spreadsheets.models import ImportJob, ImportJobQuerySet, ImportState, Problem
from spreadsheets.transitions import database_busy, move

# A preview nobody confirmed is cancelled; a job stuck checking or writing
# (its worker gone) has failed.
_EXPIRES_TO = {
    ImportState.UPLOADED: ImportState.CANCELLED,
    ImportState.VALIDATED: ImportState.CANCELLED,
    ImportState.VALIDATING: ImportState.FAILED,
    ImportState.COMMITTING: ImportState.FAILED,
}
_INTERRUPTED = Problem(code="interrupted", params={})


@dataclasses.dataclass(frozen=True)
class Swept:
    interrupted: int
    expired: int
    undo_data_deleted: int
    nik_checks_forgotten: int


def sweep_imports() -> Swept:
    """Everything the sweep does, for every organization; what it did."""
    return Swept(
        interrupted=fail_interrupted_imports(),
        expired=expire_abandoned_imports(),
        undo_data_deleted=undo.forget_undo_data(),
        nik_checks_forgotten=ForeignNikCheck.objects.filter(at__lt=timezone.now() - WINDOW).delete()[0],
    )


def close_stale_imports(*, organization: Organization | None = None) -> int:
    """Close the open jobs (of ``organization``, or all) that were interrupted
    or have not moved for IMPORT_JOB_EXPIRES_AFTER_HOURS; return how many."""
    return fail_interrupted_imports(organization=organization) + expire_abandoned_imports(organization=organization)


def fail_interrupted_imports(*, organization: Organization | None = None) -> int:
    """Fail the jobs whose checking or writing stopped moving; return how many."""
    stalled = {"stalled_after_minutes": settings.IMPORT_JOB_STALLED_AFTER_MINUTES}

    def close(job: ImportJob) -> None:
        move(job.pk, ImportState.FAILED, because=stalled, problem=_INTERRUPTED)

    return _close_each(ImportJob.objects.interrupted, close, organization)


def expire_abandoned_imports(*, organization: Organization | None = None) -> int:
    """Close the open jobs that have not moved for
    IMPORT_JOB_EXPIRES_AFTER_HOURS; return how many."""
    cutoff = timezone.now() - datetime.timedelta(hours=settings.IMPORT_JOB_EXPIRES_AFTER_HOURS)
    expired = {"expired_after_hours": settings.IMPORT_JOB_EXPIRES_AFTER_HOURS}

    def abandoned() -> ImportJobQuerySet:
        return ImportJob.objects.active().not_moved_since(cutoff)

    def close(job: ImportJob) -> None:
        to = _EXPIRES_TO[ImportState(job.state)]
        if to == ImportState.FAILED:
            move(job.pk, to, because=expired, problem=_INTERRUPTED)
        else:
            move(job.pk, to, because=expired)

    return _close_each(abandoned, close, organization)


def _close_each(
    matching: Callable[[], ImportJobQuerySet], close: Callable[[ImportJob], None], organization: Organization | None
) -> int:
    """Close each job ``matching()`` finds. Each closing is a checked
    transition with its audit row, and the job is checked again under its
    lock: someone may have confirmed it a moment ago, or its worker moved."""
    jobs = matching() if organization is None else matching().filter(organization=organization)
    closed = 0
    with _unless_busy():
        for job_id in list(jobs.values_list("pk", flat=True)):
            with _unless_busy(), transaction.atomic():
                job = matching().select_for_update(skip_locked=True).filter(pk=job_id).first()
                if job is not None:
                    close(job)
                    closed += 1
    return closed


@contextlib.contextmanager
def _unless_busy() -> Iterator[None]:
    """Give up quietly while SQLite is held by a commit: that job is not
    interrupted (it is writing), and the next sweep will do."""
    try:
        yield
    except OperationalError as error:
        if not database_busy(error):
            raise
