"""Celery hands a killed worker's task to another worker: tasks are
acknowledged when they finish, one message at a time per worker, and Redis
gives an unacknowledged one back after CELERY_TASK_REDELIVER_AFTER_SECONDS."""

from __future__ import annotations

from django.conf import settings
from pytest_django.fixtures import Settings

from config.celery import app


def test_it_acknowledges_a_task_only_once_it_has_finished() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_it_redelivers_before_the_sweep_would_close_an_interrupted_import() -> None:
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout == settings.CELERY_TASK_REDELIVER_AFTER_SECONDS
    assert 0 < timeout < settings.IMPORT_JOB_STALLED_AFTER_MINUTES * 60


@app.task(name="tests.counted")
def counted(runs: list[str]) -> str:
    runs.append("ran")
    return "done"


def test_it_drops_a_task_redelivered_more_often_than_allowed(settings: Settings) -> None:
    settings.CELERY_TASK_MAX_REDELIVERIES = 2
    runs: list[str] = []
    counted.push_request(id="poison-1", delivery_info={"redelivered": True})
    try:
        answers = [counted(runs) for _delivery in range(4)]
    finally:
        counted.pop_request()

    assert answers == ["done", "done", None, None]
    assert runs == ["ran", "ran"]


def test_it_runs_a_first_delivery_however_often_other_tasks_came_back(settings: Settings) -> None:
    settings.CELERY_TASK_MAX_REDELIVERIES = 0
    runs: list[str] = []
    counted.push_request(id="fresh-1", delivery_info={"redelivered": False})
    try:
        answer = counted(runs)
    finally:
        counted.pop_request()

    assert (answer, runs) == ("done", ["ran"])
