"""A table of the catalogue as the reader is shown it, on the page and in
every export: its rows labelled in the reader's language, each cell a
number, a median or a share (derived here from its part and whole, never
stored), and its chart.

Figures are read only through ``reports.figures``; which tables a reader
sees is ``accounts.access.may_see_table``'s answer, asked by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from lib.shares import Share
from reports import charts, labels
from reports.catalogue import Chart, Column, ColumnKind, DashboardSpec, KeyKind, TableSpec
from reports.figures import Row, read_table
from reports.japan_map import JapanMap, japan_map
from reports.models import Snapshot
from reports.slices import ScopeKind, Slice

# The heading of the column that names the rows.
KEY_HEADINGS = {
    KeyKind.STAGE: pgettext_lazy("funnel stage", "Stage"),
    KeyKind.MONTH: gettext_lazy("Month"),
    KeyKind.YEAR: pgettext_lazy("calendar year", "Year"),
    KeyKind.PROGRAMME: gettext_lazy("Programme"),
    KeyKind.PREFECTURE: gettext_lazy("Prefecture"),
    KeyKind.PROVINCE: gettext_lazy("Province of origin"),
    KeyKind.ORGANIZATION: gettext_lazy("Organization"),
    KeyKind.TRADE: gettext_lazy("Trade"),
    KeyKind.JOB_CATEGORY: gettext_lazy("Job category"),
    KeyKind.SSW_FIELD: gettext_lazy("SSW field"),
    KeyKind.WORK: gettext_lazy("Work"),
    KeyKind.MONTHS_AFTER: gettext_lazy("After return"),
    KeyKind.CASE_CATEGORY: gettext_lazy("Category"),
    KeyKind.FEE_RULE: gettext_lazy("Rule"),
    KeyKind.TOTAL: gettext_lazy("Total"),
}


@dataclass(frozen=True)
class Cell:
    column: Column
    # A count or a median in days; None where the figure is unknown.
    value: int | float | None = None
    # For SHARE and PER_100 columns.
    share: Share | None = None

    @property
    def is_share(self) -> bool:
        return self.column.kind in (ColumnKind.SHARE, ColumnKind.PER_100)

    @property
    def per_100(self) -> bool:
        return self.column.kind == ColumnKind.PER_100

    @property
    def number(self) -> int | float | Decimal | None:
        """The cell as one number for a spreadsheet: a share as its rate, or
        nothing where the whole is too small for one (its counts are in the
        part and whole columns beside it)."""
        if self.share is None:
            return self.value
        return self.share.per_100 if self.per_100 else self.share.percent


@dataclass(frozen=True)
class ShownRow:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ShownTable:
    spec: TableSpec
    rows: tuple[ShownRow, ...]
    chart: charts.Drawing | None = None
    map: JapanMap | None = None

    @property
    def slug(self) -> str:
        """The table's name within its dashboard: "by-month" of "departures.by-month"."""
        return self.spec.name.split(".", 1)[1]

    @property
    def key_heading(self) -> Promise:
        """The heading of the column that names the rows."""
        return KEY_HEADINGS[self.spec.key_kind]


def _cell(column: Column, row: Row) -> Cell:
    if column.kind in (ColumnKind.SHARE, ColumnKind.PER_100):
        part, whole = row.number(column.part), row.number(column.whole)
        if part is None or whole is None:
            return Cell(column)
        return Cell(column, share=Share(int(part), int(whole)))
    return Cell(column, value=row.number(column.name))


def _first_values(spec: TableSpec, rows: list[Row]) -> list[int | float]:
    first = spec.columns[0].name
    return [row.number(first) or 0 for row in rows]


def shown_table(snapshot: Snapshot, spec: TableSpec, where: Slice) -> ShownTable:
    """One table of one slice: one query for its figures, at most one for its labels."""
    rows = read_table(snapshot, spec, where)
    named = labels.labels_for(spec.key_kind, [row.key for row in rows])
    shown = tuple(
        ShownRow(row.key, named[row.key], tuple(_cell(column, row) for column in spec.columns)) for row in rows
    )
    values = _first_values(spec, rows)
    if spec.chart == Chart.MAP and spec.key_kind == KeyKind.PREFECTURE:
        by_prefecture = {int(row.key): value for row, value in zip(rows, values, strict=True) if row.key.isdigit()}
        own = where.scope.id if where.scope.kind == ScopeKind.PREFECTURE else None
        return ShownTable(spec, shown, map=japan_map(by_prefecture, highlight=own))
    points = [charts.Point(row.label, value) for row, value in zip(shown, values, strict=True)]
    return ShownTable(spec, shown, chart=charts.draw(spec.chart, points))


def shown_dashboard(
    snapshot: Snapshot, dashboard: DashboardSpec, where: Slice, tables: list[TableSpec]
) -> list[ShownTable]:
    """The dashboard's ``tables`` (those the reader may see), in the catalogue's order."""
    return [shown_table(snapshot, spec, where) for spec in dashboard.tables if spec in tables]
