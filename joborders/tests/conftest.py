"""Fixtures for the job order tests: the Japanese side of the cast (world.py)."""

from __future__ import annotations

import pytest

from joborders.tests.world import Japan, build_japan
from tests.cast import Cast


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)
