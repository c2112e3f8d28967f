"""The open-data tables as built from a snapshot: what they read, how they
add up, and what they withhold."""

from __future__ import annotations

import pytest
from django.utils import translation

from reports.catalogue import TABLES
from reports.models import Figure
from reports.open_data import SPECS, OpenTable, published_table, published_tables
from reports.suppression import THRESHOLD
from reports.tests.open_data_world import FORBIDDEN, OpenDataWorld, open_data_world


@pytest.fixture
def world(db: None) -> OpenDataWorld:
    return open_data_world()


def _table(world: OpenDataWorld, name: str, language: str = "en") -> OpenTable:
    with translation.override(language):
        return published_table(world.snapshot, name)


def _row(table: OpenTable, label: str) -> tuple[int | None, ...]:
    return next(line.values for line in table.lines if line.label == label)


def test_it_publishes_no_count_under_ten_in_any_table(world: OpenDataWorld) -> None:
    for table in published_tables(world.snapshot):
        assert table.available, table.name
        for line in table.lines:
            assert all(value is None or value >= THRESHOLD for value in line.values), (table.name, line)


def test_it_withholds_a_small_count_and_the_one_its_total_would_give_away(world: OpenDataWorld) -> None:
    table = _table(world, "departures-by-year")
    titp, ssw = _row(table, "2026")[:2]
    # 47 departures in 2026, 40 of them TITP: showing both would give the 7 SSW away.
    assert ssw is None
    assert None in (titp, _row(table, "2026")[-1])


def test_it_adds_each_row_up_to_the_every_programme_figure(world: OpenDataWorld) -> None:
    table = _table(world, "departures-by-prefecture")
    assert _row(table, "Miyagi")[0] == 105
    assert _row(table, "Miyagi")[-1] == 120
    assert next(line for line in table.lines if line.total).values[-1] == 157


def test_it_shows_a_prefecture_without_figures_like_a_small_one(world: OpenDataWorld) -> None:
    table = _table(world, "departures-by-prefecture")
    assert [line.label for line in table.lines] == ["Miyagi", "Aichi", "Osaka", "Total"]
    assert set(_row(table, "Osaka")) == {None}


def test_it_fills_in_the_years_without_departures(world: OpenDataWorld) -> None:
    table = _table(world, "departures-by-year")
    assert [line.label for line in table.lines] == ["2024", "2025", "2026", "Total"]
    assert set(_row(table, "2025")) == {None}


def test_it_gives_what_the_programmes_do_not_hold_a_column_of_its_own(world: OpenDataWorld) -> None:
    table = _table(world, "departures-by-province")
    assert table.headings[-2:] == ("Other or not recorded", "Total")
    assert next(line for line in table.lines if line.total).values[-1] == 157
    assert _table(world, "departures-by-year").headings[-2] != "Other or not recorded"


def test_it_publishes_the_funnel_as_how_far_each_participant_got(world: OpenDataWorld) -> None:
    table = _table(world, "how-far-participants-got")
    # Reached: 300, 296, 250, 157, 20. Stopped at registration: 4 (withheld), and so the
    # smallest other, the 20 who returned, since the 300 in all would give the 4 away.
    assert [line.values for line in table.lines] == [(None,), (46,), (93,), (137,), (None,), (300,)]
    assert table.lines[-1].label == "Registered in all"


def test_it_publishes_titp_to_ssw_as_moved_on_and_not(world: OpenDataWorld) -> None:
    table = _table(world, "titp-to-ssw")
    assert table.headings == ("Moved on to SSW", "Did not move on", "Finished TITP")
    assert [line.values for line in table.lines] == [(None, None, 30), (None, None, 33), (29, 34, 63)]


def test_it_reads_only_the_whole_programmes_figures_of_the_latest_snapshot(world: OpenDataWorld) -> None:
    assert Figure.objects.filter(values__in=[{"departures": n} for n in FORBIDDEN]).exists()
    shown = {value for table in published_tables(world.snapshot) for line in table.lines for value in line.values}
    assert not shown & set(FORBIDDEN)


def test_it_is_built_from_no_table_about_grievances_or_fees() -> None:
    sources = [TABLES[spec.source] for spec in SPECS.values()]
    assert not [table.name for table in sources if table.about_protection]


@pytest.mark.parametrize(
    ("language", "prefecture", "province"),
    [("ja", "宮城県", "West Java"), ("id", "Miyagi", "Jawa Barat"), ("en", "Miyagi", "West Java")],
)
def test_it_labels_the_rows_in_the_readers_language(
    world: OpenDataWorld, language: str, prefecture: str, province: str
) -> None:
    assert _table(world, "workers-in-japan", language).lines[0].label == prefecture
    assert _table(world, "departures-by-province", language).lines[0].label == province


def test_it_gathers_keys_it_cannot_name_in_a_row_of_their_own(world: OpenDataWorld) -> None:
    Figure.objects.create(
        snapshot=world.snapshot,
        table="placements.active-by-prefecture",
        scope="all",
        key="unknown",
        position=9,
        values={"active": 12},
    )
    table = _table(world, "workers-in-japan")
    assert [line.label for line in table.lines][-2:] == ["Not recorded", "Total"]
    assert table.lines[-1].values[-1] == 75


@pytest.mark.parametrize(
    ("table", "key", "values", "name"),
    [
        ("departures.by-year", "2024", {"departures": 5}, "departures-by-year"),  # fewer than TITP's 95
        ("pipeline.funnel", "ready", {"reached": 400}, "how-far-participants-got"),  # more than were trained
        ("placements.titp-to-ssw", "2026", {"moved": 40, "finished": 33}, "titp-to-ssw"),
        ("placements.active-by-prefecture", "", {"active": "60"}, "workers-in-japan"),  # not a count
        ("placements.active-by-prefecture", "", {}, "workers-in-japan"),  # unknown, not zero
    ],
)
def test_it_publishes_no_table_whose_figures_do_not_add_up(
    world: OpenDataWorld, table: str, key: str, values: dict[str, object], name: str
) -> None:
    rows = Figure.objects.filter(snapshot=world.snapshot, table=table, scope="all", year=0, programme="")
    row = rows.get(key=key) if key else rows.get(key=str(world.miyagi.pk))
    row.values = values
    row.save()
    found = _table(world, name)
    assert not found.available
    assert found.lines == ()
