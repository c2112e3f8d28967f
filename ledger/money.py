"""Amounts in the ledger: a ``Decimal`` in its currency's smallest unit in
use, never a float.

Rupiah and yen are both counted in whole units in practice (the sen and the
sen of the yen are not used in payments), so an amount has no decimals; a
currency added later states its own minor units in ``MINOR_UNITS``. An
amount with more decimals than its currency has is refused rather than
rounded: a rounded figure would no longer be the one on the receipt.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    IDR = "IDR", _("rupiah (IDR)")
    JPY = "JPY", _("yen (JPY)")


# Decimals each currency has in payments.
MINOR_UNITS: dict[str, int] = {Currency.IDR: 0, Currency.JPY: 0}
# The database column: up to a trillion rupiah, whole units.
MAX_DIGITS = 15
DECIMAL_PLACES = 0


class MoneyError(ValueError):
    """An amount or currency the ledger cannot hold; the message says why."""


def currency_of(value: object) -> Currency:
    if isinstance(value, str) and value.strip().upper() in Currency.values:
        return Currency(value.strip().upper())
    raise MoneyError(gettext("There is no currency “%(currency)s” here; use IDR or JPY.") % {"currency": value})


def amount_in(value: object, currency: Currency) -> Decimal:
    """``value`` as an exact amount of ``currency``; MoneyError for a float,
    a figure that is not a number, or more decimals than the currency has."""
    if isinstance(value, float | bool):
        # A float has already lost the exact figure; it never enters the ledger.
        raise MoneyError(gettext("An amount must be given exactly, as a whole number or a decimal figure."))
    try:
        amount = Decimal(value) if isinstance(value, int | str | Decimal) else Decimal("NaN")
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise MoneyError(gettext("“%(value)s” is not an amount of money.") % {"value": value})
    places = MINOR_UNITS[currency]
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise MoneyError(
            gettext("%(currency)s amounts have no decimals; %(value)s has some.")
            % {"currency": currency.value, "value": value}
            if places == 0
            else gettext("%(currency)s amounts have at most %(places)s decimals; %(value)s has more.")
            % {"currency": currency.value, "places": places, "value": value}
        )
    if amount.copy_abs() >= Decimal(10) ** (MAX_DIGITS - places):
        raise MoneyError(gettext("%(value)s is too large for an amount.") % {"value": value})
    return amount.quantize(Decimal(1).scaleb(-places))


def totals(amounts: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Exact sums per currency, every currency that has an amount (a sum of
    zero included: "Rp 0" is the answer the statement is there to give)."""
    sums: dict[str, Decimal] = {}
    for currency, amount in amounts:
        sums[currency] = sums.get(currency, Decimal(0)) + amount
    return sums
