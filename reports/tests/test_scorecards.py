"""The scorecard tables and how a figure of them is shown."""

from __future__ import annotations

import pytest

from reports.catalogue import ColumnKind
from reports.scorecards import COLUMNS, COLUMNS_BY_NAME, COUNTS, SCORECARDS, SCORES, TABLES, shown


class TestTables:
    def test_it_names_the_three_kinds_of_partner_and_the_programme(self) -> None:
        assert set(TABLES) == {
            "scorecards.sending-organizations",
            "scorecards.supervising-organizations",
            "scorecards.companies",
            "scorecards.programme",
        }
        assert all(len(name) <= 48 for name in TABLES)  # Figure.table's length

    def test_it_derives_every_rate_from_two_stored_counts(self) -> None:
        for column in COLUMNS:
            if column.kind in (ColumnKind.SHARE, ColumnKind.PER_100):
                assert {column.part, column.whole} <= set(COUNTS), column.name

    def test_it_backs_every_score_with_stored_figures(self) -> None:
        for score in SCORES:
            assert score.column in COLUMNS_BY_NAME
            assert set(score.behind) <= set(COUNTS), score.column

    def test_it_rates_partners_by_organization(self) -> None:
        assert {spec.table.key_kind.value for spec in SCORECARDS.values()} == {"organization"}


class TestShown:
    def test_it_shows_a_share_of_a_large_enough_whole_as_a_rate(self) -> None:
        figure = shown({"same_job": 9, "departures": 12}, COLUMNS_BY_NAME["same_job_share"])
        assert (figure.value, figure.part, figure.whole, figure.is_small) == (75, 9, 12, False)

    @pytest.mark.parametrize(("part", "whole"), [(1, 9), (0, 1), (9, 9)])
    def test_it_shows_a_share_of_a_small_whole_as_its_counts(self, part: int, whole: int) -> None:
        figure = shown({"same_job": part, "departures": whole}, COLUMNS_BY_NAME["same_job_share"])
        assert (figure.value, figure.part, figure.whole, figure.is_small) == (None, part, whole, True)

    def test_it_shows_nothing_to_rate_when_the_whole_is_zero(self) -> None:
        figure = shown({}, COLUMNS_BY_NAME["pass_rate"])
        assert (figure.value, figure.is_small, figure.sort_value) == (None, False, (1, 0))

    def test_it_rates_per_100_beyond_a_hundred(self) -> None:
        figure = shown({"grievances": 15, "workers": 10}, COLUMNS_BY_NAME["grievances_per_100"])
        assert figure.value == 150

    def test_it_reads_a_missing_count_as_zero_and_missing_days_as_unknown(self) -> None:
        assert shown({}, COLUMNS_BY_NAME["departures"]).value == 0
        assert shown({}, COLUMNS_BY_NAME["resolution_days"]).value is None
        assert shown({"resolution_days": 4}, COLUMNS_BY_NAME["resolution_days"]).value == 4

    def test_it_sorts_unknown_figures_after_every_number(self) -> None:
        small = shown({"tests_passed": 1, "tests_taken": 2}, COLUMNS_BY_NAME["pass_rate"])
        rated = shown({"tests_passed": 0, "tests_taken": 20}, COLUMNS_BY_NAME["pass_rate"])
        assert rated.sort_value < small.sort_value
