"""Yen and rupiah written the reader's way: one grouping per language, whole
amounts, the rate with every decimal the ministry gave."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from lib import money

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("id", 192_000, "¥192.000"),
        ("ja", 192_000, "¥192,000"),
        ("en", 192_000, "¥192,000"),
        ("id", 999, "¥999"),
        ("id", 1_000, "¥1.000"),
        ("ja", 1_234_567, "¥1,234,567"),
        ("id", 0, "¥0"),
        ("en", -5_000, "-¥5,000"),
        ("id", Decimal("185000"), "¥185.000"),
    ],
)
def test_it_writes_yen_with_the_languages_grouping(language: str, amount: int | Decimal, shown: str) -> None:
    with translation.override(language):
        assert money.yen(amount) == shown


@pytest.mark.parametrize(
    ("language", "amount", "shown"),
    [
        ("id", 10_512_000, f"Rp{NBSP}10.512.000"),
        ("en", 10_512_000, f"Rp{NBSP}10,512,000"),
        ("ja", 10_512_000, f"Rp{NBSP}10,512,000"),
        ("id", 500, f"Rp{NBSP}500"),
    ],
)
def test_it_writes_rupiah_with_the_languages_grouping(language: str, amount: int, shown: str) -> None:
    with translation.override(language):
        assert money.rupiah(amount) == shown


@pytest.mark.parametrize(
    ("language", "rate", "shown"),
    [
        ("id", Decimal("109.5"), f"Rp{NBSP}109,50"),
        ("en", Decimal("109.5000"), f"Rp{NBSP}109.50"),
        ("id", Decimal("109.5625"), f"Rp{NBSP}109,5625"),
        ("ja", Decimal("110"), f"Rp{NBSP}110.00"),
        ("id", Decimal("1234.5"), f"Rp{NBSP}1.234,50"),
    ],
)
def test_it_writes_a_rate_with_at_least_two_decimals_and_every_one_given(
    language: str, rate: Decimal, shown: str
) -> None:
    with translation.override(language):
        assert money.rate(rate) == shown


@pytest.mark.parametrize(
    ("amount", "rate", "rupiah"),
    [
        (96_000, Decimal("109.50"), 10_512_000),
        (192_000, Decimal("109.50"), 21_024_000),
        (5_000, Decimal("109.50"), 548_000),  # 547,500 rounds half up
        (4_999, Decimal("109.50"), 547_000),  # 547,390.5 rounds down
        (1, Decimal("109.50"), 0),
        (0, Decimal("109.50"), 0),
    ],
)
def test_it_converts_yen_to_rupiah_to_the_nearest_thousand(amount: int, rate: Decimal, rupiah: int) -> None:
    assert money.yen_in_rupiah(amount, rate) == rupiah
