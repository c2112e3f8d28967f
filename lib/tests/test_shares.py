"""Shares: a rate only when the whole is large enough to mean one."""

from __future__ import annotations

from decimal import Decimal

from lib.shares import SMALL_NUMBER, Share


def test_it_gives_no_rate_for_a_small_whole() -> None:
    assert Share(3, SMALL_NUMBER - 1).percent is None
    assert Share(3, SMALL_NUMBER - 1).per_100 is None
    assert Share(0, 0).per_100 is None


def test_it_gives_per_100_to_one_decimal_rounded_half_up() -> None:
    assert Share(3, 400).per_100 == Decimal("0.8")  # 0.75
    assert Share(1, 80).per_100 == Decimal("1.3")  # 1.25
    assert Share(5, SMALL_NUMBER).per_100 == Decimal("50.0")
