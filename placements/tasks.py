"""Background work of selection: Celery tasks that call the actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from placements.actions import notices


@app.task(ignore_result=True)
def notify_offer_lapsed(offer_id: int) -> None:
    notices.notify_offer_lapsed(offer_id=offer_id)
