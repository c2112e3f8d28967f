"""What a reader (XLSX or CSV) found in the one sheet it read, before any
heading is looked for."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import NamedTuple, TypeAlias

from lib.spreadsheet.cells import CellValue
from lib.spreadsheet.numfmt import NumberFormat
from lib.spreadsheet.problems import Format

Records: TypeAlias = Callable[[], Iterator[Sequence[CellValue]]]


class Cell(NamedTuple):
    row: int  # as the spreadsheet program numbers it, from 1
    column: int  # from 0 (column A)


@dataclasses.dataclass(frozen=True)
class Sheet:
    format: Format
    name: str  # "" for a CSV file
    records: Records  # each call reads the sheet from its first row again
    total: int  # rows, blank ones included
    hidden_rows: frozenset[int] = frozenset()  # row numbers
    hidden_columns: tuple[tuple[int, int], ...] = ()  # ranges of column indexes, both ends included
    formulas: tuple[Cell, ...] = ()  # the first cells holding a formula, for each column
    merged: tuple[tuple[Cell, Cell], ...] = ()
    # Row number -> column index -> the number format that changes how the cell reads.
    formats: Mapping[int, Mapping[int, NumberFormat]] = dataclasses.field(default_factory=dict)
    date1904: bool = False

    def column_hidden(self, index: int) -> bool:
        return any(first <= index <= last for first, last in self.hidden_columns)
