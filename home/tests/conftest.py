"""Fixtures for the home tests: the cast, its Japanese side and a matching pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from joborders.tests.world import Japan, build_japan
from matching.tests.pool import Pool, build_pool
from tests.cast import Cast


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


@pytest.fixture
def pool(cast: Cast, japan: Japan, media: Path) -> Pool:
    return build_pool(cast, japan)
