"""Background work of privacy: the retention schedule. Without REDIS_URL the
task runs in-process (the embedded default), and ``manage.py
apply_retention`` runs the same action from cron."""

from __future__ import annotations

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from privacy.actions import apply_retention


@app.task(ignore_result=True)
def apply_retention_schedule() -> None:
    """Run by Celery beat every night (CELERY_BEAT_SCHEDULE)."""
    apply_retention(now=timezone.now(), dry_run=False)
