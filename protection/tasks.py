"""Background work of protection: Celery tasks that call the actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from protection import clocks


@app.task(ignore_result=True)
def sweep_case_clocks() -> None:
    """Run by Celery beat every CASE_CLOCK_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE)."""
    clocks.sweep_case_clocks(now=timezone.now())
