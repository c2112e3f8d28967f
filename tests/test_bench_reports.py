"""The reports benchmark (bench/bench_reports.py) at a small size, on the
test database: its bulk-written world refreshes into figures that the live
tables' aggregation agrees with (the funnel's stages and medians, the
departures by year), and every dashboard is read."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from participants.models import Participant, StatusChange
from placements.models import FollowUp, Placement
from protection.models import Case
from reports.catalogue import DASHBOARDS
from reports.models import Snapshot

pytestmark = pytest.mark.django_db
BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))  # the script imports bench_deadlines' database helpers as its neighbour
    spec = importlib.util.spec_from_file_location("bench_reports", BENCH / "bench_reports.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    yield module
    sys.path.remove(str(BENCH))


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
