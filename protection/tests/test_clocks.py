"""Escalation with frozen time: a case nobody acknowledged within 24 hours
goes up the chain, once, by the sweep that Celery beat and the command run."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from protection import tasks
from protection.actions.cases import change_status
from protection.clocks import sweep_case_clocks
from protection.models import Body, Case, Category, Level, Status
from protection.tests.case_world import budis_case, referred
from tests.cast import Cast

pytestmark = pytest.mark.django_db

OPENED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def opened(cast: Cast) -> Case:
    """Budi's case, opened at OPENED (9:00 UTC, a Monday)."""
    with time_machine.travel(OPENED, tick=False):
        return budis_case(cast)


def _sweep_at(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return sweep_case_clocks(now=timezone.now()).total


def test_it_leaves_a_case_alone_within_its_24_hours(opened: Case) -> None:
    assert _sweep_at(OPENED + 24 * HOUR - datetime.timedelta(seconds=1)) == 0
    opened.refresh_from_db()
    assert opened.level == Level.SENDING_ORGANIZATION
    assert not opened.escalations.exists()


def test_it_sends_an_unacknowledged_case_past_the_supervising_organization_to_the_ministry(
    cast: Cast, opened: Case
) -> None:
    moment = OPENED + 24 * HOUR + datetime.timedelta(minutes=1)
    assert _sweep_at(moment) == 1
    opened.refresh_from_db()
    assert opened.level == Level.MINISTRY_AND_EMBASSY
    assert opened.assigned_organization == cast.ministry
    step = opened.escalations.get()
    assert (step.by, step.at, step.level) == (None, moment, Level.MINISTRY_AND_EMBASSY)
    # The ministry gets 24 hours of its own.
    assert opened.acknowledge_by == moment + 24 * HOUR


def test_it_goes_on_from_the_supervising_organization_a_referral_reached(cast: Cast, opened: Case) -> None:
    with time_machine.travel(OPENED + 2 * HOUR, tick=False):
        referred(cast, opened, body=Body.SUPERVISING_ORGANIZATION)
    opened.refresh_from_db()
    assert opened.level == Level.SUPERVISING_ORGANIZATION
    assert _sweep_at(OPENED + 25 * HOUR) == 1
    opened.refresh_from_db()
    assert opened.level == Level.MINISTRY_AND_EMBASSY
    assert [step.level for step in opened.escalations.all()] == [
        Level.SUPERVISING_ORGANIZATION,
        Level.MINISTRY_AND_EMBASSY,
    ]


def test_it_escalates_once_however_often_the_sweep_runs(opened: Case) -> None:
    assert _sweep_at(OPENED + 25 * HOUR) == 1
    assert _sweep_at(OPENED + 26 * HOUR) == 0
    # Past the ministry's own 24 hours there is no level above: the case stays breached.
    assert _sweep_at(OPENED + 60 * HOUR) == 0
    opened.refresh_from_db()
    assert opened.escalations.count() == 1
    assert Case.objects.unacknowledged_past(OPENED + 60 * HOUR).filter(pk=opened.pk).exists()


def test_it_leaves_an_acknowledged_case_with_its_handler(cast: Cast, opened: Case) -> None:
    with time_machine.travel(OPENED + 23 * HOUR, tick=False):
        change_status(case_id=opened.pk, to=Status.ACKNOWLEDGED, by=cast.lpk_officer, version=opened.version)
    assert _sweep_at(OPENED + 48 * HOUR) == 0
    opened.refresh_from_db()
    assert (opened.level, opened.assigned_organization) == (Level.SENDING_ORGANIZATION, cast.lpk)


def test_it_does_not_step_twice_for_a_case_that_went_up_at_once(cast: Cast) -> None:
    with time_machine.travel(OPENED, tick=False):
        case = budis_case(cast, category=Category.VIOLENCE)
    assert case.level == Level.MINISTRY_AND_EMBASSY
    assert _sweep_at(OPENED + 30 * HOUR) == 0
    assert case.escalations.count() == 1


def test_the_command_and_the_beat_task_run_the_same_sweep(cast: Cast) -> None:
    with time_machine.travel(OPENED, tick=False):
        first, second = budis_case(cast), budis_case(cast)
    out = StringIO()
    with time_machine.travel(OPENED + 25 * HOUR, tick=False):
        call_command("sweep_case_clocks", stdout=out)
    assert out.getvalue().strip() == "cases escalated: 2 (level 3: 2)"
    with time_machine.travel(OPENED + 26 * HOUR, tick=False):
        third = budis_case(cast)
    with time_machine.travel(OPENED + 51 * HOUR, tick=False):
        tasks.sweep_case_clocks()
    levels = Case.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("level", flat=True)
    assert set(levels) == {Level.MINISTRY_AND_EMBASSY}
    assert sum(case.escalations.count() for case in (first, second, third)) == 3


def test_beat_runs_the_sweep_every_quarter_hour_by_default() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-case-clocks"]
    assert entry["task"] == "protection.tasks.sweep_case_clocks"
    assert entry["schedule"] == settings.CASE_CLOCK_SWEEP_EVERY_MINUTES * 60.0
    assert settings.CASE_CLOCK_SWEEP_EVERY_MINUTES == 15
