"""Calendar arithmetic the standard library lacks."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where it has no
    such day: 31 August + 18 months is 28 (or 29) February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def period_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of ``months`` calendar months that begins on
    ``start`` and counts it (as a stage counts its first day).

    Japan's Civil Code art. 143(2): the period ends on the day before the day
    that corresponds to ``start`` in the last month; where that month has no
    corresponding day, on the last day of that month. So a year from 1 April
    ends on 31 March, a year from 29 February 2024 on 28 February 2025, and a
    month from 31 January on 28 (29) February. Taking the same day ``months``
    later first and then the day before (``add_months(start, months) - 1``)
    gets these wrong: the missing day has already become the month's last,
    and the day before it is one day short."""
    if months < 1:
        raise ValueError(f"a period lasts at least one month, not {months}")
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return datetime.date(year, month, last)
    return datetime.date(year, month, start.day) - datetime.timedelta(days=1)


def period_over(start: datetime.date, months: int) -> datetime.date:
    """The first day after a period of ``months`` months from ``start``: the
    corresponding day, or the 1st of the next month where there is none."""
    return period_end(start, months) + datetime.timedelta(days=1)


def last_day_months_before(day: datetime.date, months: int) -> datetime.date:
    """The latest date ``d`` with ``add_months(d, months) <= day``: until when
    a document expiring on ``day`` is still valid for ``months`` more months.
    A month-end ``day`` reaches back to the month-end: 31 August + 6 months is
    28 February, so a passport expiring on 28 February serves until 31 August."""
    earlier = add_months(day, -months)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier


def yyyymmdd(day: datetime.date) -> int:
    """The date as one sortable integer: whole-year ages are ``(day - birth) // 10000``."""
    return day.year * 10000 + day.month * 100 + day.day


def weekdays_between(first: datetime.date, last: datetime.date) -> int:
    """Monday to Friday from ``first`` to ``last``, both included (0 when ``last`` is before ``first``)."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    return weeks * 5 + sum(1 for offset in range(extra) if (first.weekday() + offset) % 7 < 5)


def age_in_years(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day`` (negative before the birth date); a 29 February
    birthday counts from 1 March in other years."""
    return (yyyymmdd(day) - yyyymmdd(birth_date)) // 10000
