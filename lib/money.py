"""Amounts of money written the reader's way, in one place for pages,
messages and rule explanations.

Yen and rupiah are whole amounts, grouped as the active language groups
thousands (config/formats/): ¥192.000 and Rp 10.512.000 on Indonesian pages,
¥192,000 and Rp 10,512,000 in English and Japanese. A page never mixes the
two ways, because every amount on it comes through here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

# A no-break space keeps "Rp" and its figure on one line.
RUPIAH_SIGN = "Rp\u00a0"
YEN_SIGN = "¥"
# A rupiah equivalent is rounded to this many rupiah: it rests on a rate of
# one day, so smaller figures would claim a precision it does not have.
RUPIAH_EQUIVALENT_STEP = 1_000


def _whole(amount: int | Decimal) -> str:
    return number_format(Decimal(amount).copy_abs(), decimal_pos=0, force_grouping=True)


def _signed(sign: str, amount: int | Decimal) -> str:
    return f"-{sign}{_whole(amount)}" if amount < 0 else f"{sign}{_whole(amount)}"


def yen(amount: int | Decimal) -> str:
    """¥192,000 (¥192.000 in Indonesian)."""
    return _signed(YEN_SIGN, amount)


def rupiah(amount: int | Decimal) -> str:
    """Rp 10.512.000 (Rp 10,512,000 in English and Japanese)."""
    return _signed(RUPIAH_SIGN, amount)


def rate(rupiah_per_yen: Decimal) -> str:
    """A rate in rupiah for one yen, with at least two decimals and every one
    the ministry gave: Rp 109,50; Rp 109,5625."""
    exponent = rupiah_per_yen.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return RUPIAH_SIGN + number_format(rupiah_per_yen, decimal_pos=places, force_grouping=True)


def yen_in_rupiah(amount: int, rupiah_per_yen: Decimal) -> int:
    """``amount`` yen in rupiah at ``rupiah_per_yen``, to the nearest thousand rupiah."""
    exact = Decimal(amount) * rupiah_per_yen / RUPIAH_EQUIVALENT_STEP
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * RUPIAH_EQUIVALENT_STEP
