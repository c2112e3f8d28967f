"""The demo's returns (placements.demo_returns), seeded with the whole demo
as ``make run`` does: the Japanese logins find someone coming home, and the
demo LPK/SO and BLK find returnees with follow-ups due and overdue."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from accounts import access
from accounts.models import User
from demo.seed import seed_demo
from participants.models import Status
from placements.models import FollowUpState, HomeReturn, follow_up_today


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, db: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_it_gives_the_japanese_logins_someone_coming_home(demo: None) -> None:
    for username in ("kemnaker", "coop.officer", "company.officer"):
        user = User.objects.get(username=username)
        assert access.returns_recordable_by(user).filter(status="in_japan", arrived_on__isnull=False).exists(), username


def test_it_gives_the_lpk_and_blk_returnees_with_follow_ups_due_and_overdue(demo: None) -> None:
    today = follow_up_today()
    homes = list(HomeReturn.objects.select_related("placement__participant"))

    assert len(homes) == 3
    assert all(home.placement.participant.status == Status.RETURNED for home in homes)
    states = {f.state(on=today) for home in homes for f in home.follow_ups.all()}
    assert {FollowUpState.ENTERED, FollowUpState.OVERDUE, FollowUpState.DUE} <= states
    for username in ("lpk.officer", "blk.bekasi"):
        user = User.objects.get(username=username)
        assert access.follow_ups_writable_by(user).exists(), username


def test_it_seeds_returns_once(demo: None) -> None:
    seed_demo(participants=10, seed=12)

    assert HomeReturn.objects.count() == 3
