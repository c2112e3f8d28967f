"""pipeline.funnel: who reached each stage and how long they stayed, per slice."""

from __future__ import annotations

import datetime

import pytest

from participants.models import Status
from reports.actions import refresh_figures
from reports.slices import ScopeKind
from reports.tests.figures_world import NOW, Places, build, keyed, person, placement, scope, table
from tests.cast import Cast

pytestmark = pytest.mark.django_db
D0 = datetime.date(2025, 1, 1)


def day(days: int) -> datetime.date:
    return D0 + datetime.timedelta(days=days)


@pytest.fixture
def world(cast: Cast) -> Places:
    places = build(cast)
    # LPK Sakura (AP2LN), BBPVP Bekasi, TITP, registered in 2025:
    person(cast, lpk=cast.lpk, programme=places.titp, path=[(Status.IN_TRAINING, day(10)), (Status.WITHDRAWN, day(15))])
    person(cast, lpk=cast.lpk, programme=places.titp, path=[(Status.IN_TRAINING, day(20)), (Status.READY, day(50))])
    # Imported at "ready": training skipped in the history, passed all the same.
    person(cast, lpk=cast.lpk, programme=places.titp, path=[(Status.READY, day(30))])
    # LPK Fuji, BBPVP Medan, SSW, registered in 2026, placed in Miyagi.
    walked = [
        (Status.IN_TRAINING, datetime.date(2026, 1, 11)),
        (Status.READY, datetime.date(2026, 2, 1)),
        (Status.SHORTLISTED, datetime.date(2026, 2, 2)),
        (Status.SELECTED, datetime.date(2026, 2, 3)),
        (Status.PRE_DEPARTURE, datetime.date(2026, 2, 4)),
        (Status.DEPARTED, datetime.date(2026, 3, 1)),
        (Status.PLACED, datetime.date(2026, 3, 2)),
    ]
    siti = person(
        cast,
        lpk=cast.other_lpk,
        blk=cast.other_blk,
        programme=places.ssw,
        registered=datetime.date(2026, 1, 1),
        path=walked,
    )
    placement(cast, siti, where=places.miyagi, departed=datetime.date(2026, 3, 1))
    return places


def test_it_counts_the_furthest_stage_reached_and_never_widens(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    funnel = keyed(table(snapshot, "pipeline.funnel", scope(ScopeKind.SENDING_ORGANIZATION, cast.lpk)))

    assert funnel == {
        "registered": {"reached": 3, "median_days": 20},
        "trained": {"reached": 3, "previous": 3, "median_days": 30},
        "ready": {"reached": 2, "previous": 3, "median_days": None},
        "shortlisted": {"reached": 0, "previous": 2, "median_days": None},
    }


def test_it_writes_the_stages_in_order(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    rows = table(snapshot, "pipeline.funnel")

    assert [row.key for row in rows] == [
        "registered",
        "trained",
        "ready",
        "shortlisted",
        "selected",
        "departed",
        "placed",
        "returned",
    ]
    assert [row.values["reached"] for row in rows] == [4, 4, 3, 1, 1, 1, 1, 0]


def test_it_counts_days_from_one_stage_to_the_next_reached(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    rows = table(snapshot, "pipeline.funnel", scope(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk))

    assert keyed(rows, "median_days") == {
        "registered": 10,
        "trained": 21,
        "ready": 1,
        "shortlisted": 1,
        "selected": 26,
        "departed": 1,
        "placed": None,
        "returned": None,
    }


def test_it_keeps_each_scope_to_its_own_participants(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    def registered(kind: ScopeKind, of: object) -> object:
        return keyed(table(snapshot, "pipeline.funnel", scope(kind, of)), "reached").get("registered")  # type: ignore[arg-type]

    assert registered(ScopeKind.SENDING_ORGANIZATION, cast.lpk) == 3
    assert registered(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk) == 1
    assert registered(ScopeKind.ASSOCIATION, cast.association) == 3
    assert registered(ScopeKind.TRAINING_CENTRE, cast.blk) == 3
    assert registered(ScopeKind.TRAINING_CENTRE, cast.other_blk) == 1
    # A prefecture: those placed there only.
    assert registered(ScopeKind.PREFECTURE, world.miyagi) == 1
    assert table(snapshot, "pipeline.funnel", scope(ScopeKind.PREFECTURE, world.tokyo)) == []


def test_it_slices_by_year_of_registration_and_by_programme(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    def reached(year: int, programme: str) -> object:
        return keyed(table(snapshot, "pipeline.funnel", year=year, programme=programme), "reached").get("registered")

    assert reached(2025, "") == 3
    assert reached(2026, "") == 1
    assert reached(0, "titp") == 3
    assert reached(0, "ssw") == 1
    assert reached(2026, "titp") is None  # an empty slice is an empty table
    assert reached(0, "esd") is None
