"""The clock of a breach: its deadline, its state, the hours left and the
reminder it has reached, and the register's queries over it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from breaches.actions import change_status
from breaches.models import Audience, Breach, BreachStatus, ClockState, DataKind, ReminderStage
from breaches.tests.world import a_breach, tell, told_everyone
from tests.cast import Cast

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def _found(cast: Cast, hours_ago: float) -> tuple[Breach, datetime.datetime]:
    now = timezone.now()
    breach = a_breach(cast, found_at=now - datetime.timedelta(hours=hours_ago))
    return Breach.objects.prefetch_related("notifications").get(pk=breach.pk), now


def _fresh(breach: Breach) -> Breach:
    return Breach.objects.prefetch_related("notifications").get(pk=breach.pk)


def test_it_gives_three_times_twenty_four_hours_from_the_moment_it_was_found(cast: Cast) -> None:
    breach, now = _found(cast, 10)
    assert breach.deadline == breach.found_at + 72 * HOUR
    assert breach.hours_left(now) == 62
    assert breach.clock_state(now) == ClockState.RUNNING


def test_it_rounds_the_hours_left_down_and_goes_negative_when_overdue(cast: Cast) -> None:
    breach, now = _found(cast, 71.5)
    assert breach.hours_left(now) == 0
    assert breach.clock_state(now) == ClockState.RUNNING
    assert breach.hours_left(now + 2 * HOUR) == -2
    assert breach.clock_state(now + 2 * HOUR) == ClockState.OVERDUE


def test_it_keeps_running_until_both_the_people_and_the_authority_are_told(cast: Cast) -> None:
    breach, now = _found(cast, 5)
    tell(cast, breach, Audience.DATA_SUBJECTS)
    tell(cast, breach, Audience.PARTNERS)
    breach = _fresh(breach)
    assert breach.not_told() == [Audience.AUTHORITY]
    assert breach.clock_state(now) == ClockState.RUNNING
    tell(cast, breach, Audience.AUTHORITY)
    assert _fresh(breach).clock_state(now + 100 * HOUR) == ClockState.MET


def test_it_marks_a_notice_after_the_deadline_as_late(cast: Cast) -> None:
    breach, now = _found(cast, 80)
    tell(cast, breach, Audience.DATA_SUBJECTS, at=now - 10 * HOUR)
    tell(cast, breach, Audience.AUTHORITY, at=now - HOUR)
    breach = _fresh(breach)
    assert breach.told_by() == now - HOUR
    assert breach.clock_state(now) == ClockState.LATE


def test_it_stops_the_clock_of_a_dismissed_report(cast: Cast) -> None:
    breach, now = _found(cast, 80)
    change_status(breach_id=breach.pk, to=BreachStatus.DISMISSED, outcome="Laptop ditemukan.", by=cast.ministry_officer)
    assert _fresh(breach).clock_state(now) == ClockState.STOPPED


@pytest.mark.parametrize(
    ("hours", "stage"),
    [
        (0.1, ReminderStage.FOUND),
        (23.9, ReminderStage.FOUND),
        (24, ReminderStage.DAY_ONE),
        (47.9, ReminderStage.DAY_ONE),
        (48, ReminderStage.DAY_TWO),
        (60, ReminderStage.LAST_HOURS),
        (71.9, ReminderStage.LAST_HOURS),
        (72, ReminderStage.OVERDUE),
        (500, ReminderStage.OVERDUE),
    ],
)
def test_it_reaches_each_reminder_at_its_hour(cast: Cast, hours: float, stage: ReminderStage) -> None:
    breach = _fresh(a_breach(cast, found_at=timezone.now() - datetime.timedelta(hours=1)))
    assert breach.stage_due(breach.found_at + datetime.timedelta(hours=hours)) == stage


def test_it_reaches_no_reminder_once_everyone_was_told_or_it_is_closed(cast: Cast) -> None:
    told, now = _found(cast, 30)
    told_everyone(cast, told)
    assert _fresh(told).stage_due(now) is None
    dismissed, _now = _found(cast, 30)
    change_status(breach_id=dismissed.pk, to=BreachStatus.DISMISSED, outcome="Bukan kebocoran.", by=cast.ministry_admin)
    assert _fresh(dismissed).stage_due(now) is None


def test_it_lists_the_breaches_waiting_for_a_notice_and_those_overdue(cast: Cast) -> None:
    now = timezone.now()
    fresh = a_breach(cast, found_at=now - HOUR)
    late = a_breach(cast, found_at=now - 73 * HOUR)
    half = a_breach(cast, found_at=now - 2 * HOUR)
    tell(cast, half, Audience.AUTHORITY)
    done = a_breach(cast, found_at=now - 2 * HOUR)
    told_everyone(cast, done)
    dismissed = a_breach(cast, found_at=now - 80 * HOUR)
    change_status(breach_id=dismissed.pk, to=BreachStatus.DISMISSED, outcome="Salah lapor.", by=cast.ministry_admin)
    assert set(Breach.objects.waiting_for_notice()) == {fresh, late, half}
    assert list(Breach.objects.overdue(now)) == [late]


def test_it_names_the_kinds_of_data_and_flags_specific_data(cast: Cast) -> None:
    breach = a_breach(cast, data_kinds=[DataKind.CONTACT, DataKind.HEALTH])
    assert breach.data_kinds == ["contact", "health"]
    assert breach.holds_specific_data
    assert not a_breach(cast, data_kinds=[DataKind.CONTACT]).holds_specific_data
    assert breach.number == f"PDP-{breach.pk}"
