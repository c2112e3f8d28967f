"""What returnees do 3, 6 and 12 months after coming home."""

from __future__ import annotations

import datetime

import pytest

from placements.models import Ending
from reports.actions import refresh_figures
from reports.slices import ScopeKind
from reports.tests.figures_world import (
    NOW,
    Places,
    build,
    follow_up,
    home_return,
    keyed,
    person,
    placement,
    scope,
    table,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Places:
    places = build(cast)
    # LPK Sakura: home on 10 February 2025; working in the trade at 3 months, not working at 6, silent at 12.
    first = placement(
        cast,
        person(cast, lpk=cast.lpk),
        where=places.miyagi,
        departed=datetime.date(2022, 2, 1),
        ended=datetime.date(2025, 2, 9),
        ending=Ending.COMPLETED,
    )
    back = home_return(cast, first, on=datetime.date(2025, 2, 10))
    follow_up(back, months=3, due=datetime.date(2025, 5, 10), work="employed", in_trade=True)
    follow_up(back, months=6, due=datetime.date(2025, 8, 10), work="not_working")
    follow_up(back, months=12, due=datetime.date(2026, 2, 10), entered=False)
    # LPK Fuji: home on 1 March 2026; the 3-month follow-up due on the day of the figures, not entered;
    # the 6-month one not due yet.
    second = placement(
        cast,
        person(cast, lpk=cast.other_lpk, blk=cast.other_blk),
        where=places.tokyo,
        departed=datetime.date(2023, 2, 1),
        ended=datetime.date(2026, 2, 28),
        ending=Ending.RETURNED_EARLY,
    )
    early = home_return(cast, second, on=datetime.date(2026, 3, 1))
    follow_up(early, months=3, due=datetime.date(2026, 6, 1), entered=False)
    follow_up(early, months=6, due=datetime.date(2026, 9, 1), entered=False)
    return places


def test_it_counts_what_the_follow_ups_say_and_what_is_unknown(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    rows = table(snapshot, "returnees.work")

    assert [row.key for row in rows] == ["employed", "not_working", "unknown"]
    assert keyed(rows) == {
        "employed": {"after_3": 1, "after_6": 0, "after_12": 0},
        "not_working": {"after_3": 0, "after_6": 1, "after_12": 0},
        "unknown": {"after_3": 1, "after_6": 0, "after_12": 1},
    }


def test_it_counts_follow_ups_in_the_year_of_the_flight_home(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "returnees.work", year=2026)) == {
        "unknown": {"after_3": 1, "after_6": 0, "after_12": 0}
    }
    assert set(keyed(table(snapshot, "returnees.work", year=2025))) == {"employed", "not_working", "unknown"}


def test_it_counts_returnees_in_the_trade_among_those_who_answered(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    rows = table(snapshot, "returnees.in-trade")

    assert [row.key for row in rows] == ["3", "6"]
    assert keyed(rows) == {"3": {"answered": 1, "in_trade": 1}, "6": {"answered": 1, "in_trade": 0}}


def test_it_keeps_returnees_to_their_scopes(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert table(snapshot, "returnees.in-trade", scope(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk)) == []
    assert keyed(table(snapshot, "returnees.work", scope(ScopeKind.PREFECTURE, world.tokyo))) == {
        "unknown": {"after_3": 1, "after_6": 0, "after_12": 0}
    }
    assert keyed(table(snapshot, "returnees.in-trade", scope(ScopeKind.ASSOCIATION, cast.association)), "answered") == {
        "3": 1,
        "6": 1,
    }
