"""``{{ amount|in_currency:currency }}``: a ledger amount written the
reader's way (lib.money), Rp 1.500.000 or ¥300,000, whatever its currency."""

from __future__ import annotations

from decimal import Decimal

from django import template

from lib import money

register = template.Library()


@register.filter
def in_currency(amount: Decimal | int | None, currency: str) -> str:
    if amount is None:
        return "—"
    if currency == "JPY":
        return money.yen(amount)
    if currency == "IDR":
        return money.rupiah(amount)
    return f"{currency} {amount}"


@register.filter
def idr_rate(rate: Decimal | None) -> str:
    """A rate in rupiah for one yen, with the decimals the ministry gave (Rp 109,50)."""
    return "—" if rate is None else money.rate(rate)
