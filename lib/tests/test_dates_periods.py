"""Periods of whole months (Civil Code art. 143), checked against a reading
of the rule that shares nothing with the code: walk day by day and stop at
the last day before the corresponding day is reached."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lib.dates import period_end, period_over

ONE_DAY = datetime.timedelta(days=1)
# Starts crowded onto month ends and leap days, where the arithmetic can slip.
MONTH_ENDS = st.builds(
    lambda year, month, back: (
        (datetime.date(year, month, 1) + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=back)
    ),
    st.integers(1990, 2100),
    st.integers(1, 12),
    st.integers(1, 4),
)
STARTS = st.one_of(st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)), MONTH_ENDS)


def _walked(start: datetime.date, months: int) -> datetime.date:
    """The last day ``d`` at which fewer than ``months`` months have run: the
    month count of ``d`` after ``start`` is below ``months``, or equal with a
    day of the month before ``start``'s (no such day: every day of that month)."""
    day = start
    while True:
        following = day + ONE_DAY
        elapsed = (following.year - start.year) * 12 + following.month - start.month
        if (elapsed, following.day) >= (months, start.day):
            return day
        day = following


@given(start=STARTS, months=st.integers(1, 60))
@example(start=datetime.date(2024, 2, 29), months=12)
@example(start=datetime.date(2028, 2, 29), months=24)
@example(start=datetime.date(2026, 1, 31), months=1)
@example(start=datetime.date(2026, 8, 31), months=6)
def test_it_ends_a_period_as_the_civil_code_does(start: datetime.date, months: int) -> None:
    assert period_end(start, months) == _walked(start, months)


@given(start=STARTS, months=st.integers(1, 60))
def test_it_ends_a_period_on_the_day_before_the_corresponding_day_or_on_the_month_end(
    start: datetime.date, months: int
) -> None:
    end = period_end(start, months)
    after = period_over(start, months)

    assert after == end + ONE_DAY
    if after.day == start.day:
        assert (after.year - start.year) * 12 + after.month - start.month == months
    else:
        # No corresponding day: the period took the whole of its last month.
        assert after.day == 1
        assert end.day < start.day
        assert (end.year - start.year) * 12 + end.month - start.month == months


@given(start=STARTS, months=st.integers(1, 59))
def test_a_longer_period_never_ends_sooner(start: datetime.date, months: int) -> None:
    assert period_end(start, months) < period_end(start, months + 1)


@pytest.mark.parametrize(
    ("start", "months", "last_day"),
    [
        ("2024-02-29", 12, "2025-02-28"),  # no 29 February in 2025: its last day
        ("2024-02-29", 48, "2028-02-28"),  # a leap year again: the day before the 29th
        ("2026-04-01", 12, "2027-03-31"),
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2028-01-29", 1, "2028-02-28"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-15", 1, "2027-01-14"),
        ("2026-08-31", 18, "2028-02-29"),
    ],
)
def test_it_ends_periods_known_by_hand(start: str, months: int, last_day: str) -> None:
    assert period_end(datetime.date.fromisoformat(start), months) == datetime.date.fromisoformat(last_day)


@pytest.mark.parametrize("months", [0, -1])
def test_a_period_of_no_months_is_a_mistake(months: int) -> None:
    with pytest.raises(ValueError, match="at least one month"):
        period_end(datetime.date(2026, 1, 1), months)
