"""The retention schedule: what it reaches, what keeps data longer, and its
runs by the Celery task and the management command (with --dry-run)."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from ledger.tests.world import PAID_ON, book
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.tests.duty_world import budi_at_work
from privacy import retention, tasks
from privacy.actions import apply_retention
from privacy.models import Anonymization, RetentionException
from protection.tests.intake_world import budis_report
from tests.cast import Cast

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def _withdrawn(cast: Cast) -> Participant:
    return participant_actions.change_status(
        participant_id=cast.budi.pk, to=Status.WITHDRAWN, by=cast.lpk_officer, reason="Tidak jadi berangkat."
    )


def _years_on(years: int, days: int = 1) -> datetime.datetime:
    return timezone.now().replace(year=timezone.now().year + years) + datetime.timedelta(days=days)


def _anonymized() -> set[int]:
    return set(Anonymization.objects.participant_ids())


def test_it_finds_no_exception_for_a_person_with_nothing_open(cast: Cast) -> None:
    assert retention.exceptions_for(cast.budi.pk, today=TODAY) == []


def test_it_keeps_a_person_with_a_live_placement(cast: Cast) -> None:
    budi_at_work(cast)

    assert retention.exceptions_for(cast.budi.pk, today=TODAY) == [RetentionException.LIVE_PLACEMENT]


def test_it_keeps_a_person_with_an_open_grievance(cast: Cast) -> None:
    budis_report(cast)

    assert retention.exceptions_for(cast.budi.pk, today=TODAY) == [RetentionException.OPEN_GRIEVANCE]


@pytest.mark.parametrize(("years_since", "days", "kept"), [(9, 0, True), (10, 0, True), (10, 1, False)])
def test_it_keeps_cost_records_for_ten_years(cast: Cast, years_since: int, days: int, kept: bool) -> None:
    book(cast, paid_on=PAID_ON)
    today = PAID_ON.replace(year=PAID_ON.year + years_since) + datetime.timedelta(days=days)

    found = retention.exceptions_for(cast.budi.pk, today=today)

    assert (RetentionException.LEDGER in found) is kept


@pytest.mark.parametrize(
    ("moment", "years", "expected"),
    [
        (datetime.date(2026, 12, 6), 10, datetime.date(2016, 12, 6)),
        (datetime.date(2028, 2, 29), 2, datetime.date(2026, 2, 28)),
    ],
)
def test_it_counts_years_as_the_calendar_does(moment: datetime.date, years: int, expected: datetime.date) -> None:
    assert retention.years_before(moment, years) == expected


def test_it_reaches_the_withdrawn_only_after_two_years(cast: Cast) -> None:
    _withdrawn(cast)
    rule = next(rule for rule in retention.SCHEDULE if rule.code == "left_before_departure")

    assert retention.due_under(rule, now=_years_on(2, days=-1)) == []
    assert retention.due_under(rule, now=_years_on(2)) == [cast.budi.pk]


def test_it_anonymizes_what_has_expired_and_counts_it(cast: Cast) -> None:
    _withdrawn(cast)

    outcomes = apply_retention(now=_years_on(2), dry_run=False)

    left = next(outcome for outcome in outcomes if outcome.rule.code == "left_before_departure")
    assert (left.due, left.anonymized) == (1, 1)
    assert _anonymized() == {cast.budi.pk}
    assert Anonymization.objects.get().rule == "left_before_departure"
    assert Participant.objects.get(pk=cast.budi.pk).full_name.startswith("Anonim")


def test_it_anonymizes_a_person_once(cast: Cast) -> None:
    _withdrawn(cast)
    apply_retention(now=_years_on(2), dry_run=False)

    outcomes = apply_retention(now=_years_on(3), dry_run=False)

    assert sum(outcome.due for outcome in outcomes) == 0


def test_it_keeps_an_expired_record_an_exception_holds_and_says_which(cast: Cast) -> None:
    _withdrawn(cast)
    budis_report(cast)

    outcomes = apply_retention(now=_years_on(2), dry_run=False)

    left = next(outcome for outcome in outcomes if outcome.rule.code == "left_before_departure")
    assert (left.due, left.anonymized, dict(left.kept)) == (1, 0, {RetentionException.OPEN_GRIEVANCE: 1})
    assert _anonymized() == set()


def test_it_changes_nothing_in_a_dry_run(cast: Cast) -> None:
    _withdrawn(cast)

    outcomes = apply_retention(now=_years_on(2), dry_run=True)

    assert sum(outcome.anonymized for outcome in outcomes) == 1
    assert _anonymized() == set()
    assert Participant.objects.get(pk=cast.budi.pk).full_name == "Budi Santoso"


def test_it_leaves_the_active_and_the_recent_alone(cast: Cast) -> None:
    apply_retention(now=_years_on(20), dry_run=False)  # budi registered, siti placed: no rule reaches them

    assert _anonymized() == set()


def test_it_prints_a_dry_run_per_rule_from_the_command(cast: Cast) -> None:
    _withdrawn(cast)
    out = io.StringIO()

    with time_machine.travel(_years_on(2)):
        call_command("apply_retention", "--dry-run", stdout=out)

    assert "left_before_departure: due 1, would anonymize 1, kept 0" in out.getvalue()
    assert "ledger: kept (10 years)" in out.getvalue()
    assert _anonymized() == set()


def test_it_anonymizes_from_the_command_without_dry_run(cast: Cast) -> None:
    _withdrawn(cast)
    out = io.StringIO()

    with time_machine.travel(_years_on(2)):
        call_command("apply_retention", stdout=out)

    assert "left_before_departure: due 1, anonymized 1, kept 0" in out.getvalue()
    assert _anonymized() == {cast.budi.pk}


def test_it_is_scheduled_every_night() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention-schedule"]

    assert entry["task"] == tasks.apply_retention_schedule.name
    assert entry["schedule"] == crontab(minute="30", hour="2")


def test_it_runs_the_beat_task_in_process(cast: Cast) -> None:
    _withdrawn(cast)
    with time_machine.travel(_years_on(2)):
        tasks.apply_retention_schedule.delay()

    assert _anonymized() == {cast.budi.pk}
