"""Fixtures for the job order tests: the Japanese side of the cast (world.py)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from joborders.tests.world import Japan, build_japan
from tests.cast import Cast


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


@pytest.fixture
def english(client: Client) -> Client:
    """A client reading the pages in English, the source language, for tests
    that read messages (the default language is Indonesian)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
