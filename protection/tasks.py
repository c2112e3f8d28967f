"""Background work of protection: Celery tasks that call the actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from protection import safety_mail


@app.task(ignore_result=True)
def send_safety_questions(check_id: int) -> None:
    """E-mail the workers a safety check asked; a retry sends nobody a second e-mail."""
    safety_mail.send_questions(check_id=check_id)
