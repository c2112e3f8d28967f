"""Background steps of an import: Celery tasks that call the same actions a
small file runs in the request. Without REDIS_URL they run in-process."""

from __future__ import annotations

import contextlib

# Bound to the project's app, not shared_task: a shared task finds its app as
# Celery's *current* one, which an eager run in the same process can change.
from config.celery import app
from spreadsheets import actions, expiry

# Both steps finish exactly once however often they are delivered (tasks are
# acknowledged late, so a killed worker's task comes again): checking is held
# by its live worker and started again when its worker died
# (actions.validate_import); writing is one transaction on the locked job, which
# a dead worker's connection rolls back whole (actions.run_commit).


@app.task(ignore_result=True)
def validate_import(job_id: int) -> None:
    # A delivery that finds the job past checking: an earlier one did the work.
    with contextlib.suppress(actions.TransitionNotAllowed):
        actions.validate_import(job_id=job_id)


@app.task(ignore_result=True)
def commit_import(job_id: int) -> None:
    actions.run_commit(job_id=job_id)


@app.task(ignore_result=True)
def sweep_imports() -> None:
    """Run by Celery beat every IMPORT_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE)."""
    expiry.sweep_imports()
