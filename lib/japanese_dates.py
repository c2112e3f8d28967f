"""Dates as Japanese documents write them: the Western year with 年月日
(2026年12月2日), and the era year of the Japanese calendar (和暦: 令和8年)
that forms and résumés show beside it.

Pure: no Django. Era boundaries are the days each era began; the first year
of an era is written 元年, as official documents do.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple


class Era(NamedTuple):
    name: str
    first_day: datetime.date  # of the era in the Gregorian calendar as Japan uses it
    first_year: int  # the Western year of the era's year 1


# Newest first. Japan adopted the Gregorian calendar on 明治6年1月1日
# (1873-01-01); a Gregorian date before it has no era date in this sense.
ERAS = (
    Era("令和", datetime.date(2019, 5, 1), 2019),
    Era("平成", datetime.date(1989, 1, 8), 1989),
    Era("昭和", datetime.date(1926, 12, 25), 1926),
    Era("大正", datetime.date(1912, 7, 30), 1912),
    Era("明治", datetime.date(1873, 1, 1), 1868),
)


def japanese_date(day: datetime.date) -> str:
    """2026年12月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def japanese_month(day: datetime.date) -> str:
    """2026年12月."""
    return f"{day.year}年{day.month}月"


def era_year(day: datetime.date) -> str:
    """The era and its year: 令和8年, 令和元年, 平成31年 (until 30 April 2019)."""
    era = _era_of(day)
    number = day.year - era.first_year + 1
    return f"{era.name}{'元' if number == 1 else number}年"


def wareki(day: datetime.date) -> str:
    """The whole date in the Japanese calendar: 令和8年12月2日."""
    return f"{era_year(day)}{day.month}月{day.day}日"


def _era_of(day: datetime.date) -> Era:
    for era in ERAS:
        if day >= era.first_day:
            return era
    raise ValueError(f"{day} is before Japan adopted the Gregorian calendar (1873-01-01).")
