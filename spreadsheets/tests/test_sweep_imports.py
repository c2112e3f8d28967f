"""The sweep runs without anyone importing: as a management command (cron)
and as a Celery beat task, both calling the same action. It closes
interrupted and expired jobs of every organization and forgets NIK checks
the rate limit no longer counts; undo data is test_undo's subject."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from pytest_django.fixtures import Settings

from config.celery import app
from participants.models import ForeignNikCheck
from spreadsheets import tasks
from spreadsheets.models import ImportJob, ImportKind, ImportState
from tests.cast import Cast

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def stuck(cast: Cast, settings: Settings) -> ImportJob:
    settings.IMPORT_JOB_STALLED_AFTER_MINUTES = 10
    with time_machine.travel(NOW - datetime.timedelta(minutes=20), tick=False):
        return ImportJob.objects.create(
            kind=ImportKind.PARTICIPANTS, organization=cast.lpk, uploaded_by=cast.lpk_officer, state="validating"
        )


def test_the_command_says_what_it_did(stuck: ImportJob, cast: Cast) -> None:
    with time_machine.travel(NOW - datetime.timedelta(hours=25), tick=False):
        ForeignNikCheck.objects.create(organization=cast.lpk, checked_by=cast.lpk_officer, participant=cast.siti)
    with time_machine.travel(NOW - datetime.timedelta(hours=23), tick=False):
        ForeignNikCheck.objects.create(organization=cast.lpk, checked_by=cast.lpk_officer, participant=cast.siti)
    output = io.StringIO()

    with time_machine.travel(NOW, tick=False):
        call_command("sweep_imports", stdout=output)

    stuck.refresh_from_db()
    assert stuck.state == ImportState.FAILED
    assert "interrupted jobs failed: 1" in output.getvalue()
    assert "NIK checks forgotten: 1" in output.getvalue()
    assert ForeignNikCheck.objects.count() == 1  # the one the last 24 hours still count


def test_the_beat_task_does_what_the_command_does(stuck: ImportJob) -> None:
    with time_machine.travel(NOW, tick=False):
        tasks.sweep_imports.delay()

    stuck.refresh_from_db()
    assert stuck.state == ImportState.FAILED


def test_beat_runs_the_sweep_every_few_minutes() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-imports"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == settings.IMPORT_SWEEP_EVERY_MINUTES * 60
