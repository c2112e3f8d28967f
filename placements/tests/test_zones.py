"""Whose clock a reader's times are on, and a moment on both clocks."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from placements import zones
from tests.cast import Cast


@pytest.mark.parametrize(
    ("persona", "language", "zone"),
    [
        ("company_officer", "ja", "Asia/Tokyo"),
        ("supervising_officer", "id", "Asia/Tokyo"),  # the Japanese side, whatever it reads
        ("lpk_officer", "id", "Asia/Jakarta"),
        ("ministry_officer", "en", "Asia/Jakarta"),
        ("ministry_officer", "ja", "Asia/Tokyo"),  # reading Japanese: Japanese times
        ("participant_user", "id", "Asia/Jakarta"),
    ],
)
def test_it_puts_each_reader_on_their_clock(cast: Cast, persona: str, language: str, zone: str) -> None:
    assert zones.zone_of(getattr(cast, persona), language=language).key == zone


def _when(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> str:
    with timezone.override(zone), translation.override("en"):
        return Template("{% load selection %}{% when moment %}").render(Context({"moment": moment}))


def test_it_shows_the_readers_clock_first_and_the_other_sides_after() -> None:
    moment = datetime.datetime(2026, 7, 15, 1, 0, tzinfo=datetime.UTC)
    assert ">15 July 2026, 08:00 WIB</time>" in _when(moment, zones.JAKARTA)
    assert "(10:00 JST)" in _when(moment, zones.JAKARTA)
    assert ">15 July 2026, 10:00 JST</time>" in _when(moment, zones.TOKYO)
    assert 'datetime="2026-07-15T01:00:00+00:00"' in _when(moment, zones.TOKYO)


def test_it_repeats_the_date_when_the_two_clocks_are_on_different_days() -> None:
    late = datetime.datetime(2026, 7, 15, 16, 30, tzinfo=datetime.UTC)  # 23:30 WIB, 01:30 JST the next day
    assert "(16 July 2026, 01:30 JST)" in _when(late, zones.JAKARTA)
