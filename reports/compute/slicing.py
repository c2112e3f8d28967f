"""Counting once for every slice: the whole programme, each prefecture,
association, LPK/SO and BLK; every year and each year; every programme and
each programme.

A computation describes what it counts as ``Facts``: one row per thing
counted (a participant, a placement, a case), with the year and programme it
belongs to and the scopes it falls in. ``groups`` then walks the slices a
scope kind at a time, each as arrays, and ``Table`` gathers the counts and
medians numpy makes of them (``group_count``, ``group_median``: a sort per
group of slices, not a loop per row) into the rows of one table.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reports.catalogue import ColumnKind, TableSpec
from reports.compute import FigureRow
from reports.compute.columns import NO_PROGRAMME, Ints
from reports.slices import FIRST_YEAR, PROGRAMMES, Scope, ScopeKind

PROGRAMME_VALUES = ("", *PROGRAMMES)  # by programme code: 0 is every programme
_LARGEST_INT = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Facts:
    """The rows counted: for each, its year (0: none known), its programme
    code (``columns.PROGRAMME_CODES``; 0: none) and, per scope kind, the rows
    in a scope and that scope's id. A row may be in several scopes of one
    kind (a participant placed in two prefectures): then it appears once in
    each."""

    year: Ints
    programme: Ints
    scopes: tuple[tuple[ScopeKind, Ints, Ints], ...]

    @classmethod
    def of(
        cls,
        *,
        year: Ints,
        programme: Ints,
        prefecture: Ints | tuple[Ints, Ints],
        association: Ints,
        lpk: Ints,
        blk: Ints,
    ) -> Facts:
        """``prefecture`` is an id per row (0: none) or pairs (rows, ids)."""
        size = len(year)
        # A year before the programme began is a typing error: counted in every year only.
        year = np.where(year >= FIRST_YEAR, year, 0)
        scopes = [(ScopeKind.ALL, np.arange(size, dtype=np.int64), np.zeros(size, dtype=np.int64))]
        for kind, ids in (
            (ScopeKind.PREFECTURE, prefecture),
            (ScopeKind.ASSOCIATION, association),
            (ScopeKind.SENDING_ORGANIZATION, lpk),
            (ScopeKind.TRAINING_CENTRE, blk),
        ):
            if isinstance(ids, tuple):
                scopes.append((kind, *ids))
            else:
                rows = np.flatnonzero(ids > 0).astype(np.int64)
                scopes.append((kind, rows, ids[rows]))
        return cls(year=year, programme=programme, scopes=tuple(scopes))


class Programmes(enum.Enum):
    """Which programme slices a table is kept for."""

    BOTH = "both"  # every programme ("") and each one
    EVERY_ONLY = "every"  # every programme only
    EACH_ONLY = "each"  # each programme only


@dataclass(frozen=True)
class Group:
    """The rows of one scope kind, each with the slice it is counted in."""

    kind: ScopeKind
    rows: Ints  # indices into the facts
    scope: Ints
    year: Ints
    programme: Ints

    def take(self, which: Ints | np.ndarray[Any, np.dtype[np.bool_]]) -> Group:
        """The rows ``which`` (indices or a mask) selects, in the same slices."""
        return Group(self.kind, self.rows[which], self.scope[which], self.year[which], self.programme[which])


def groups(facts: Facts, *, by_year: bool, programmes: Programmes = Programmes.BOTH) -> Iterator[Group]:
    """Every (scope kind, year or every year, programme or every programme):
    each row counted once in every year (0) and, when ``by_year``, once in
    its own year; once in every programme and once in its own. Rows without a
    year or a programme count only in "every"."""
    year_options = (False, True) if by_year else (False,)
    programme_options = {
        Programmes.BOTH: (False, True),
        Programmes.EVERY_ONLY: (False,),
        Programmes.EACH_ONLY: (True,),
    }[programmes]
    for kind, rows, ids in facts.scopes:
        years, codes = facts.year[rows], facts.programme[rows]
        for with_year in year_options:
            for with_programme in programme_options:
                keep = np.ones(len(rows), dtype=bool)
                if with_year:
                    keep &= years > 0
                if with_programme:
                    keep &= codes != NO_PROGRAMME
                zeros = np.zeros(int(keep.sum()), dtype=np.int64)
                yield Group(
                    kind=kind,
                    rows=rows[keep],
                    scope=ids[keep],
                    year=years[keep] if with_year else zeros,
                    programme=codes[keep] if with_programme else zeros,
                )


def _combined(columns: Sequence[Ints]) -> Ints:
    """One integer per row standing for its combination of ``columns``."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    span = 1
    for column in columns:
        values, codes = np.unique(column, return_inverse=True)
        if span > _LARGEST_INT // max(len(values), 1):
            raise OverflowError("too many combinations to count in one pass")
        combined = combined * len(values) + codes.reshape(-1)
        span *= max(len(values), 1)
    return combined


def group_count(columns: Sequence[Ints]) -> tuple[list[Ints], Ints]:
    """Each distinct combination of ``columns`` (equal-length arrays) and how many rows have it."""
    if not len(columns[0]):
        return [column[:0] for column in columns], np.zeros(0, dtype=np.int64)
    _, first, counts = np.unique(_combined(columns), return_index=True, return_counts=True)
    return [column[first] for column in columns], counts.astype(np.int64)


def distinct_rows(columns: Sequence[Ints]) -> list[Ints]:
    """``columns`` with each combination of values once."""
    unique, _ = group_count(columns)
    return unique


def group_median(columns: Sequence[Ints], values: Ints) -> tuple[list[Ints], list[int]]:
    """Each distinct combination of ``columns`` and the median of its ``values``:
    the middle value, or the mean of the two middle ones rounded half up, as
    whole numbers."""
    if not len(values):
        return [column[:0] for column in columns], []
    combined = _combined(columns)
    order = np.lexsort((values, combined))
    ordered_groups, ordered_values = combined[order], values[order]
    _, starts, counts = np.unique(ordered_groups, return_index=True, return_counts=True)
    low = ordered_values[starts + (counts - 1) // 2]
    high = ordered_values[starts + counts // 2]
    medians = np.floor((low + high) / 2 + 0.5).astype(np.int64)
    first = order[starts]
    return [column[first] for column in columns], medians.tolist()


class Order(enum.Enum):
    """The order of a table's rows within a slice."""

    KEY = "key"  # by the key's text: months and years in time order
    GIVEN = "given"  # as the table's list of keys says (stages, months after return)
    LARGEST = "largest"  # largest first column first, then by key


SliceKey = tuple[str, int, str]
CellKey = tuple[str, int, str, str]


@functools.cache
def scope_token(kind: ScopeKind, scope_id: int) -> str:
    """``Scope.token``, made once per scope: it is asked for every figure."""
    return Scope(kind).token if kind == ScopeKind.ALL else Scope(kind, scope_id).token


class Table:
    """The cells of one table for every slice, gathered column by column."""

    def __init__(
        self,
        spec: TableSpec,
        *,
        order: Order,
        keys: Sequence[str] = (),
        key_text: Callable[[int], str] = str,
        unknown_columns: Sequence[str] = (),
    ) -> None:
        self.spec = spec
        self.order = order
        self.given = {key: position for position, key in enumerate(keys)}
        self.key_text = key_text
        # COUNT columns a row may lack without being 0 (the funnel's first stage has no stage before).
        self.unknown_columns = frozenset(unknown_columns)
        # What a row holds where nothing was counted: 0 for a count, None for a median of nobody.
        self.defaults: dict[str, Any] = {
            column.name: 0 if column.kind == ColumnKind.COUNT else None
            for column in spec.columns
            if (column.kind == ColumnKind.COUNT and column.name not in self.unknown_columns)
            or column.kind == ColumnKind.DAYS
        }
        self.cells: dict[CellKey, dict[str, Any]] = {}

    def add_counts(self, group: Group, key: Ints, column: str, *, distinct: Ints | None = None) -> None:
        """Count the rows of ``group`` by slice and ``key`` (one per row of
        the group) into ``column``; with ``distinct``, each value of it once."""
        columns = [group.scope, group.year, group.programme, key]
        if distinct is not None:
            columns = distinct_rows([*columns, distinct])[:-1]
        unique, counts = group_count(columns)
        self.put(group.kind, unique, column, counts.tolist())

    def add_medians(self, group: Group, key: Ints, values: Ints, column: str) -> None:
        unique, medians = group_median([group.scope, group.year, group.programme, key], values)
        self.put(group.kind, unique, column, medians)

    def put(self, kind: ScopeKind, unique: Sequence[Ints], column: str, values: Sequence[Any]) -> None:
        scopes, years, programmes, keys = (array.tolist() for array in unique)
        for scope, year, programme, key, value in zip(scopes, years, programmes, keys, values, strict=True):
            cell = (scope_token(kind, scope), year, PROGRAMME_VALUES[programme], self.key_text(key))
            self.cells.setdefault(cell, {})[column] = value

    def put_cell(self, where: SliceKey, key: str, values: Mapping[str, Any]) -> None:
        self.cells.setdefault((*where, key), {}).update(values)

    def slices(self) -> set[SliceKey]:
        return {(scope, year, programme) for scope, year, programme, _ in self.cells}

    def rows(self) -> Iterator[FigureRow]:
        by_slice: dict[SliceKey, list[tuple[str, dict[str, Any]]]] = {}
        for (scope, year, programme, key), values in self.cells.items():
            by_slice.setdefault((scope, year, programme), []).append((key, self._completed(values)))
        first = self.spec.columns[0].name
        for (scope, year, programme), cells in by_slice.items():
            for position, (key, values) in enumerate(sorted(cells, key=self._sort_key(first))):
                yield FigureRow(self.spec.name, scope, year, programme, key, position, values)

    def _completed(self, values: dict[str, Any]) -> dict[str, Any]:
        """Every COUNT column the table stores, 0 where nothing was counted;
        a median of nobody is None."""
        return {**self.defaults, **values}

    def _sort_key(self, first: str) -> Callable[[tuple[str, dict[str, Any]]], tuple[Any, ...]]:
        if self.order == Order.GIVEN:
            return lambda cell: (self.given.get(cell[0], len(self.given)), cell[0])
        if self.order == Order.KEY:
            return lambda cell: (cell[0],)
        return lambda cell: (-(cell[1].get(first) or 0), len(cell[0]), cell[0])
