"""Background work of the webhooks: Celery tasks that call the actions.
Without REDIS_URL they run in-process (the embedded default).

Both sending tasks acknowledge late and are rejected (so redelivered) when
their worker dies: a killed worker's delivery is taken up again, and the
claim in ``actions.claim_attempt`` makes sure nothing is sent twice for one
attempt. Retries are not Celery retries but the sweep below, which reads the
schedule from the Delivery rows (see ``webhooks.actions``).
"""

from __future__ import annotations

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from webhooks import actions
from webhooks.events import Event


@app.task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def publish_event(event: Event) -> None:
    """Queued on commit of a status change: one delivery per endpoint that may see it, each sent."""
    # Run in the request (no Redis), a receiver that failed last time is left to
    # the sweep instead of being waited for again by whoever changed a status.
    for delivery_id in actions.fan_out(event, skip_failing=bool(app.conf.task_always_eager)):
        deliver_webhook.delay(delivery_id)


@app.task(ignore_result=True, acks_late=True, reject_on_worker_lost=True)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt of one delivery, if it is due; a delivered one sends nothing."""
    actions.attempt_delivery(delivery_id=delivery_id)


@app.task(ignore_result=True)
def deliver_due_webhooks() -> int:
    """Run by Celery beat every WEBHOOK_SWEEP_EVERY_MINUTES: queue every delivery whose next attempt has come."""
    due = actions.due_deliveries(now=timezone.now())
    for delivery_id in due:
        deliver_webhook.delay(delivery_id)
    return len(due)
