"""Reading the CSV files of ``reference/data``: rows numbered as a spreadsheet
numbers them, and errors that name the file, row and column."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


class ReferenceFileError(Exception):
    """A file that cannot be loaded, with where the problem is. Rows are
    numbered as a spreadsheet shows them: the header is row 1."""

    def __init__(self, *, file: str, problem: str, row: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {problem}")


@dataclasses.dataclass(frozen=True)
class Row:
    file: str
    number: int
    values: Mapping[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, column: str | None, problem: str) -> ReferenceFileError:
        return ReferenceFileError(file=self.file, row=self.number, column=column, problem=problem)

    def required(self, column: str) -> str:
        if not self.values[column]:
            raise self.error(column, "is empty")
        return self.values[column]

    def code(self, column: str, *, digits: int) -> str:
        value = self.required(column)
        if not re.fullmatch(rf"[0-9]{{{digits}}}", value):
            raise self.error(column, f"must be {digits} digits, not {value!r}")
        return value

    def positive(self, column: str) -> int:
        value = self.required(column)
        if not value.isdigit() or int(value) == 0:
            raise self.error(column, f"must be a whole number above 0, not {value!r}")
        return int(value)

    def codes(self, column: str) -> list[str]:
        """A ';'-separated list of codes."""
        return [code.strip() for code in self.values[column].split(";") if code.strip()]


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReferenceFileError(file=path.name, problem=f"file not found: {path}") from None


def read_rows(file: str, data: bytes, *, columns: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """The file's data rows, with the values of ``columns`` stripped. Columns
    the loader does not use are allowed and ignored; ``optional`` ones read
    as empty where the file has none."""
    try:
        text = data.decode("utf-8-sig")  # tolerate the BOM spreadsheets write
    except UnicodeDecodeError as error:
        raise ReferenceFileError(file=file, problem=f"not UTF-8 text ({error.reason})") from None
    records = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip() for name in next(records, [])]
    for column in columns:
        if column not in header:
            raise ReferenceFileError(file=file, row=1, column=column, problem="column missing")
    positions = {column: header.index(column) for column in (*columns, *optional) if column in header}
    rows = []
    # Counting every record, blank ones included, keeps row numbers equal to a spreadsheet's.
    for number, record in enumerate(records, start=2):
        if not any(value.strip() for value in record):
            continue
        if any(value.strip() for value in record[len(header) :]):
            raise ReferenceFileError(file=file, row=number, problem="more values than columns")
        padded = record + [""] * (len(header) - len(record))
        values = dict.fromkeys(optional, "") | {column: padded[i].strip() for column, i in positions.items()}
        rows.append(Row(file, number, values))
    if not rows:
        raise ReferenceFileError(file=file, problem="no data rows")
    return rows


def unique(rows: Sequence[Row], column: str, *, key: Callable[[str], object] = str) -> None:
    """Refuse a value of ``column`` seen before; ``key`` says which values are the same."""
    seen: dict[object, int] = {}
    for row in rows:
        value = row.required(column)
        if key(value) in seen:
            raise row.error(column, f"{value!r} already appears in row {seen[key(value)]}")
        seen[key(value)] = row.number
