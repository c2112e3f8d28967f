"""What can be wrong with a file or a cell, as codes with parameters (never
sentences: the caller words them in the reader's language), and the limits a
file is read within."""

from __future__ import annotations

import dataclasses
import enum


class Problem(enum.StrEnum):
    EMPTY = "empty"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    OLD_OR_ENCRYPTED = "old_or_encrypted"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE = "unreadable"
    UNKNOWN_ENCODING = "unknown_encoding"
    NO_VISIBLE_SHEET = "no_visible_sheet"
    TOO_BIG = "too_big"
    TOO_BIG_UNPACKED = "too_big_unpacked"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_FAR_DOWN = "too_far_down"
    TOO_FAR_RIGHT = "too_far_right"
    LINE_TOO_LONG = "line_too_long"
    NO_DATA_ROWS = "no_data_rows"
    FORMULAS = "formulas"
    MERGED_CELLS = "merged_cells"
    MISSING_COLUMNS = "missing_columns"
    REPEATED_COLUMN = "repeated_column"


class SpreadsheetError(ValueError):
    """The whole file is refused. ``sheet`` names the sheet that was read, once
    one was chosen, so the person knows where the problem is."""

    def __init__(self, problem: Problem, **params: str | int) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params
        self.sheet = ""


class CellProblem(enum.StrEnum):
    REQUIRED = "required"
    BAD_DATE = "bad_date"
    TWO_DIGIT_YEAR = "two_digit_year"
    NIK_AS_NUMBER = "nik_as_number"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    AMBIGUOUS_NUMBER = "ambiguous_number"


class CellError(ValueError):
    def __init__(self, problem: CellProblem, **params: str | int) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.params = params


class Format(enum.StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


# Rows the heading row may sit below the first row: a title or two, a date, a
# blank line. The sheet may reach this far beyond the data-row limit.
HEADING_ROOM = 100


@dataclasses.dataclass(frozen=True)
class Limits:
    """``max_columns`` bounds the grid the XLSX reader allocates (rows × columns
    cells, however few hold a value), so it is checked before the grid exists."""

    max_bytes: int
    max_rows: int
    max_unpacked_bytes: int
    max_columns: int = 60

    @property
    def last_row(self) -> int:
        """The last sheet row that may hold a value."""
        return self.max_rows + HEADING_ROOM
