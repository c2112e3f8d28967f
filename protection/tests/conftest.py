"""Fixtures for the protection tests: the cast's Japanese side on the job
order tests' today (joborders/tests/world.TODAY, 1 June 2026); the
throttle's counts start empty in every test (the cache outlives a test's
database rollback); attachments go to a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

from joborders.tests.world import Japan, build_japan, on_day
from tests.cast import Cast


@pytest.fixture
def today() -> Iterator[None]:
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast, today: None) -> Japan:
    return build_japan(cast)


@pytest.fixture(autouse=True)
def empty_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_files(media: Path) -> Path:
    return media
