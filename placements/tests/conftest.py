"""Fixtures for the placements tests: the cast and its Japanese side, on the
job order tests' today (joborders/tests/world.TODAY)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from joborders.tests.world import Japan, build_japan, on_day
from tests.cast import Cast


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)
