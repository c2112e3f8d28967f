"""Amounts are exact: decimals the currency does not have are refused, and
totals per currency equal an exact rational reference over many entries."""

from __future__ import annotations

import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import timezone

from ledger.models import CostClass, LedgerEntry, Payer
from ledger.money import Currency, MoneyError, amount_in, currency_of, totals
from tests.cast import Cast

ENTRIES = 10_000


@pytest.mark.parametrize("value", ["1", 25_000_000, Decimal("540000"), "1000000.00", " 12 "])
def test_it_takes_whole_amounts_in_any_exact_form(value: object) -> None:
    assert amount_in(str(value).strip() if isinstance(value, str) else value, Currency.IDR) == Decimal(
        str(value).strip()
    ).quantize(Decimal(1))


@pytest.mark.parametrize("value", ["0.5", "12.01", Decimal("1e-1")])
def test_it_refuses_decimals_the_currency_does_not_have(value: object) -> None:
    with pytest.raises(MoneyError, match="no decimals"):
        amount_in(value, Currency.JPY)


@pytest.mark.parametrize("value", [1.0, True, "NaN", "Infinity", None, "1e40"])
def test_it_refuses_what_is_not_an_exact_amount(value: object) -> None:
    with pytest.raises(MoneyError):
        amount_in(value, Currency.IDR)


@pytest.mark.parametrize("value", ["USD", "", None, "rupiah"])
def test_it_refuses_an_unknown_currency(value: object) -> None:
    with pytest.raises(MoneyError, match="no currency"):
        currency_of(value)


def test_it_reads_a_currency_code_in_any_case() -> None:
    assert currency_of(" jpy ") == Currency.JPY


def test_it_keeps_totals_per_currency_exact_over_many_entries(cast: Cast) -> None:
    generator = random.Random(15)  # noqa: S311 - test data, repeatable by its seed
    cost = CostClass.objects.get(code="training")
    now = timezone.now()
    reference: dict[str, Fraction] = {"IDR": Fraction(0), "JPY": Fraction(0)}
    entries = []
    for _ in range(ENTRIES):
        currency = generator.choice(["IDR", "JPY"])
        amount = generator.randint(1, 10**13 if currency == "IDR" else 10**9)
        reference[currency] += Fraction(amount)
        entries.append(
            LedgerEntry(
                participant=cast.budi,
                cost_class=cost,
                amount=Decimal(amount),
                currency=currency,
                payer=Payer.MINISTRY,
                payee_name="BLK",
                paid_on=now.date(),
                booked_by=cast.ministry_officer,
                booked_at=now,
            )
        )
    LedgerEntry.objects.bulk_create(entries, batch_size=500)
    summed = LedgerEntry.objects.totals()
    assert {currency: Fraction(total) for currency, total in summed.items()} == reference
    in_python = totals((entry.currency, entry.amount) for entry in LedgerEntry.objects.all())
    assert {currency: Fraction(total) for currency, total in in_python.items()} == reference
