"""The deadline benchmark (bench/bench_deadlines.py) at a small size, on the
test database: its bulk-written world is one the sweep and the per-instance
baseline agree on, notice for notice, and the second sweep writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from placements.models import MonthlyVisit, Notice, Placement, QuarterlyReport, RegularInterview, StagePeriod
from tests.bench_scripts import bench_script

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_script("bench_deadlines") as module:
        yield module


def test_the_sweep_and_the_baseline_agree_at_a_small_size(bench: ModuleType) -> None:
    bench.seed_world(placements=400, seed=7)

    assert Placement.objects.in_japan().count() == StagePeriod.objects.count() == 400
    assert MonthlyVisit.objects.exists()
    assert RegularInterview.objects.exists()
    assert QuarterlyReport.objects.exists()
    measured = bench.measure(placements=400)  # exits if the baseline's notices differ from the sweep's

    assert measured.notices == Notice.objects.count() > 0
    assert measured.second_sweep_new_notices == 0
    assert measured.obligations >= measured.notices
    assert measured.sample_placements == 40
    assert measured.baseline_s > 0
    kinds = set(Notice.objects.values_list("kind", flat=True))
    assert kinds >= {"stage_end", "residence_card", "passport", "monthly_visit", "audit", "quarterly_report"}
