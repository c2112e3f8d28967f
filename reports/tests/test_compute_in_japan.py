"""Workers in Japan now, and the moves from TITP to SSW."""

from __future__ import annotations

import datetime

import pytest

from placements.models import Ending, StayStage
from reports.actions import refresh_figures
from reports.slices import ScopeKind
from reports.tests.figures_world import NOW, Places, build, keyed, person, placement, scope, table
from tests.cast import Cast

pytestmark = pytest.mark.django_db
FLEW = datetime.date(2023, 4, 1)


@pytest.fixture
def world(cast: Cast) -> Places:
    places = build(cast)
    # LPK Sakura: TITP ii in Miyagi, moved on to SSW i in Tokyo in mid-2025.
    mover = person(cast, lpk=cast.lpk)
    titp = placement(
        cast,
        mover,
        where=places.miyagi,
        stage=StayStage.TITP_II,
        departed=FLEW,
        ended=datetime.date(2025, 6, 30),
        ending=Ending.CHANGED_PROGRAMME,
    )
    placement(
        cast,
        mover,
        where=places.tokyo,
        stage=StayStage.SSW_I,
        departed=FLEW,
        starts=datetime.date(2025, 7, 1),
        follows=titp,
        ssw_field=places.construction,
    )
    # LPK Sakura: TITP completed in 2025, home.
    placement(
        cast,
        person(cast, lpk=cast.lpk),
        where=places.miyagi,
        departed=FLEW,
        ended=datetime.date(2025, 9, 30),
        ending=Ending.COMPLETED,
    )
    # LPK Fuji: TITP completed in 2026; another still in Miyagi; another transferred (not finished).
    placement(
        cast,
        person(cast, lpk=cast.other_lpk, blk=cast.other_blk),
        where=places.miyagi,
        departed=FLEW,
        ended=datetime.date(2026, 3, 31),
        ending=Ending.COMPLETED,
    )
    placement(cast, person(cast, lpk=cast.other_lpk, blk=cast.other_blk), where=places.miyagi, departed=FLEW)
    placement(
        cast,
        person(cast, lpk=cast.other_lpk, blk=cast.other_blk),
        where=places.tokyo,
        departed=FLEW,
        ended=datetime.date(2025, 2, 1),
        ending=Ending.TRANSFERRED,
    )
    return places


def test_it_counts_the_workers_in_japan_now_by_prefecture(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "placements.active-by-prefecture"), "active") == {
        str(world.miyagi.pk): 1,
        str(world.tokyo.pk): 1,
    }
    assert keyed(table(snapshot, "placements.active-by-prefecture", programme="ssw"), "active") == {
        str(world.tokyo.pk): 1
    }
    assert keyed(
        table(snapshot, "placements.active-by-prefecture", scope(ScopeKind.SENDING_ORGANIZATION, cast.lpk)), "active"
    ) == {str(world.tokyo.pk): 1}
    assert keyed(
        table(snapshot, "placements.active-by-prefecture", scope(ScopeKind.PREFECTURE, world.tokyo)), "active"
    ) == {str(world.tokyo.pk): 1}


def test_it_counts_moves_from_titp_to_ssw_against_those_who_finished(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    expected = {"2025": {"moved": 1, "finished": 2}, "2026": {"moved": 0, "finished": 1}}
    assert keyed(table(snapshot, "placements.titp-to-ssw")) == expected
    # The move belongs to both programmes it joins.
    assert keyed(table(snapshot, "placements.titp-to-ssw", programme="titp")) == expected
    assert keyed(table(snapshot, "placements.titp-to-ssw", programme="ssw")) == expected
    assert table(snapshot, "placements.titp-to-ssw", programme="esd") == []


def test_it_keeps_the_moves_to_each_scope(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "placements.titp-to-ssw", scope(ScopeKind.SENDING_ORGANIZATION, cast.lpk))) == {
        "2025": {"moved": 1, "finished": 2}
    }
    assert keyed(table(snapshot, "placements.titp-to-ssw", scope(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk))) == {
        "2026": {"moved": 0, "finished": 1}
    }


def test_it_counts_moves_by_ssw_field_in_the_year_titp_ended(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "placements.titp-to-ssw-by-field", year=2025), "moved") == {
        str(world.construction.pk): 1
    }
    assert table(snapshot, "placements.titp-to-ssw-by-field", year=2026) == []
