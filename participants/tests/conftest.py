"""Fixtures for the participant's records: language levels and private media in
a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from reference.models import LanguageTest


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    """Uploads go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


@pytest.fixture
def language_levels(db: None) -> dict[str, LanguageTest]:
    """The levels of reference/data/language_tests.csv."""
    rows = [
        ("JLPT-N5", "JLPT", "N5", 10),
        ("JFT-BASIC-A1", "JFT-Basic", "A1", 10),
        ("JLPT-N4", "JLPT", "N4", 20),
        ("JFT-BASIC-A2", "JFT-Basic", "A2", 20),
        ("JLPT-N3", "JLPT", "N3", 30),
    ]
    return {
        code: LanguageTest.objects.create(code=code, family=family, level=level, rank=rank)
        for code, family, level, rank in rows
    }


@pytest.fixture
def english(client: Client) -> Client:
    """A client reading the pages in English, the source language, for tests
    that read messages (the default language is Indonesian)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
