"""The demo's work in Japan (placements.demo_stay), seeded with the whole demo
as ``make run`` does: the Japanese logins find an arrival to record, a stage
move to make and upskilling to read; one worker has moved on to stage ii."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from accounts import access
from accounts.models import User
from demo.seed import seed_demo
from participants.models import Status
from placements.demo_departure import DEMO_COMPANY
from placements.models import Placement, PlacementStatus, SkillTestResult, StagePeriod, StayStage, Upskilling


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, db: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_it_puts_workers_in_japan_at_every_step(demo: None) -> None:
    # The demo company's workers (placements.demo_japan gives others, placed by their record, theirs too).
    working = Placement.objects.in_japan().filter(job_order__company__code=DEMO_COMPANY)

    assert working.filter(arrived_on__isnull=True).count() == 1
    assert working.filter(arrived_on__isnull=False).count() >= 3
    assert set(working.values_list("participant__status", flat=True)) == {Status.DEPARTED, Status.PLACED}
    # The move recorded through the rules keeps its answer (other demos' periods are written as history).
    moved = StagePeriod.objects.filter(placement__in=working).exclude(rule_version="").get(stage=StayStage.TITP_II)
    assert moved.rule_version
    assert StagePeriod.objects.filter(placement=moved.placement, stage=StayStage.TITP_I).get().ended_on
    assert Upskilling.objects.filter(result=SkillTestResult.PASSED).count() == 2
    for username in ("coop.officer", "company.officer", "kemnaker"):
        user = User.objects.get(username=username)
        assert access.stay_writable_by(user).filter(pk__in=working).count() == working.count(), username


def test_it_seeds_the_work_in_japan_once(demo: None) -> None:
    # The demo company's (a second seeding adds people, whom placements.demo_japan places too).
    periods = StagePeriod.objects.filter(placement__job_order__company__code=DEMO_COMPANY)
    before = periods.count()
    in_japan = Placement.objects.filter(status=PlacementStatus.IN_JAPAN, job_order__company__code=DEMO_COMPANY)
    working = in_japan.count()

    seed_demo(participants=10, seed=12)

    assert periods.count() == before
    assert in_japan.count() == working
