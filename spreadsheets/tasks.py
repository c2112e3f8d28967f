"""Background steps of an import: Celery tasks that call the same actions a
small file runs in the request. Without REDIS_URL they run in-process."""

from __future__ import annotations

import contextlib

from celery import shared_task

from spreadsheets import actions


@shared_task(ignore_result=True)
def validate_import(job_id: int) -> None:
    # A task delivered twice finds the job past "uploaded": the first delivery did the work.
    with contextlib.suppress(actions.TransitionNotAllowed):
        actions.validate_import(job_id=job_id)


@shared_task(ignore_result=True)
def commit_import(job_id: int) -> None:
    actions.run_commit(job_id=job_id)
