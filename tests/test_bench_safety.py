"""The safety check benchmark (bench/bench_safety.py) at a small size, on
the test database: the check asks exactly the workers of the prefecture that
one insert per worker asks, a second creation asks nobody, the e-mail goes to
those with an address, and the board counts the answers written."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from placements.models import Placement
from protection.models import SafetyCheck, SafetyQuestion
from tests.bench_scripts import bench_script

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_script("bench_safety") as module:
        yield module


def test_the_check_asks_the_prefecture_once_and_the_board_counts_it(bench: ModuleType) -> None:
    miyagi = bench.seed_world(placements=600, in_prefecture=80, seed=7)

    assert Placement.objects.filter(prefecture_id=miyagi).count() == 80
    assert Placement.objects.exclude(prefecture_id=miyagi).values("prefecture").distinct().count() == 4
    measured = bench.measure(placements=600, in_prefecture=80, miyagi=miyagi)  # exits if counts disagree

    assert measured.asked == 80
    assert measured.again_asked == 0
    assert measured.emailed == 8
    assert SafetyCheck.objects.count() == 1  # the baseline's was rolled back
    assert SafetyQuestion.objects.count() == 80
    assert set(SafetyQuestion.objects.values_list("prefecture_id", flat=True)) == {miyagi}
    assert measured.baseline_s > 0
    assert measured.board_s > 0
