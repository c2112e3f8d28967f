"""The departures tables: flights to Japan by month, year, programme, place and organization."""

from __future__ import annotations

import datetime

import pytest

from placements.models import Ending, PlacementStatus, StayStage
from reports.actions import refresh_figures
from reports.slices import ScopeKind
from reports.tests.figures_world import NOW, Places, build, keyed, person, placement, scope, table
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Places:
    places = build(cast)
    # LPK Sakura / BBPVP Bekasi: a TITP flight to Miyagi (then a transfer to Tokyo), an SSW flight to Tokyo.
    first = person(cast, lpk=cast.lpk)
    titp = placement(
        cast,
        first,
        where=places.miyagi,
        departed=datetime.date(2025, 3, 10),
        ended=datetime.date(2025, 9, 30),
        ending=Ending.TRANSFERRED,
        job_category=places.welding,
    )
    # The transfer copies the day of the flight: it is no departure of its own.
    placement(
        cast,
        first,
        where=places.tokyo,
        departed=datetime.date(2025, 3, 10),
        starts=datetime.date(2025, 10, 1),
        follows=titp,
    )
    second = person(cast, lpk=cast.lpk)
    placement(
        cast,
        second,
        where=places.tokyo,
        stage=StayStage.SSW_I,
        departed=datetime.date(2026, 1, 5),
        ssw_field=places.construction,
    )
    # LPK Fuji / BBPVP Medan: a TITP flight to Tokyo.
    third = person(cast, lpk=cast.other_lpk, blk=cast.other_blk)
    placement(cast, third, where=places.tokyo, departed=datetime.date(2025, 3, 20))
    # Neither a placement still being prepared nor a cancelled one flew.
    placement(cast, person(cast, lpk=cast.lpk), where=places.miyagi)
    placement(cast, person(cast, lpk=cast.lpk), where=places.miyagi, status=PlacementStatus.CANCELLED)
    return places


def test_it_counts_each_flight_by_month_and_year(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "departures.by-month"), "departures") == {"2025-03": 2, "2026-01": 1}
    assert [row.key for row in table(snapshot, "departures.by-month")] == ["2025-03", "2026-01"]
    assert keyed(table(snapshot, "departures.by-month", year=2026), "departures") == {"2026-01": 1}
    assert keyed(table(snapshot, "departures.by-year", year=2025), "departures") == {"2025": 2, "2026": 1}


def test_it_counts_by_programme_prefecture_and_organization(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "departures.by-programme"), "departures") == {"titp": 2, "ssw": 1}
    assert keyed(table(snapshot, "departures.by-prefecture"), "departures") == {
        str(world.tokyo.pk): 2,
        str(world.miyagi.pk): 1,
    }
    assert [row.key for row in table(snapshot, "departures.by-prefecture")] == [
        str(world.tokyo.pk),
        str(world.miyagi.pk),
    ]
    assert keyed(table(snapshot, "departures.by-sending-organization"), "departures") == {
        str(cast.lpk.pk): 2,
        str(cast.other_lpk.pk): 1,
    }
    assert keyed(table(snapshot, "departures.by-training-centre"), "departures") == {
        str(cast.blk.pk): 2,
        str(cast.other_blk.pk): 1,
    }
    assert keyed(table(snapshot, "departures.by-trade"), "departures") == {str(cast.programme.pk): 3}
    assert keyed(table(snapshot, "departures.by-province"), "departures") == {str(cast.province.pk): 3}


def test_it_counts_job_categories_for_titp_and_fields_for_ssw(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "departures.by-job-category"), "departures") == {str(world.welding.pk): 1}
    assert keyed(table(snapshot, "departures.by-ssw-field"), "departures") == {str(world.construction.pk): 1}


def test_it_keeps_each_scope_to_its_own_departures(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    def months(kind: ScopeKind, of: object) -> dict[str, object]:
        return keyed(table(snapshot, "departures.by-month", scope(kind, of)), "departures")  # type: ignore[arg-type]

    assert months(ScopeKind.SENDING_ORGANIZATION, cast.lpk) == {"2025-03": 1, "2026-01": 1}
    assert months(ScopeKind.SENDING_ORGANIZATION, cast.other_lpk) == {"2025-03": 1}
    assert months(ScopeKind.ASSOCIATION, cast.association) == {"2025-03": 1, "2026-01": 1}
    assert months(ScopeKind.TRAINING_CENTRE, cast.other_blk) == {"2025-03": 1}
    # A prefecture: the flights to it only, the transfer into it not.
    assert months(ScopeKind.PREFECTURE, world.miyagi) == {"2025-03": 1}
    assert months(ScopeKind.PREFECTURE, world.tokyo) == {"2025-03": 1, "2026-01": 1}


def test_it_slices_by_programme(cast: Cast, world: Places) -> None:
    snapshot = refresh_figures(now=NOW)

    assert keyed(table(snapshot, "departures.by-month", programme="ssw"), "departures") == {"2026-01": 1}
    assert keyed(table(snapshot, "departures.by-month", year=2026, programme="titp"), "departures") == {}
