"""Fixtures for the participant's records: language levels and private media in
a temporary folder."""

from __future__ import annotations

import pytest

from reference.models import LanguageTest


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
