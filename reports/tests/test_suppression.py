"""Suppression of small cells, including through totals.

The properties are checked against an oracle that shares nothing with the
code: the published totals written out as linear equations over the
withheld values, solved exactly with fractions. A withheld value is
recoverable when the equations fix it whatever the others are."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import THRESHOLD, Position, Protected, Table, protect


def _equations(protected: Protected) -> tuple[list[Position], list[tuple[dict[Position, int], int]]]:
    """Each published total as ``sum(coefficient × withheld) = known``, written from the table's shape."""
    table = protected.table
    rows, columns = table.rows, table.columns
    lines: list[tuple[list[Position], Position]] = []
    if table.row_totals:
        last = rows + 1 if table.column_totals else rows
        lines += [([(i, j) for j in range(columns)], (i, columns)) for i in range(last)]
    if table.column_totals:
        last = columns + 1 if table.row_totals else columns
        lines += [([(i, j) for i in range(rows)], (rows, j)) for j in range(last)]
    unknown = sorted(protected.withheld)
    equations = []
    for parts, total in lines:
        coefficients: dict[Position, int] = {}
        known = 0
        for position, sign in [(part, 1) for part in parts] + [(total, -1)]:
            if position in protected.withheld:
                coefficients[position] = coefficients.get(position, 0) + sign
            else:
                known -= sign * table.value(position)
        equations.append((coefficients, known))
    return unknown, equations


def recoverable(protected: Protected) -> set[Position]:
    """The withheld values the published ones fix exactly (reduced row echelon form)."""
    unknown, equations = _equations(protected)
    matrix = [[Fraction(coefficients.get(position, 0)) for position in unknown] for coefficients, _known in equations]
    pivots: list[int] = []
    row = 0
    for column in range(len(unknown)):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        matrix[row] = [value / matrix[row][column] for value in matrix[row]]
        for other in range(len(matrix)):
            if other != row and matrix[other][column] != 0:
                factor = matrix[other][column]
                matrix[other] = [a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)]
        pivots.append(column)
        row += 1
    fixed = set()
    for r, column in enumerate(pivots):
        if all(matrix[r][c] == 0 for c in range(len(unknown)) if c != column):
            fixed.add(unknown[column])
    return fixed


def _published(protected: Protected) -> list[Position]:
    return [position for position in protected.table.positions() if position not in protected.withheld]


# Mostly publishable counts with small ones among them, as in a real table
# (all small or all large would leave nothing to decide).
counts = st.one_of(st.integers(0, 9), st.integers(10, 99), st.integers(10, 99), st.integers(10, 400))
tables = st.integers(1, 7).flatmap(
    lambda columns: st.builds(
        Table,
        st.lists(st.tuples(*[counts] * columns), min_size=0, max_size=7).map(tuple),
        st.booleans(),
        st.booleans(),
    )
)


class TestProperties:
    @given(tables)
    @settings(max_examples=300, deadline=None)
    def test_it_publishes_no_value_under_ten_and_every_other_as_it_is(self, table: Table) -> None:
        protected = protect(table)
        for position in _published(protected):
            assert protected.shown(position) == table.value(position) >= THRESHOLD

    @given(tables)
    @settings(max_examples=300, deadline=None)
    def test_it_never_leaves_a_line_with_one_withheld_value(self, table: Table) -> None:
        protected = protect(table)
        for line in table.lines():
            assert sum(position in protected.withheld for position in line.positions) != 1

    @given(tables)
    @settings(max_examples=300, deadline=None)
    def test_it_leaves_no_withheld_value_recoverable_from_the_totals(self, table: Table) -> None:
        protected = protect(table)
        assert not recoverable(protected)

    @given(tables)
    @settings(max_examples=300, deadline=None)
    def test_it_never_reveals_withheld_zeros_by_subtraction(self, table: Table) -> None:
        protected = protect(table)
        for line in table.lines():
            hidden = [position for position in line.components if position in protected.withheld]
            if hidden and line.total not in protected.withheld:
                assert sum(table.value(position) for position in hidden) > 0

    @given(tables)
    @settings(max_examples=100, deadline=None)
    def test_it_decides_the_same_way_every_time(self, table: Table) -> None:
        assert protect(table) == protect(Table(table.cells, table.row_totals, table.column_totals))


class TestExamples:
    def test_it_publishes_a_table_of_large_counts_whole(self) -> None:
        protected = protect(Table(((12, 40), (25, 30))))
        assert protected.withheld == frozenset()
        assert protected.shown((2, 2)) == 107

    def test_it_withholds_zero_like_any_small_count(self) -> None:
        protected = protect(Table(((0,), (25,)), row_totals=False, column_totals=False))
        assert protected.withheld == {(0, 0)}

    def test_it_withholds_the_smallest_other_value_of_a_row_and_of_a_column(self) -> None:
        # 3 alone in its row: 12 goes with it; then 12 alone in column 0: 25 (not 50).
        protected = protect(Table(((12, 3, 40), (25, 50, 60), (45, 70, 80))))
        assert {(0, 1), (0, 0), (1, 0)} <= protected.withheld
        assert (2, 0) not in protected.withheld
        assert not recoverable(protected)

    def test_it_withholds_a_small_total_and_what_would_give_it_away(self) -> None:
        # Row 0 adds up to 7: each cell and the total are small; the column of
        # row totals then has the 7 alone, so the next smallest total goes too.
        protected = protect(Table(((3, 4), (20, 30), (40, 50))))
        assert {(0, 0), (0, 1), (0, 2), (1, 2)} <= protected.withheld
        assert protected.shown((3, 2)) == 147
        assert not recoverable(protected)

    def test_it_keeps_two_withheld_zeros_from_being_read_off_their_total(self) -> None:
        # 0 + 0 + 15 = 15 would give both zeros away: 15 is withheld as well.
        protected = protect(Table(((0, 0, 15), (20, 30, 40)), column_totals=False))
        assert protected.withheld == {(0, 0), (0, 1), (0, 2)}
        assert protected.shown((0, 3)) == 15

    def test_it_breaks_a_bridge_that_the_line_rule_leaves(self) -> None:
        # What the line rule alone withholds here has two or more in every
        # line, yet (1, 4) and (2, 4) are each the only link between two groups
        # of withheld values: adding up the lines on one side gives them.
        cells = (
            (17, 46, 87, 1, 99),
            (2, 20, 99, 2, 9),
            (18, 7, 7, 55, 1),
            (2, 60, 95, 2, 77),
            (23, 8, 4, 51, 84),
            (46, 69, 84, 95, 82),
        )
        table = Table(cells)
        by_lines = {(0, 0), (0, 3), (1, 0), (1, 3), (1, 4), (2, 1), (2, 2), (2, 4), (3, 0), (3, 3), (4, 1), (4, 2)}
        assert recoverable(Protected(table, frozenset(by_lines))) == {(1, 4), (2, 4)}
        protected = protect(table)
        assert protected.withheld > by_lines
        assert not recoverable(protected)

    def test_it_protects_a_single_column_through_its_total(self) -> None:
        protected = protect(Table(((4,), (30,), (40,)), row_totals=False))
        assert protected.withheld == {(0, 0), (1, 0)}
        assert protected.shown((3, 0)) == 74

    def test_it_withholds_a_row_total_that_would_repeat_its_only_cell(self) -> None:
        protected = protect(Table(((4,), (30,)), column_totals=False))
        assert protected.withheld == {(0, 0), (0, 1)}

    def test_it_handles_a_table_without_rows(self) -> None:
        protected = protect(Table(()))
        assert protected.withheld == frozenset()

    @pytest.mark.parametrize(
        ("cells", "why"),
        [(((1, 2), (3,)), "same number of columns"), (((-1, 20),), "never negative"), (((),), "needs a column")],
        ids=["ragged", "negative", "no columns"],
    )
    def test_it_refuses_what_is_not_a_table_of_counts(self, cells: tuple[tuple[int, ...], ...], why: str) -> None:
        with pytest.raises(ValueError, match=why):
            Table(cells)
