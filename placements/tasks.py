"""Background work of selection: Celery tasks that call the actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from placements import deadlines
from placements.actions import notices


@app.task(ignore_result=True)
def notify_offer_lapsed(offer_id: int) -> None:
    notices.notify_offer_lapsed(offer_id=offer_id)


@app.task(ignore_result=True)
def sweep_deadlines() -> None:
    """Run by Celery beat every DEADLINE_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE)."""
    deadlines.sweep_and_send(now=timezone.now())
