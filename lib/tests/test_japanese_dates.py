"""Japanese date writing (lib.japanese_dates): Western and era years, and the
days on which one era gives way to the next."""

from __future__ import annotations

import datetime

import pytest

from lib.japanese_dates import era_year, japanese_date, japanese_month, wareki


def test_it_writes_the_western_date_with_year_month_and_day() -> None:
    assert japanese_date(datetime.date(2026, 12, 2)) == "2026年12月2日"
    assert japanese_month(datetime.date(2020, 6, 30)) == "2020年6月"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 12, 2), "令和8年12月2日"),
        (datetime.date(2019, 5, 1), "令和元年5月1日"),
        (datetime.date(2019, 4, 30), "平成31年4月30日"),
        (datetime.date(2002, 5, 17), "平成14年5月17日"),
        (datetime.date(1989, 1, 8), "平成元年1月8日"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日"),
        (datetime.date(1926, 12, 25), "昭和元年12月25日"),
        (datetime.date(1926, 12, 24), "大正15年12月24日"),
        (datetime.date(1912, 7, 30), "大正元年7月30日"),
        (datetime.date(1912, 7, 29), "明治45年7月29日"),
        (datetime.date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_it_writes_the_era_date_on_each_side_of_an_eras_first_day(day: datetime.date, expected: str) -> None:
    assert wareki(day) == expected
    assert era_year(day) == expected.split("年", maxsplit=1)[0] + "年"


def test_it_refuses_a_date_before_japan_used_the_gregorian_calendar() -> None:
    with pytest.raises(ValueError, match="1873"):
        wareki(datetime.date(1872, 12, 31))
