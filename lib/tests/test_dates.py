import datetime

from lib.dates import add_months


def test_it_moves_to_the_same_day_months_later():
    assert add_months(datetime.date(2026, 11, 23), 18) == datetime.date(2028, 5, 23)


def test_a_day_the_target_month_lacks_becomes_its_last_day():
    assert add_months(datetime.date(2026, 8, 31), 18) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2027, 8, 31), 18) == datetime.date(2029, 2, 28)


def test_it_crosses_year_ends_both_ways():
    assert add_months(datetime.date(2026, 12, 15), 1) == datetime.date(2027, 1, 15)
    assert add_months(datetime.date(2027, 1, 15), -1) == datetime.date(2026, 12, 15)
