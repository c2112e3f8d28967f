"""The demo's people in Japan and back home (placements.demo_japan), seeded
with the whole demo: each has a placement consistent with their status, and
nobody is stuck now that only placements move them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from demo.seed import seed_demo
from participants.models import Participant, Status
from placements.actions.legacy import needs_placement
from placements.models import Disappearance, Ending, Placement, PlacementStatus, StagePeriod
from placements.moves_sections import disappearance_of, open_actions

pytestmark = pytest.mark.django_db

EXPECTED = {
    Status.DEPARTED: (PlacementStatus.IN_JAPAN, ""),
    Status.PLACED: (PlacementStatus.IN_JAPAN, ""),
    Status.TRANSFERRED: (PlacementStatus.ENDED, Ending.TRANSFERRED),
    Status.MISSING: (PlacementStatus.ENDED, Ending.MISSING),
    Status.DECEASED: (PlacementStatus.ENDED, Ending.DECEASED),
    Status.RETURNED_EARLY: (PlacementStatus.ENDED, Ending.RETURNED_EARLY),
    Status.RETURNED: (PlacementStatus.ENDED, Ending.COMPLETED),
}


@pytest.fixture
def demo(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_everyone_in_japan_or_home_has_a_placement_consistent_with_their_status(demo: None) -> None:
    people = Participant.objects.filter(status__in=list(EXPECTED)).prefetch_related("placements")

    assert {person.status for person in people} >= {Status.PLACED, Status.RETURNED}
    for person in people:
        [placement] = person.placements.all()
        assert (placement.status, placement.ending) == EXPECTED[Status(person.status)], person.status
        if placement.ending:
            assert placement.ended_on is not None


def test_those_at_work_have_a_current_stage_period_with_its_rule_answer(demo: None) -> None:
    # Those this module places (no job order); the worked examples of the other demos keep their own.
    at_work = Placement.objects.filter(status=PlacementStatus.IN_JAPAN, arrived_on__isnull=False, job_order=None)

    assert at_work.exists()
    for placement in at_work:
        period = StagePeriod.objects.get(placement=placement, ended_on__isnull=True)
        assert period.stage == placement.stage
        if placement.stage.startswith("titp"):
            assert period.rule_family == "titp_stages"
            assert period.planned_end_on == placement.planned_end_on


def test_the_missing_have_an_open_disappearance(demo: None) -> None:
    missing = Participant.objects.filter(status=Status.MISSING)

    assert Disappearance.objects.filter(closed_on__isnull=True).count() == missing.count()


def test_nobody_is_stuck(demo: None) -> None:
    for person in Participant.objects.filter(
        status__in=[Status.DEPARTED, Status.PLACED, Status.MISSING, Status.TRANSFERRED]
    ):
        placement = person.placements.get()
        assert open_actions(placement, disappearance_of(placement)) or needs_placement(person), person.status


def test_it_seeds_once(demo: None) -> None:
    before = dict(Placement.objects.values_list("pk", "participant_id"))

    seed_demo(participants=10, seed=12)

    assert dict(Placement.objects.filter(participant_id__in=before.values()).values_list("pk", "participant_id")) == (
        before
    )
