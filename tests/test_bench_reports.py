"""The reports benchmark (bench/bench_reports.py) at a small size, on the
test database: its bulk-written world refreshes into figures that the live
tables' aggregation agrees with (the funnel's stages and medians, the
departures by year), and every dashboard is read."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from participants.models import Participant, StatusChange
from placements.models import FollowUp, Placement
from protection.models import Case
from reports.catalogue import DASHBOARDS
from reports.models import Snapshot
from tests.bench_scripts import bench_script

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_script("bench_reports") as module:
        yield module


def test_the_figures_agree_with_the_live_tables_at_a_small_size(bench: ModuleType) -> None:
    bench.seed_world(participants=1500, placements=400, grievances=60, seed=7)

    assert Participant.objects.count() == 1500
    assert Placement.objects.count() == 400
    assert Placement.objects.filter(follows__isnull=False).count() == 20
    assert Case.objects.count() == 60
    assert StatusChange.objects.count() > 1500
    assert FollowUp.objects.filter(entered_at__isnull=False).exists()
    measured = bench.measure(participants=1500, placements=400, grievances=60)  # exits if the figures disagree

    assert set(measured.pages_ms) >= set(DASHBOARDS)
    assert measured.figures == Snapshot.objects.get().figures > 0
    assert measured.worst_ms > 0
    assert set(measured.baseline_ms) == set(DASHBOARDS)
