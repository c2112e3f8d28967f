"""Fixtures for the matching tests: the cast, the Japanese side, and a pool (pool.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from joborders.tests.world import Japan, build_japan
from matching.tests.pool import Pool, build_pool
from tests.cast import Cast


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    """Uploads (passports) go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


@pytest.fixture
def pool(cast: Cast, japan: Japan, media: Path) -> Pool:
    return build_pool(cast, japan)


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
