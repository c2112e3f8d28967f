"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings

from lib import seek, short_lists
from tests.cast import Cast, build_cast


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with nothing kept: a test's database is rolled back
    after it, and what was kept of it (the home's counts in the cache, the
    filters' short lists, the lists known to be long) must not show in the next."""
    cache.clear()
    short_lists.forget_all()
    seek.forget_counts()


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    """Uploads go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


@pytest.fixture
def english(client: Client) -> Client:
    """A client reading the pages in English, the source language, for tests
    that read messages (the default language is Indonesian)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
