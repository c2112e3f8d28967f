"""The Celery application. Without REDIS_URL tasks run eagerly in-process."""

from __future__ import annotations

import os

from celery import Celery, Task
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("jembatan")
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
