"""Background steps of an import: Celery tasks that call the same actions a
small file runs in the request. Without REDIS_URL they run in-process."""

from __future__ import annotations

import contextlib

# Bound to the project's app, not shared_task: a shared task finds its app as
# Celery's *current* one, which an eager run in the same process can change.
from config.celery import app
from spreadsheets import actions, expiry


@app.task(ignore_result=True)
def validate_import(job_id: int) -> None:
    # A task delivered twice finds the job past "uploaded": the first delivery did the work.
    with contextlib.suppress(actions.TransitionNotAllowed):
        actions.validate_import(job_id=job_id)


@app.task(ignore_result=True)
def commit_import(job_id: int) -> None:
    actions.run_commit(job_id=job_id)


@app.task(ignore_result=True)
def sweep_imports() -> None:
    """Run by Celery beat every IMPORT_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE)."""
    expiry.sweep_imports()
