"""Statistical disclosure control for the tables the open data publishes.

A published table is rows × columns of counts with, as the table says, its
row totals, its column totals and (when it has both) the grand total. Every
count is of people, so a small one may single someone out; these functions
decide which values are withheld. They know nothing of Django.

Primary suppression: every value under ``THRESHOLD`` (10) is withheld, totals
included, and **0 too**. A visible 0 beside a withheld 1–9 tells the reader
where nobody is and narrows the withheld ones; worse, together with a total a
0 reveals a group's attribute ("every departure from this province went to
this prefecture"). Withheld values are therefore "fewer than 10, possibly
none", and a reader cannot tell a 0 from a 7.

Secondary (complementary) suppression: a published total is an equation
(the components of its line add up to it), so a withheld value could be
recovered by subtraction. Until none of these holds, one more value is
withheld, the smallest that helps (ties: the first by row, then column):

1. a line (a row, a column, or the line of totals) whose total is in the
   table holds exactly one withheld value: the smallest other value of that
   line is withheld too;
2. a line whose total is published has withheld components that add up to
   0 (they would all be revealed as 0): its smallest published component is
   withheld;
3. a withheld value is still determined by several lines together (two
   withheld pairs joined by a single withheld value: adding up the lines on
   one side gives it). Seen as a graph whose nodes are the lines and whose
   edges are the withheld values, a value is determined exactly when its
   edge is a bridge; the smallest value that joins the two sides again puts
   it on a cycle, whose values can shift together without changing any
   total.

What stays known about withheld values is their sum along a line (a row of
4 withheld between published 20 and total 27 says they add up to 7), which
never pins one of them down. A table whose every value is withheld has no
bridge, so the loop always ends in a safe state.
"""

from __future__ import annotations

from dataclasses import dataclass

# Counts under this are withheld (issue 16: "every cell under 10 suppressed").
THRESHOLD = 10

# (row, column) in the table extended by its totals: row == rows is the line
# of column totals, column == columns the column of row totals.
Position = tuple[int, int]
Values = dict[Position, int]
# The two nodes (lines) each value joins in the graph of rule 3.
Ends = dict[Position, tuple[int, int]]
# A node of the graph of rule 3 for a value that lies on one published line only.
_GROUND = -1


@dataclass(frozen=True)
class Table:
    """Counts, rows × columns, and which totals are published with them."""

    cells: tuple[tuple[int, ...], ...]
    row_totals: bool = True
    column_totals: bool = True

    def __post_init__(self) -> None:
        widths = {len(row) for row in self.cells}
        if len(widths) > 1:
            raise ValueError("every row needs the same number of columns")
        if any(value < 0 for row in self.cells for value in row):
            raise ValueError("counts are never negative")
        if self.cells and not self.columns:
            raise ValueError("a table with rows needs a column")

    @property
    def rows(self) -> int:
        return len(self.cells)

    @property
    def columns(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def value(self, position: Position) -> int:
        row, column = position
        in_rows = range(self.rows) if row == self.rows else (row,)
        in_columns = range(self.columns) if column == self.columns else (column,)
        return sum(self.cells[i][j] for i in in_rows for j in in_columns)

    def positions(self) -> list[Position]:
        """Every value the table publishes, cells and totals, row by row
        (nothing for a table without cells: its totals could only be 0)."""
        if not self.cells:
            return []
        last_row = self.rows + 1 if self.column_totals else self.rows
        last_column = self.columns + 1 if self.row_totals else self.columns
        found = [(i, j) for i in range(last_row) for j in range(last_column)]
        if not (self.row_totals and self.column_totals):
            # A grand total is published only beside both kinds of totals.
            found = [(i, j) for i, j in found if not (i == self.rows and j == self.columns)]
        return found

    def lines(self) -> list[Line]:
        """The equations the published totals make: rows, then columns."""
        found: list[Line] = []
        if not self.cells:
            return found
        if self.row_totals:
            last = self.rows + 1 if self.column_totals else self.rows
            found += [Line(tuple((i, j) for j in range(self.columns)), (i, self.columns)) for i in range(last)]
        if self.column_totals:
            last = self.columns + 1 if self.row_totals else self.columns
            found += [Line(tuple((i, j) for i in range(self.rows)), (self.rows, j)) for j in range(last)]
        return found


@dataclass(frozen=True)
class Line:
    """``components`` add up to ``total``."""

    components: tuple[Position, ...]
    total: Position

    @property
    def positions(self) -> tuple[Position, ...]:
        return (*self.components, self.total)


@dataclass(frozen=True)
class Protected:
    """A table with the values that may not be published withheld."""

    table: Table
    withheld: frozenset[Position]

    def shown(self, position: Position) -> int | None:
        """The value as published: None where it is withheld."""
        return None if position in self.withheld else self.table.value(position)


def protect(table: Table) -> Protected:
    """Withhold every value under THRESHOLD and then, one at a time, each
    value that keeps a withheld one from being worked out (module docstring)."""
    values = {position: table.value(position) for position in table.positions()}
    lines = table.lines()
    ends = _line_ends(values, lines)
    withheld = {position for position, value in values.items() if value < THRESHOLD}
    while (more := _next_to_withhold(values, lines, ends, withheld)) is not None:
        withheld.add(more)
    return Protected(table, frozenset(withheld))


def _next_to_withhold(values: Values, lines: list[Line], ends: Ends, withheld: set[Position]) -> Position | None:
    return (
        _alone_in_a_line(values, lines, withheld)
        or _zeros_by_subtraction(values, lines, withheld)
        or _joined_by_a_bridge(values, ends, withheld)
    )


def _smallest(values: Values, candidates: list[Position]) -> Position | None:
    return min(candidates, key=lambda position: (values[position], position), default=None)


def _alone_in_a_line(values: Values, lines: list[Line], withheld: set[Position]) -> Position | None:
    for line in lines:
        if sum(position in withheld for position in line.positions) == 1:
            return _smallest(values, [position for position in line.positions if position not in withheld])
    return None


def _zeros_by_subtraction(values: Values, lines: list[Line], withheld: set[Position]) -> Position | None:
    for line in lines:
        hidden = [position for position in line.components if position in withheld]
        if line.total not in withheld and hidden and sum(values[position] for position in hidden) == 0:
            return _smallest(values, [position for position in line.components if position not in withheld])
    return None


def _joined_by_a_bridge(values: Values, ends: Ends, withheld: set[Position]) -> Position | None:
    edges = sorted(withheld)
    for bridge in _bridges(edges, ends):
        rest = [edge for edge in edges if edge != bridge]
        side, other_side = (_reachable(end, rest, ends) for end in ends[bridge])
        published = [position for position in values if position not in withheld]
        across = [position for position in published if _joins(ends[position], side, other_side)]
        touching = [position for position in published if side & set(ends[position])]
        # Joining the two sides puts the bridge on a cycle; failing that, growing its side
        # will (a table with everything withheld has no bridge, so this ends).
        return _smallest(values, across) or _smallest(values, touching) or _smallest(values, published)
    return None


def _joins(ends: tuple[int, int], side: set[int], other_side: set[int]) -> bool:
    a, b = ends
    return (a in side and b in other_side) or (a in other_side and b in side)


def _line_ends(values: Values, lines: list[Line]) -> Ends:
    """Each value's two nodes: the lines it lies on, the ground for a missing one."""
    on: dict[Position, list[int]] = {position: [] for position in values}
    for number, line in enumerate(lines):
        for position in line.positions:
            on[position].append(number)
    padded = {position: [*found, _GROUND, _GROUND] for position, found in on.items()}
    return {position: (found[0], found[1]) for position, found in padded.items()}


def _reachable(start: int, edges: list[Position], ends: Ends) -> set[int]:
    neighbours: dict[int, list[int]] = {}
    for edge in edges:
        a, b = ends[edge]
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours.get(todo.pop(), []):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _bridges(edges: list[Position], ends: Ends) -> list[Position]:
    """The edges on no cycle (Tarjan's low-link, by edge so that two values
    joining the same two lines make a cycle), in ``edges`` order."""
    incident: dict[int, list[tuple[int, Position]]] = {}
    for edge in edges:
        a, b = ends[edge]
        incident.setdefault(a, []).append((b, edge))
        if a != b:
            incident.setdefault(b, []).append((a, edge))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[Position] = set()
    for root in sorted(incident):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        # An explicit stack: (node, the edge it was reached by, its remaining incident edges).
        stack = [(root, (-1, -1), iter(incident[root]))]
        while stack:
            node, via, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent]:
                        found.add(via)
                continue
            other, edge = step
            if edge == via:
                continue
            if other in order:
                low[node] = min(low[node], order[other])
            else:
                order[other] = low[other] = len(order)
                stack.append((other, edge, iter(incident[other])))
    return [edge for edge in edges if edge in found]
