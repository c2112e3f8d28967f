"""Background work of the breach register: Celery tasks that call the
reminders. Without REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from django.utils import timezone

from breaches import reminders

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app


@app.task(ignore_result=True)
def send_breach_reminders() -> None:
    """Run by Celery beat every BREACH_REMINDER_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE),
    and queued by breaches.actions.report_breach once the report commits."""
    reminders.send_due_reminders(now=timezone.now())
