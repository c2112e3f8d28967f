"""Fixtures for the matching tests: the cast, the Japanese side, and a pool
(pool.py), on the job order tests' today (joborders/tests/world.TODAY), so that
the pool's orders have not started yet whatever the real date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from joborders.tests.world import Japan, build_japan, on_day
from matching.tests.pool import Pool, build_pool
from tests.cast import Cast


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


@pytest.fixture
def pool(cast: Cast, japan: Japan, media: Path) -> Pool:
    return build_pool(cast, japan)
