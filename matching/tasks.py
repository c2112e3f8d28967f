"""Background matching: Celery tasks that call the same actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

from celery import shared_task

from matching import actions


@shared_task(ignore_result=True)
def compute_plan(run_id: int) -> None:
    actions.compute_plan(run_id=run_id)
