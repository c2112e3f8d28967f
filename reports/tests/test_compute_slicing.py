"""The counting engine: groups, counts and medians over arrays, every slice at once."""

from __future__ import annotations

import numpy as np

from reports.compute.slicing import Facts, Programmes, group_count, group_median, groups
from reports.slices import ScopeKind


def ints(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


class TestGroupMedian:
    def test_it_takes_the_middle_value_of_an_odd_count(self) -> None:
        _, medians = group_median([ints(1, 1, 1)], ints(30, 10, 20))
        assert medians == [20]

    def test_it_rounds_the_mean_of_the_two_middle_values_half_up(self) -> None:
        _, medians = group_median([ints(1, 1, 1, 1, 2, 2)], ints(4, 1, 3, 2, 10, 11))
        assert medians == [3, 11]  # 2.5 → 3, 10.5 → 11

    def test_it_gives_one_persons_days_as_they_are(self) -> None:
        unique, medians = group_median([ints(7)], ints(42))
        assert unique[0].tolist() == [7]
        assert medians == [42]

    def test_it_gives_nobody_no_median(self) -> None:
        unique, medians = group_median([ints()], ints())
        assert unique[0].tolist() == []
        assert medians == []

    def test_it_keeps_each_group_to_its_own_values(self) -> None:
        unique, medians = group_median([ints(2, 1, 2, 1), ints(5, 5, 5, 6)], ints(100, 1, 300, 7))
        assert list(zip(unique[0].tolist(), unique[1].tolist(), medians, strict=True)) == [
            (1, 5, 1),
            (1, 6, 7),
            (2, 5, 200),
        ]


class TestGroupCount:
    def test_it_counts_each_combination(self) -> None:
        unique, counts = group_count([ints(1, 1, 2, 1), ints(9, 8, 9, 9)])
        assert sorted(zip(unique[0].tolist(), unique[1].tolist(), counts.tolist(), strict=True)) == [
            (1, 8, 1),
            (1, 9, 2),
            (2, 9, 1),
        ]

    def test_it_counts_nothing_in_nothing(self) -> None:
        _unique, counts = group_count([ints(), ints()])
        assert counts.tolist() == []


def facts() -> Facts:
    # Three rows: LPK 5 in 2025 (programme 1), LPK 6 in 2026 (no programme), no LPK in 2025; two in prefecture 4.
    return Facts.of(
        year=ints(2025, 2026, 2025),
        programme=ints(1, 0, 2),
        prefecture=(ints(0, 2), ints(4, 4)),
        association=ints(0, 0, 0),
        lpk=ints(5, 6, 0),
        blk=ints(3, 3, 3),
    )


class TestGroups:
    def test_it_counts_each_row_in_every_year_and_its_own(self) -> None:
        seen = {
            (group.kind, scope, year, programme)
            for group in groups(facts(), by_year=True)
            if group.kind == ScopeKind.SENDING_ORGANIZATION
            for scope, year, programme in zip(
                group.scope.tolist(), group.year.tolist(), group.programme.tolist(), strict=True
            )
        }
        lpk = ScopeKind.SENDING_ORGANIZATION
        assert seen == {
            (lpk, 5, 0, 0),
            (lpk, 5, 2025, 0),
            (lpk, 5, 0, 1),
            (lpk, 5, 2025, 1),
            (lpk, 6, 0, 0),
            (lpk, 6, 2026, 0),
        }

    def test_it_keeps_a_table_without_years_in_every_year_only(self) -> None:
        assert {int(year) for group in groups(facts(), by_year=False) for year in group.year} == {0}

    def test_it_gives_only_each_programme_when_asked(self) -> None:
        programmes = {
            int(code)
            for group in groups(facts(), by_year=False, programmes=Programmes.EACH_ONLY)
            for code in group.programme
        }
        assert programmes == {1, 2}

    def test_it_puts_rows_in_several_prefectures_each_once(self) -> None:
        prefecture = next(group for group in groups(facts(), by_year=False) if group.kind == ScopeKind.PREFECTURE)
        assert sorted(zip(prefecture.rows.tolist(), prefecture.scope.tolist(), strict=True)) == [(0, 4), (2, 4)]
