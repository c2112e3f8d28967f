"""Fixtures for the job order tests: the Japanese side of the cast (world.py),
on the tests' own today (world.TODAY), so that orders starting on
world.START have not started yet whatever the real date."""

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
