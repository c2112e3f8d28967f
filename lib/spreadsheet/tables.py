"""From a sheet to a table: which row holds the headings (a title or two may
sit above them), which of the wanted columns it names, and the data rows below
it, each cell read as the sheet shows it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from lib.spreadsheet.cells import CellValue, text
from lib.spreadsheet.numfmt import NumberFormat
from lib.spreadsheet.problems import Format, Limits, Problem, SpreadsheetError
from lib.spreadsheet.sheets import Cell, Records, Sheet

MAX_REFERENCES = 5  # cell references named in one error
HEADING_ROWS = 10  # the heading row is looked for among this many non-blank rows


@dataclasses.dataclass(frozen=True)
class Column:
    """A column the reader looks for: ``headings`` are the accepted names, the
    first (Indonesian) one is what templates and messages use. A required
    column must be in the file and filled in on every row."""

    key: str
    headings: tuple[str, ...]
    required: bool = False

    @property
    def heading(self) -> str:
        return self.headings[0]


class Row(NamedTuple):  # a tuple: a file has up to a hundred thousand
    number: int  # as the spreadsheet program shows it
    cells: Mapping[str, CellValue]
    hidden: bool = False  # hidden in the sheet (by a filter, or by hand): reported, never imported


@dataclasses.dataclass(frozen=True)
class Table:
    """The sheet that was read: which of the wanted columns it has, and its rows."""

    format: Format
    sheet_name: str  # "" for a CSV file
    headings: dict[str, str]  # column key -> the heading as written in the file
    letters: dict[str, str]  # column key -> column letter ("C")
    heading_row: int
    row_count: int  # data rows, blank ones included (an upper bound for progress)
    records: Records
    positions: dict[str, int]
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: tuple[str, ...] = ()  # keys of wanted columns hidden in the sheet
    formats: Mapping[int, Mapping[int, NumberFormat]] = dataclasses.field(default_factory=dict)
    date1904: bool = False

    def rows(self) -> Iterator[Row]:
        """The data rows, skipping blank ones. Read lazily: the cells stay in
        calamine's compact form until their row is reached."""
        positions = tuple(self.positions.items())
        keys = {index: key for key, index in positions}
        width = max(self.positions.values(), default=-1) + 1
        hidden, formats = self.hidden_rows, self.formats
        for number, record in enumerate(self.records(), start=1):
            if number <= self.heading_row or not any(map(_present, record)):
                continue
            # A CSV line may stop before the last columns.
            cells = record if len(record) >= width else [*record, *[""] * (width - len(record))]
            values = {key: cells[i] for key, i in positions}
            shown = formats.get(number) if formats else None
            for index, number_format in shown.items() if shown else ():
                if index in keys:
                    values[keys[index]] = number_format.show(values[keys[index]])
            yield Row(number, values, number in hidden)


def normalize_heading(heading: str) -> str:
    """``" Tanggal  lahir "``, ``"TANGGAL_LAHIR"`` and ``"tanggal-lahir"`` all read ``"tanggallahir"``."""
    return re.sub(r"[\W_]+", "", heading.casefold())


_HINT = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def heading_keys(heading: str) -> tuple[str, ...]:
    """The ways a heading may name a column: as written, without a hint in
    brackets ("Jenis Kelamin (L/P)", "Tanggal Lahir [dd/mm/yyyy]"), and its
    first line when a hint follows on the next one."""
    first_line = heading.strip().split("\n", 1)[0]
    keys = (normalize_heading(heading), normalize_heading(_HINT.sub(" ", heading)), normalize_heading(first_line))
    return tuple(dict.fromkeys(key for key in keys if key))


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _present(value: CellValue) -> bool:
    return not (isinstance(value, str) and not value.strip())


# --- finding the headings ------------------------------------------------------


class _Match(NamedTuple):
    position: int  # of the record among the sheet's rows, from 0
    record: Sequence[CellValue]
    positions: dict[str, int]
    repeated: str  # the heading of a column named twice, if any


def table(sheet: Sheet, *, columns: Sequence[Column], limits: Limits) -> Table:
    heading = _heading_row(sheet.records, columns)
    row_count = sheet.total - heading.position - 1
    if row_count > limits.max_rows:
        raise SpreadsheetError(Problem.TOO_MANY_ROWS, limit=limits.max_rows, rows=row_count)
    positions = heading.positions
    wanted = set(positions.values())
    _refuse_formulas_and_merged_cells(sheet, first_row=heading.position + 1, wanted=wanted)
    if not any(any(map(_present, record)) for record in _after(sheet.records, heading.position)):
        raise SpreadsheetError(Problem.NO_DATA_ROWS)
    return Table(
        format=sheet.format,
        sheet_name=sheet.name,
        headings={key: text(heading.record[i]) for key, i in positions.items()},
        letters={key: column_letter(i) for key, i in positions.items()},
        heading_row=heading.position + 1,
        row_count=row_count,
        records=sheet.records,
        positions=positions,
        hidden_rows=sheet.hidden_rows,
        hidden_columns=tuple(key for key, i in positions.items() if sheet.column_hidden(i)),
        formats={row: formats for row, formats in sheet.formats.items() if wanted.intersection(formats)},
        date1904=sheet.date1904,
    )


def _heading_row(records: Records, columns: Sequence[Column]) -> _Match:
    """The first of the first non-blank rows that names every required column
    (rows above it are titles); failing that, the reason of the row that came
    closest."""
    candidates = ((i, record) for i, record in enumerate(records()) if any(map(_present, record)))
    best: _Match | None = None
    for _, (index, record) in zip(range(HEADING_ROWS), candidates, strict=False):
        found = _match(index, record, columns)
        if not found.repeated and all(c.key in found.positions for c in columns if c.required):
            return found
        if best is None or len(found.positions) > len(best.positions):
            best = found
    if best is None:
        raise SpreadsheetError(Problem.EMPTY)
    if best.repeated:
        raise SpreadsheetError(Problem.REPEATED_COLUMN, column=best.repeated)
    missing = [c.heading for c in columns if c.required and c.key not in best.positions]
    raise SpreadsheetError(Problem.MISSING_COLUMNS, columns=", ".join(missing))


def _match(index: int, record: Sequence[CellValue], columns: Sequence[Column]) -> _Match:
    wanted = {normalize_heading(name): column for column in columns for name in column.headings}
    positions: dict[str, int] = {}
    repeated = ""
    for position, heading in enumerate(record):
        column = next((wanted[key] for key in heading_keys(text(heading)) if key in wanted), None)
        if column is None:
            continue  # numbering and notes columns are common and harmless
        if column.key in positions:
            repeated = repeated or column.heading
            continue
        positions[column.key] = position
    return _Match(index, record, positions, repeated)


def _after(records: Records, index: int) -> Iterator[Sequence[CellValue]]:
    return (record for i, record in enumerate(records()) if i > index)


def _refuse_formulas_and_merged_cells(sheet: Sheet, *, first_row: int, wanted: set[int]) -> None:
    """A formula's value is whatever Excel last computed, and a merged cell
    leaves all but one of its rows blank: neither says what the person meant.
    Only cells that are read count: a title merged across the top, or a
    numbering column of formulas, is harmless."""
    formulas = sorted(cell for cell in sheet.formulas if cell.row >= first_row and cell.column in wanted)
    if formulas:
        raise SpreadsheetError(Problem.FORMULAS, cells=", ".join(_ref(cell) for cell in formulas[:MAX_REFERENCES]))
    merged = [
        (start, end)
        for start, end in sheet.merged
        if end.row > first_row and any(start.column <= i <= end.column for i in wanted)
    ]
    if merged:
        refs = [f"{_ref(start)}:{_ref(end)}" for start, end in merged[:MAX_REFERENCES]]
        raise SpreadsheetError(Problem.MERGED_CELLS, cells=", ".join(refs))


def _ref(cell: Cell) -> str:
    return f"{column_letter(cell.column)}{cell.row}"
