"""The scorecard figures, counted on a world with known outcomes
(reports/tests/scorecard_world.py says what happened to whom)."""

from __future__ import annotations

from typing import Any

import pytest

from reports.compute import COMPUTATIONS, FigureRow
from reports.compute.scorecards import compute
from reports.tests.scorecard_world import NOW, World, build
from tests.cast import Cast

ZEROS = dict.fromkeys(
    [
        "departures",
        "same_job",
        "tests_taken",
        "tests_passed",
        "placements",
        "early_returns",
        "disappearances",
        "workers",
        "grievances",
        "resolved",
        "checkins_answered",
        "checkins_problems",
        "fee_payers",
        "fee_violations",
    ],
    0,
)


@pytest.fixture
def world(cast: Cast) -> World:
    return build(cast)


@pytest.fixture
def rows(world: World) -> list[FigureRow]:
    return list(compute(now=NOW))


def _values(rows: list[FigureRow], table: str, key: object, year: int = 0, programme: str = "") -> dict[str, Any]:
    found = [
        row
        for row in rows
        if row.table == f"scorecards.{table}"
        and row.key == str(key)
        and row.year == year
        and row.programme == programme
    ]
    assert len(found) == 1, (table, key, year, programme, found)
    return found[0].values


def _expected(**figures: int) -> dict[str, int]:
    return {**ZEROS, **figures}


SAKURA_EVERY_YEAR = _expected(
    departures=12,
    same_job=9,
    tests_taken=11,
    tests_passed=9,
    placements=13,
    workers=12,
    early_returns=1,
    disappearances=1,
    grievances=3,
    resolved=2,
    resolution_days=4,
    checkins_answered=10,
    checkins_problems=3,
    fee_payers=3,
    fee_violations=1,
)


class TestSendingOrganizations:
    def test_it_counts_every_figure_of_an_lpk_for_every_year(self, world: World, rows: list[FigureRow]) -> None:
        assert _values(rows, "sending-organizations", world.cast.lpk.pk) == SAKURA_EVERY_YEAR

    def test_it_counts_each_figure_in_the_year_it_fell_in(self, world: World, rows: list[FigureRow]) -> None:
        lpk = world.cast.lpk.pk
        assert _values(rows, "sending-organizations", lpk, 2025) == _expected(
            departures=12,
            same_job=9,
            tests_taken=1,
            tests_passed=1,
            placements=12,
            workers=12,
            fee_payers=3,
            fee_violations=1,
        )
        assert _values(rows, "sending-organizations", lpk, 2026) == _expected(
            tests_taken=10,
            tests_passed=8,
            placements=13,
            workers=12,
            early_returns=1,
            disappearances=1,
            grievances=3,
            resolved=2,
            resolution_days=4,
            checkins_answered=10,
            checkins_problems=3,
        )

    def test_it_counts_a_trade_fitting_an_ssw_field_as_the_same_job_type(
        self, world: World, rows: list[FigureRow]
    ) -> None:
        fuji = _values(rows, "sending-organizations", world.cast.other_lpk.pk, 2026, "ssw")
        assert (fuji["departures"], fuji["same_job"], fuji["workers"]) == (2, 1, 2)

    def test_it_counts_a_workers_payment_without_its_programme_only_for_every_programme(
        self, world: World, rows: list[FigureRow]
    ) -> None:
        titp = _values(rows, "sending-organizations", world.cast.lpk.pk, 2025, "titp")
        assert (titp["departures"], titp["fee_violations"], titp["fee_payers"]) == (12, 0, 0)


class TestJapaneseSide:
    def test_it_counts_a_supervising_organization_by_its_placements(self, world: World, rows: list[FigureRow]) -> None:
        # The transfer to Nagoya Metal stays under JOE: a placement, no departure.
        assert _values(rows, "supervising-organizations", world.cast.supervising.pk) == {
            **SAKURA_EVERY_YEAR,
            "fee_payers": 0,
            "fee_violations": 0,
        }

    def test_it_counts_a_company_by_its_placements_and_cases(self, world: World, rows: list[FigureRow]) -> None:
        assert _values(rows, "companies", world.sendai.pk) == {
            **SAKURA_EVERY_YEAR,
            "placements": 12,
            "fee_payers": 0,
            "fee_violations": 0,
        }
        assert _values(rows, "companies", world.nagoya.pk) == _expected(
            departures=2, same_job=1, placements=3, workers=3, grievances=1, resolved=1, resolution_days=10
        )

    def test_it_gives_every_partner_a_row_of_zeros_for_every_year(self, world: World, rows: list[FigureRow]) -> None:
        assert _values(rows, "supervising-organizations", world.japan.other_supervising.pk) == ZEROS

    def test_it_writes_no_row_for_a_partner_with_nothing_in_a_year(self, world: World, rows: list[FigureRow]) -> None:
        keys = {row.key for row in rows if row.table == "scorecards.supervising-organizations" and row.year == 2026}
        assert keys == {str(world.cast.supervising.pk)}


class TestProgramme:
    def test_it_counts_the_programme_as_a_whole(self, rows: list[FigureRow]) -> None:
        assert _values(rows, "programme", "total") == _expected(
            departures=14,
            same_job=10,
            tests_taken=11,
            tests_passed=9,
            placements=15,
            workers=14,
            early_returns=1,
            disappearances=1,
            grievances=4,
            resolved=3,
            resolution_days=5,
            checkins_answered=10,
            checkins_problems=3,
            fee_payers=3,
            fee_violations=1,
        )

    def test_it_leaves_a_case_without_a_placement_out_of_each_programme(self, rows: list[FigureRow]) -> None:
        titp = _values(rows, "programme", "total", 2026, "titp")
        assert (titp["grievances"], titp["resolved"], titp["resolution_days"]) == (3, 2, 4)
        assert "resolution_days" not in _values(rows, "programme", "total", 2026, "ssw")


class TestRows:
    def test_it_writes_the_whole_programme_scope_only(self, rows: list[FigureRow]) -> None:
        assert {row.scope for row in rows} == {"all"}

    def test_it_orders_a_slice_by_departures(self, world: World, rows: list[FigureRow]) -> None:
        slice_rows = [
            row
            for row in rows
            if row.table == "scorecards.sending-organizations" and row.year == 0 and row.programme == ""
        ]
        assert [(row.key, row.position) for row in slice_rows] == [
            (str(world.cast.lpk.pk), 0),
            (str(world.cast.other_lpk.pk), 1),
        ]

    def test_it_is_registered_with_the_refresh(self) -> None:
        assert "reports.compute.scorecards.compute" in COMPUTATIONS

    def test_it_computes_nothing_but_zero_rows_on_an_empty_programme(self, cast: Cast) -> None:
        rows = list(compute(now=NOW))
        assert {(row.table, row.year, row.programme) for row in rows} == {
            ("scorecards.sending-organizations", 0, ""),
            ("scorecards.supervising-organizations", 0, ""),
            ("scorecards.companies", 0, ""),
        }
        assert all(row.values == ZEROS for row in rows)
