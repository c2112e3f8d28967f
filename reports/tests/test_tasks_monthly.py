"""The monthly report's task, as beat runs it on the 1st."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from reports.models import MonthlyReport
from reports.tasks_monthly import make_last_months_report
from reports.tests.world import figures_world
from tests.cast import Cast


def test_it_is_scheduled_on_the_first_at_six() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report"]
    assert entry["task"] == "reports.tasks_monthly.make_last_months_report"
    assert entry["schedule"] == crontab(minute="0", hour="6", day_of_month="1")
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"


@time_machine.travel(datetime.datetime(2026, 12, 1, 6, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7))))
def test_it_makes_last_months_report(cast: Cast, media: Path) -> None:
    figures_world(taken_at=timezone.now())
    make_last_months_report.delay()
    assert list(MonthlyReport.objects.values_list("month", "language")) == [(datetime.date(2026, 11, 1), "id")]


def test_it_makes_nothing_before_the_first_refresh(cast: Cast, media: Path, caplog: pytest.LogCaptureFixture) -> None:
    make_last_months_report.delay()
    assert not MonthlyReport.objects.exists()
    assert "No monthly report made" in caplog.text
