"""Calendar arithmetic of the supervising duties, in plain Python.

The engine computes the same dates in SQL (``placements.deadlines.sql``);
these are the reference the SQL is tested against, the arithmetic the forms
check input with, and what the benchmark's per-instance baseline uses.
"""

from __future__ import annotations

import calendar
import datetime

# A quarterly report (定期届出) is due within 14 days after its quarter ends:
# the quarter ending 31 March is reported by 14 April.
REPORT_DAYS_AFTER_QUARTER = 14
# "At least once every three months" (3か月に1回以上): the audit (定期監査)
# and the support organization's interview (定期面談).
EVERY_THREE_MONTHS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or that month's last day where it is
    shorter (31 January + 1 month = 28 or 29 February), as PostgreSQL counts."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: datetime.date, *, months_ahead: int = 0) -> datetime.date:
    """The last day of the month ``months_ahead`` after ``day``'s month."""
    first = add_months(day.replace(day=1), months_ahead)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s calendar quarter (1 January, 1 April, 1 July, 1 October)."""
    return datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_end(start: datetime.date) -> datetime.date:
    return add_months(start, 3) - datetime.timedelta(days=1)


def report_due(start: datetime.date) -> datetime.date:
    """When the quarterly report of the quarter starting on ``start`` is due."""
    return quarter_end(start) + datetime.timedelta(days=REPORT_DAYS_AFTER_QUARTER)


def next_visit_due(*, last_visit: datetime.date | None, stage_started: datetime.date) -> datetime.date:
    """訪問指導 is monthly (1か月に1回以上), counted by calendar month: after a
    visit, the next is due by the end of the following month; before the
    first, by the end of the month the stage i work started."""
    if last_visit is None:
        return month_end(stage_started)
    return month_end(last_visit, months_ahead=1)


def next_quarterly_due(*, last_done: datetime.date | None, started: datetime.date) -> datetime.date:
    """An audit or a regular interview: three months after the last one, or
    after the work started when there was none yet."""
    return add_months(last_done or started, EVERY_THREE_MONTHS)


def next_report_quarter(*, last_reported: datetime.date | None, started: datetime.date) -> datetime.date:
    """The first day of the next quarter to report: the one after the last
    reported, or the quarter the work started in."""
    return add_months(last_reported, 3) if last_reported is not None else quarter_start(started)
