"""Fixtures for the protection tests: the cast's Japanese side, on the job
order tests' today (joborders/tests/world.TODAY, 1 June 2026)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from joborders.tests.world import Japan, build_japan, on_day
from tests.cast import Cast


@pytest.fixture
def today() -> Iterator[None]:
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast, today: None) -> Japan:
    return build_japan(cast)
