"""Reading a monthly wage as people type it, and saying what it is not."""

from __future__ import annotations

import pytest

from joborders.wages import WageInputError, WageProblem, parse_monthly_yen


@pytest.mark.parametrize(
    ("typed", "yen"),
    [
        ("185000", 185_000),
        ("185,000", 185_000),
        ("185.000", 185_000),  # thousands grouped the Indonesian way
        ("185 000", 185_000),
        ("¥185,000", 185_000),
        ("￥185,000", 185_000),
        ("185,000円", 185_000),
        ("JPY 185000", 185_000),
        ("185000 yen / month", 185_000),
        ("185.000/bulan", 185_000),
        ("18.5万円", 185_000),
        ("月給18万円", 180_000),
        ("185000.00", 185_000),
    ],
)
def test_it_reads_a_monthly_amount_in_yen(typed: str, yen: int) -> None:
    assert parse_monthly_yen(typed) == yen


@pytest.mark.parametrize(
    ("typed", "problem", "found"),
    [
        ("", WageProblem.EMPTY, ""),
        ("Rp 5.000.000", WageProblem.OTHER_CURRENCY, "IDR"),
        ("IDR 5000000", WageProblem.OTHER_CURRENCY, "IDR"),
        ("US$1,500", WageProblem.OTHER_CURRENCY, "USD"),
        ("1.100/jam", WageProblem.OTHER_UNIT, "/jam"),
        ("1,100 per hour", WageProblem.OTHER_UNIT, "per hour"),
        ("時給1,100円", WageProblem.OTHER_UNIT, "時給"),
        ("2,400,000 / year", WageProblem.OTHER_UNIT, "/ year"),
        ("年収300万円", WageProblem.OTHER_UNIT, "年収"),
        ("1850.5", WageProblem.NOT_WHOLE_YEN, ""),
        ("about 180k", WageProblem.NOT_A_NUMBER, ""),
        ("-185000", WageProblem.NEGATIVE, ""),
    ],
)
def test_it_says_what_a_wage_is_not(typed: str, problem: WageProblem, found: str) -> None:
    with pytest.raises(WageInputError) as refused:
        parse_monthly_yen(typed)
    assert (refused.value.problem, refused.value.found) == (problem, found)
