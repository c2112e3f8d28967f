"""Background work of the ledger: Celery tasks that call the notices. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from config.celery import app
from ledger import notices


@app.task(ignore_result=True)
def notify_violation(entry_id: int) -> None:
    notices.notify_violation(entry_id=entry_id)


@app.task(ignore_result=True)
def notify_dispute(dispute_id: int) -> None:
    notices.notify_dispute(dispute_id=dispute_id)
