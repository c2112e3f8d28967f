"""``short_date`` writes what Django's ``date:"SHORT_DATE_FORMAT"`` writes,
in every page language and on every clock, however often it is asked."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

DJANGOS = Template('{{ value|date:"SHORT_DATE_FORMAT" }}')
OURS = Template("{{ value|short_date }}")

# 20:30 UTC on 31 January is 1 February in Jakarta (UTC+7) and in Tokyo (UTC+9).
LATE_IN_UTC = datetime.datetime(2026, 1, 31, 20, 30, tzinfo=datetime.UTC)
VALUES = [
    LATE_IN_UTC,
    datetime.datetime(2026, 5, 3, 1, 0, tzinfo=datetime.UTC),
    datetime.date(2024, 2, 29),
    datetime.date(2026, 12, 7),
    None,
    "",
    "not a date",
]


def _both(value: object) -> tuple[str, str]:
    context = Context({"value": value})
    return DJANGOS.render(context), OURS.render(context)


@pytest.mark.parametrize("language", ["id", "en", "ja"])
@pytest.mark.parametrize("zone", [None, "Asia/Tokyo", "UTC"])
def test_it_writes_what_djangos_date_filter_writes(language: str, zone: str | None) -> None:
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone) if zone else None):
        for value in VALUES:
            djangos, ours = _both(value)
            assert ours == djangos, value


def test_it_remembers_a_day_per_language_not_across_languages() -> None:
    with translation.override("id"):
        indonesian = _both(datetime.date(2026, 8, 17))[1]
    with translation.override("ja"):
        japanese = _both(datetime.date(2026, 8, 17))[1]
    with translation.override("id"):
        again = _both(datetime.date(2026, 8, 17))[1]

    assert indonesian == again == "17 Agu 2026"
    assert japanese == "2026年8月17日"


def test_it_reads_a_time_on_the_pages_clock() -> None:
    with translation.override("en"):
        assert OURS.render(Context({"value": LATE_IN_UTC})) == "1 Feb 2026"  # Jakarta's day
        with timezone.override(zoneinfo.ZoneInfo("UTC")):
            assert OURS.render(Context({"value": LATE_IN_UTC})) == "31 Jan 2026"
