import datetime
from datetime import date, timedelta

from lib.dates import add_months, last_day_months_before, weekdays_between, yyyymmdd


def test_it_moves_to_the_same_day_months_later():
    assert add_months(datetime.date(2026, 11, 23), 18) == datetime.date(2028, 5, 23)


def test_a_day_the_target_month_lacks_becomes_its_last_day():
    assert add_months(datetime.date(2026, 8, 31), 18) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 8, 31), 18) == datetime.date(2029, 2, 28)


def test_it_crosses_year_ends_both_ways():
    assert add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    assert add_months(datetime.date(2027, 1, 15), -1) == datetime.date(2026, 12, 15)


def test_last_day_months_before_is_the_latest_day_that_still_reaches():
    for day in (date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 15), date(2027, 4, 30), date(2026, 12, 31)):
        for months in (1, 6, 18, 24):
            latest = last_day_months_before(day, months)
            assert add_months(latest, months) <= day
            assert add_months(latest + timedelta(days=1), months) > day


def test_a_month_end_reaches_back_to_a_month_end():
    assert last_day_months_before(date(2028, 2, 29), 18) == date(2026, 8, 31)
    assert last_day_months_before(date(2027, 3, 15), 18) == date(2025, 9, 15)


def test_yyyymmdd_differences_give_whole_year_ages():
    birth = yyyymmdd(date(2000, 3, 1))
    assert (yyyymmdd(date(2026, 2, 28)) - birth) // 10000 == 25
    assert (yyyymmdd(date(2026, 3, 1)) - birth) // 10000 == 26


def _weekdays_one_by_one(first: datetime.date, last: datetime.date) -> int:
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return sum(1 for day in days if day.weekday() < 5)


def test_weekdays_are_counted_from_any_day_over_any_span() -> None:
    monday = datetime.date(2026, 9, 7)
    for start in range(7):
        first = monday + datetime.timedelta(days=start)
        for length in range(30):
            last = first + datetime.timedelta(days=length)
            assert weekdays_between(first, last) == _weekdays_one_by_one(first, last), (first, last)


def test_a_span_ending_before_it_starts_has_no_weekdays() -> None:
    assert weekdays_between(datetime.date(2026, 9, 7), datetime.date(2026, 9, 6)) == 0
