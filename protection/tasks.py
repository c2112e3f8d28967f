"""Background work of protection: Celery tasks that call the actions and
notices. Without REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from protection import clocks, escalation_mail, notices, safety_mail
from protection.actions import checkins, disputes


@app.task(ignore_result=True)
def notify_incident(incident_id: int) -> None:
    notices.notify_incident(incident_id=incident_id)


@app.task(ignore_result=True)
def open_checkin_round() -> None:
    """Run by Celery beat on CHECKIN_DAY of every month (CELERY_BEAT_SCHEDULE)."""
    checkins.open_round(now=timezone.now())


@app.task(ignore_result=True)
def open_case_for_dispute(dispute_id: int) -> None:
    """Queued by ledger.actions.open_dispute once the dispute commits."""
    disputes.open_case_for_dispute(dispute_id=dispute_id)


@app.task(ignore_result=True)
def send_safety_questions(check_id: int) -> None:
    """E-mail the workers a safety check asked; a retry sends nobody a second e-mail."""
    safety_mail.send_questions(check_id=check_id)


@app.task(ignore_result=True)
def sweep_case_clocks() -> None:
    """Run by Celery beat every CASE_CLOCK_SWEEP_EVERY_MINUTES (CELERY_BEAT_SCHEDULE)."""
    clocks.sweep_case_clocks(now=timezone.now())


@app.task(ignore_result=True)
def mail_escalation(escalation_id: int) -> None:
    """Queued by protection.actions.cases.escalate once the escalation commits."""
    escalation_mail.mail_escalation(escalation_id=escalation_id)
