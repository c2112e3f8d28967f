"""The Celery application. Without REDIS_URL tasks run eagerly in-process."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery, Task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)
# How long a task's count of deliveries is kept: far longer than any task runs.
_DELIVERIES_KEPT_SECONDS = 24 * 60 * 60


class RedeliveredAtMost(Task):  # type: ignore[type-arg]
    """Every task of the project. A task whose worker dies is delivered again
    (late acknowledgement, CELERY_TASK_ACKS_LATE); one that kills its worker
    each time (a poison message: say, a file that exhausts the memory) would go
    round for ever and take a worker down at each turn. Past
    CELERY_TASK_MAX_REDELIVERIES it is logged as an error and dropped."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._redelivered_too_often():
            logger.error(
                "task %s dropped after %s redeliveries",
                self.name,
                settings.CELERY_TASK_MAX_REDELIVERIES,
                extra={"task_id": self.request.id, "task_args": repr(args)[:200]},
            )
            return None
        return super().__call__(*args, **kwargs)

    def _redelivered_too_often(self) -> bool:
        delivery = self.request.delivery_info or {}
        if not delivery.get("redelivered") or not self.request.id:
            return False
        key = f"celery:redeliveries:{self.request.id}"
        cache.add(key, 0, timeout=_DELIVERIES_KEPT_SECONDS)
        return int(cache.incr(key)) > settings.CELERY_TASK_MAX_REDELIVERIES


app: Celery = Celery("jembatan", task_cls=RedeliveredAtMost)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The monthly report's task, beside the refresh's reports.tasks.
app.autodiscover_tasks(["reports"], related_name="tasks_monthly")


def enqueue_on_commit(task_name: str, *args: int | str) -> None:
    """Queue a task by its name once the current transaction commits.

    Actions call this instead of importing their app's task module, because
    the tasks import the actions: imports run one way. The task is looked up
    in the registry now, so a misspelt name fails in the action, not later.
    """
    task = registered_task(task_name)
    transaction.on_commit(lambda: task.delay(*args))


def registered_task(name: str) -> Task:  # type: ignore[type-arg]
    """The task registered under ``name``, importing every app's tasks module
    first if it is not registered yet (outside a worker nothing imports them).
    Never Celery's fallback of sending an unknown name to the broker: that
    would skip the in-process run of the embedded default."""
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]
