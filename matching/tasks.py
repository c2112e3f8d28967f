"""Background matching: Celery tasks that call the same actions. Without
REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

import datetime

from accounts.models import User

# Bound to the project's app, not shared_task: a shared task finds its app as
# Celery's *current* one, which an eager run in the same process can change.
from config.celery import app
from matching import actions


@app.task(ignore_result=True)
def draft_all_shortlists(user_id: int, day: str) -> None:
    # Orders that got a list since (a second delivery) are skipped by the action itself.
    actions.draft_all_shortlists(by=User.objects.get(pk=user_id), today=datetime.date.fromisoformat(day))


@app.task(ignore_result=True)
def compute_plan(run_id: int) -> None:
    actions.compute_plan(run_id=run_id)


@app.task(ignore_result=True)
def draft_shortlists_from_plan(run_id: int, user_id: int, day: str) -> None:
    actions.draft_shortlists_from_plan(
        run_id=run_id, by=User.objects.get(pk=user_id), today=datetime.date.fromisoformat(day)
    )
