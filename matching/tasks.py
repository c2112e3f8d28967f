"""Background matching: Celery tasks that call the same actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

import datetime

from celery import shared_task

from accounts.models import User
from matching import actions


@shared_task(ignore_result=True)
def draft_all_shortlists(user_id: int, day: str) -> None:
    # Orders that got a list since (a second delivery) are skipped by the action itself.
    actions.draft_all_shortlists(by=User.objects.get(pk=user_id), today=datetime.date.fromisoformat(day))


@shared_task(ignore_result=True)
def compute_plan(run_id: int) -> None:
    actions.compute_plan(run_id=run_id)
