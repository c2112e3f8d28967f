"""The rules' tests read explanations in English, the source language, whatever
the project's default language is."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

# A decision date under the packaged rule versions, before ESD starts.
DAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield
