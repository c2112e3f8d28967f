"""The ledger's tests read messages in English, the source language, whatever
the project's default language is (pages are asked for in a language by the
client they use)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield
