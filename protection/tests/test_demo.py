"""The demo's protection data (protection.demo), seeded with the whole demo
as ``make run`` does: cases from every door and in every status, the
conversation, a consent and its referral, check-in rounds with answers that
signal problems, and dashboards with figures for the demo logins."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts import access
from accounts.models import User
from audit.models import AuditEntry
from demo.seed import seed_demo
from protection.dashboards import Period, Sources, dashboard
from protection.demo import DEMO_PIN
from protection.models import (
    Case,
    CheckIn,
    CheckInRound,
    Door,
    Referral,
    Status,
    Visibility,
    case_for_code_and_pin,
)


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, db: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_it_opens_cases_from_every_door_in_every_status(demo: None) -> None:
    assert set(Case.objects.values_list("door", flat=True)) == set(Door.values)
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert Case.objects.filter(
        status_changes__from_status=Status.RESOLVED, status_changes__to_status=Status.IN_PROGRESS
    )
    assert AuditEntry.objects.filter(target_type="protection.case").count() >= Case.objects.count()


def test_it_lets_the_anonymous_reporter_follow_their_case_with_code_and_pin(demo: None) -> None:
    anonymous = Case.objects.get(door=Door.ANONYMOUS)
    assert case_for_code_and_pin(anonymous.tracking_code, DEMO_PIN) == anonymous
    conversation = anonymous.notes.for_reporter()
    assert conversation.filter(from_reporter=True).exists()
    assert conversation.filter(from_reporter=False).exists()
    referral = Referral.objects.get(case=anonymous)
    assert referral.consent.withdrawn_at is None
    assert not referral.identity_shared


def test_it_asks_everyone_in_japan_each_month_and_some_answers_signal_problems(demo: None) -> None:
    assert CheckInRound.objects.count() >= 2
    checkins = CheckIn.objects.all()
    assert checkins.answered().exists()
    assert checkins.unanswered().exists()
    signalling = checkins.signalling()
    assert signalling.exists()
    assert signalling.filter(case__door=Door.CHECK_IN).exists()
    assert Case.objects.filter(notes__visibility=Visibility.INTERNAL).exists()


def test_it_gives_the_demo_logins_dashboards_with_figures(demo: None) -> None:
    # Every round seeded, so that a round closed at least once is in the period whatever the day.
    first = CheckInRound.objects.order_by("month").first()
    assert first is not None
    period = Period(start=first.month, end=timezone.localdate())
    for username in ("kemnaker", "lpk.officer", "ap2ln.officer", "kbri.officer"):
        user = User.objects.get(username=username)
        cases, checkins = access.cases_counted_for(user), access.checkins_counted_for(user)
        figures = dashboard(Sources(cases=cases, checkins=checkins, period=period))
        assert figures.open_by_handler.total.total, username
        assert figures.checkins_by_company.total.answered, username
        assert figures.breaches.total.past_clock_now, username


def test_it_seeds_protection_once(demo: None) -> None:
    cases, checkins = Case.objects.count(), CheckIn.objects.count()
    seed_demo(participants=10, seed=12)
    assert (Case.objects.count(), CheckIn.objects.count()) == (cases, checkins)
