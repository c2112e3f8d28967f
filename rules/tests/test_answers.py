"""A message's figures are written when it is shown, in the language then
active: dates in the reader's format, counts and yen grouped their way."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from rules import Message, Named, Yen
from rules.answers import yen

MESSAGE = Message(
    "%(count)s staff, %(amount)s, from %(day)s",
    count=1250,
    amount=yen(192_000),
    day=datetime.date(2026, 12, 2),
)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "1,250 staff, ¥192,000, from 2 December 2026"),
        ("id", "1.250 staff, ¥192.000, from 2 Desember 2026"),
        ("ja", "1,250 staff, ¥192,000, from 2026年12月2日"),
    ],
)
def test_it_writes_figures_in_the_language_active_when_shown(language: str, shown: str) -> None:
    with translation.override(language):
        assert str(MESSAGE) == shown


def test_it_keeps_yen_as_an_amount_until_shown() -> None:
    assert yen(192_000) == Yen(192_000)
    assert dict(MESSAGE.params)["amount"] == Yen(192_000)


def test_it_writes_small_numbers_and_text_as_they_are() -> None:
    with translation.override("id"):
        assert str(Message("%(n)s %(label)s", n=30, label="2026-initial")) == "30 2026-initial"


@pytest.mark.parametrize(
    ("language", "shown"),
    [("ja", "建設"), ("id", "Konstruksi"), ("en", "Construction")],
)
def test_it_names_a_listed_thing_in_the_language_active_when_shown(language: str, shown: str) -> None:
    message = Message("%(field)s", field=Named(ja="建設", en="Construction", id="Konstruksi"))

    with translation.override(language):
        assert str(message) == shown


def test_a_name_missing_in_the_readers_language_falls_back_to_english_then_japanese() -> None:
    with translation.override("id"):
        assert str(Message("%(field)s", field=Named(ja="建設", en="Construction"))) == "Construction"
        assert str(Message("%(field)s", field=Named(ja="建設", en=""))) == "建設"
