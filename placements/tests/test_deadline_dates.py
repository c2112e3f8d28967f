"""The duties' calendar (placements.deadlines.dates) and the same arithmetic
in SQL (placements.deadlines.sql), which must agree with it on every month
edge, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import DateField, Value

from accounts.models import Organization, OrganizationKind
from placements.deadlines import dates
from placements.deadlines.sql import AddDays, AddMonths, MonthEnd, QuarterStart

# Month ends, a leap day, the days that do not exist in shorter months, the year's turn.
EDGES = [
    datetime.date(2026, 1, 31),
    datetime.date(2026, 2, 28),
    datetime.date(2028, 2, 29),
    datetime.date(2026, 3, 31),
    datetime.date(2026, 8, 31),
    datetime.date(2026, 11, 30),
    datetime.date(2026, 12, 31),
    datetime.date(2027, 1, 1),
    datetime.date(2026, 6, 15),
    datetime.date(2026, 10, 1),
]


def test_it_clamps_a_month_later_to_the_months_last_day() -> None:
    assert dates.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert dates.add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert dates.add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert dates.add_months(datetime.date(2026, 8, 31), 3) == datetime.date(2026, 11, 30)


def test_it_dates_the_visits_by_calendar_month() -> None:
    started = datetime.date(2026, 6, 22)
    assert dates.next_visit_due(last_visit=None, stage_started=started) == datetime.date(2026, 6, 30)
    assert dates.next_visit_due(last_visit=datetime.date(2026, 12, 1), stage_started=started) == datetime.date(
        2027, 1, 31
    )


def test_it_dates_the_quarterly_report_14_days_after_the_quarter() -> None:
    assert dates.quarter_start(datetime.date(2026, 6, 22)) == datetime.date(2026, 4, 1)
    assert dates.report_due(datetime.date(2026, 4, 1)) == datetime.date(2026, 7, 14)
    assert dates.report_due(datetime.date(2026, 10, 1)) == datetime.date(2027, 1, 14)
    assert dates.report_due(datetime.date(2027, 1, 1)) == datetime.date(2027, 4, 14)


@pytest.mark.django_db
@pytest.mark.parametrize("day", EDGES, ids=[day.isoformat() for day in EDGES])
def test_the_database_counts_as_python_does(day: datetime.date) -> None:
    Organization.objects.create(kind=OrganizationKind.COMPANY, code="one", name="One")
    value = Value(day, output_field=DateField())
    row = Organization.objects.values(
        plus_one=AddMonths(value, months=1),
        plus_three=AddMonths(value, months=3),
        end=MonthEnd(value),
        next_end=MonthEnd(value, months=1),
        quarter=QuarterStart(value),
        report=AddDays(AddMonths(QuarterStart(value), months=3), days=13),
    ).get()

    assert row == {
        "plus_one": dates.add_months(day, 1),
        "plus_three": dates.add_months(day, 3),
        "end": dates.month_end(day),
        "next_end": dates.month_end(day, months_ahead=1),
        "quarter": dates.quarter_start(day),
        "report": dates.report_due(dates.quarter_start(day)),
    }
