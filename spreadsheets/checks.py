"""What every row checker shares: the result of one row, and its problems
recorded against the cell they are in. A row hidden in the sheet is never
imported: it comes back as a problem of its own, so the preview lists it and
the person decides (show it and upload again, or leave it out)."""

from __future__ import annotations

import dataclasses
import enum
import functools
from typing import Any, Generic, TypeVar

from lib.spreadsheet import CellProblem, Column, Row, Table
from spreadsheets.models import RowIssue

T = TypeVar("T")


class Outcome(enum.Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # Would change who a registered participant is: written only by decision.
    CONFLICT = "conflict"


@dataclasses.dataclass
class Checked(Generic[T]):
    """One data row: its value when valid, or what is wrong with it."""

    row: int
    value: T | None = None
    issues: list[RowIssue] = dataclasses.field(default_factory=list)
    outcome: Outcome | None = None


class RowProblems:
    """Collects one row's problems, each named by the file's own heading and cell."""

    def __init__(self, table: Table, columns: tuple[Column, ...], row: Row) -> None:
        self.table = table
        self.columns = columns
        self.row = row
        self.issues: list[RowIssue] = []

    def add(self, key: str, code: str, /, **params: str | int) -> None:
        letter = self.table.letters.get(key)
        self.issues.append(
            RowIssue(
                row=self.row.number,
                column=self.table.headings.get(key, _template_headings(self.columns).get(key, "")),
                ref=f"{letter}{self.row.number}" if letter else "",
                code=code,
                params=params,
            )
        )

    def required(self, key: str) -> None:
        self.add(key, CellProblem.REQUIRED)


@functools.cache
def _template_headings(columns: tuple[Column, ...]) -> dict[str, str]:
    # Looked up only for a problem in a column the file lacks; built once, not per row.
    return {column.key: column.heading for column in columns}


def checked(row: Row, problems: RowProblems, value: T | None) -> Checked[T]:
    if problems.issues:
        return Checked(row=row.number, issues=problems.issues)
    return Checked(row=row.number, value=value)


def hidden_row(row: Row) -> Checked[Any]:
    return Checked(row=row.number, issues=[RowIssue(row=row.number, column="", ref="", code="hidden_row", params={})])
