"""The money filters and the rupiah equivalent as templates use them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from reference.models import ExchangeRate
from tests.cast import Cast

NBSP = "\u00a0"


def rendered(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load money %}" + source).render(Context(context))


@pytest.fixture
def rate(cast: Cast) -> ExchangeRate:
    return ExchangeRate.objects.create(
        effective_from=datetime.date(2026, 12, 1),
        idr_per_jpy=Decimal("109.50"),
        source="JISDOR",
        set_by=cast.ministry_admin,
    )


@pytest.mark.parametrize(
    ("language", "shown"), [("id", "¥192.000 · Rp\u00a01.234.567"), ("en", "¥192,000 · Rp\u00a01,234,567")]
)
def test_it_writes_amounts_the_readers_way(language: str, shown: str) -> None:
    assert rendered("{{ wage|yen }} · {{ pay|rupiah }}", language, wage=192_000, pay=1_234_567) == shown


def test_it_writes_a_dash_for_no_amount() -> None:
    assert rendered("{{ wage|yen }} {{ pay|rupiah }}", "id", wage=None, pay=None) == "— —"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", f"≈ Rp{NBSP}10,512,000 (rate 1 JPY = Rp{NBSP}109.50, 1 December 2026)"),
        ("id", f"Rp{NBSP}10.512.000"),
        ("id", f"Rp{NBSP}109,50, 1 Desember 2026)"),
        ("ja", f"Rp{NBSP}10,512,000"),
        ("ja", "2026年12月1日"),
    ],
)
def test_it_shows_the_rupiah_equivalent_with_its_rate_and_date(rate: ExchangeRate, language: str, shown: str) -> None:
    page = rendered("{% rupiah_equivalent wage %}", language, wage=96_000, rupiah_rate=lambda: rate)

    assert shown in page


@pytest.mark.parametrize("context", [{}, {"rupiah_rate": None}, {"rupiah_rate": lambda: None}])
def test_it_shows_nothing_without_a_rate_for_the_reader(db: None, context: dict[str, object]) -> None:
    assert rendered("[{% rupiah_equivalent wage %}]", "id", wage=96_000, **context) == "[]"


def test_it_shows_nothing_for_no_amount(rate: ExchangeRate) -> None:
    assert rendered("[{% rupiah_equivalent wage %}]", "id", wage=None, rupiah_rate=rate) == "[]"
