"""Fixtures for the placements tests: the cast and its Japanese side, on the
job order tests' today (joborders/tests/world.TODAY); for selection, a
published shortlist of three candidates for an order of two positions
(world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from joborders.tests.world import Japan, build_japan, on_day
from placements.tests.world import Selection, build_selection
from tests.cast import Cast


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


@pytest.fixture
def selection(cast: Cast, japan: Japan, media: Path) -> Selection:
    return build_selection(cast, japan)
