"""The faults benchmark's choices that need no cluster (bench/bench_faults.py)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.bench_scripts import bench_script


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_script("bench_faults") as module:
        yield module


@pytest.mark.parametrize(
    ("at_least", "chosen"),
    [
        (2_000, [40]),  # the smallest alone holds enough
        (40_000, [27, 40]),  # the two smallest together
        (1_000_000, [4, 23, 27, 40]),  # every prefecture when all hold fewer
    ],
)
def test_the_killed_safety_check_asks_the_smallest_prefectures_that_hold_enough(
    bench: ModuleType, at_least: int, chosen: list[int]
) -> None:
    # The four prefectures of the seeded million, by their workers in Japan.
    workers = {4: 74_218, 23: 44_791, 27: 38_256, 40: 32_054}
    assert bench.smallest_prefectures(workers, at_least) == chosen


def test_a_tie_is_broken_by_the_prefectures_key(bench: ModuleType) -> None:
    assert bench.smallest_prefectures({9: 10, 3: 10, 5: 30}, 10) == [3]
