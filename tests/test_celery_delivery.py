"""Celery hands a killed worker's task to another worker: tasks are
acknowledged when they finish, one message at a time per worker, and Redis
gives an unacknowledged one back after CELERY_TASK_REDELIVER_AFTER_SECONDS."""

from __future__ import annotations

from django.conf import settings

from config.celery import app


def test_it_acknowledges_a_task_only_once_it_has_finished() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_it_redelivers_before_the_sweep_would_close_an_interrupted_import() -> None:
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout == settings.CELERY_TASK_REDELIVER_AFTER_SECONDS
    assert 0 < timeout < settings.IMPORT_JOB_STALLED_AFTER_MINUTES * 60
