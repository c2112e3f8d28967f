"""Fixtures of the protection tests: the throttle's counts start empty in
every test (the cache outlives a test's database rollback)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_files(media: Path) -> Path:
    """Attachments go to a temporary folder."""
    return media
