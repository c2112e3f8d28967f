"""The beat task of the figures: registered and scheduled, it refreshes, and stands down while a refresh runs."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import registered_task
from reports.models import RefreshLock, Snapshot

pytestmark = pytest.mark.django_db
TASK = "reports.tasks.refresh_figures_task"


def test_beat_runs_it_every_reports_refresh_minutes() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-figures"]
    assert entry == {"task": TASK, "schedule": settings.REPORTS_REFRESH_MINUTES * 60.0}
    assert registered_task(TASK).name == TASK


def test_it_writes_a_complete_snapshot() -> None:
    registered_task(TASK).delay()
    assert Snapshot.objects.complete().count() == 1


def test_it_stands_down_while_another_refresh_runs() -> None:
    RefreshLock.objects.create(pk=1, holder="running", held_until=timezone.now() + datetime.timedelta(minutes=5))
    registered_task(TASK).delay()
    assert not Snapshot.objects.exists()
