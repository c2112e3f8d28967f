"""The demo's departures (placements.demo_departure), seeded with the whole
demo as ``make run`` does: every login that works on departures finds work."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from accounts.models import User
from demo.seed import seed_demo
from home.work import work_for
from placements.gate import gates_for, with_gate_relations
from placements.models import CohortStatus, DepartureCohort, GateRecord, Placement, PlacementStatus


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, db: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_it_gives_each_departure_login_a_gate_to_work_on(demo: None) -> None:
    today = timezone.localdate()
    [cohort] = DepartureCohort.objects.all()
    # The departures: placements made for a job order, not yet in Japan and never arrived (the
    # demo's workers in Japan or back home, placements.demo_stay, demo_japan, demo_returns, have).
    placements = list(
        with_gate_relations(
            Placement.objects.filter(job_order__isnull=False, arrived_on__isnull=True).exclude(
                status=PlacementStatus.IN_JAPAN
            )
        )
    )
    gates = gates_for(placements, today=today)

    assert cohort.status == CohortStatus.PLANNED
    assert cohort.flight_date == today + datetime.timedelta(days=10)
    assert {placement.status for placement in placements} == {PlacementStatus.PREPARING}
    assert any(gate.complete for gate in gates.values())
    assert any(not gate.complete for gate in gates.values())
    assert Placement.objects.filter(
        participant__sending_organization__code="lpk-karya-nusantara", job_order__company__code="sendai-seimitsu"
    ).exists()
    assert GateRecord.objects.exists()
    for username in ("kemnaker", "lpk.officer", "coop.officer"):
        with translation.override("en"):
            texts = [item.text for item in work_for(User.objects.get(username=username), today=today)]
        assert any("gate items open" in text for text in texts), username


def test_it_seeds_departures_once(demo: None) -> None:
    placements = Placement.objects.filter(job_order__isnull=False).count()

    seed_demo(participants=10, seed=12)

    assert Placement.objects.filter(job_order__isnull=False).count() == placements
    assert DepartureCohort.objects.count() == 1
