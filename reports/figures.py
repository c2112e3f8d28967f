"""Reading the figures of the latest snapshot: one indexed query per table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reports.catalogue import TableSpec
from reports.models import Figure, Snapshot
from reports.slices import Slice


@dataclass(frozen=True)
class Row:
    key: str
    values: dict[str, Any]

    def number(self, column: str) -> int | float | None:
        value = self.values.get(column)
        return value if isinstance(value, int | float) else None


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.latest_complete()


def read_table(snapshot: Snapshot, table: TableSpec, where: Slice) -> list[Row]:
    """The rows of ``table`` for one slice, in their order. A table kept only
    for every year together is read at year 0 whatever year is asked."""
    year = where.year if table.by_year else 0
    figures = Figure.objects.filter(
        snapshot=snapshot, table=table.name, scope=where.scope.token, year=year, programme=where.programme
    ).order_by("position")
    return [Row(key, values) for key, values in figures.values_list("key", "values")]


def read_row(snapshot: Snapshot, table: TableSpec, where: Slice, key: str) -> Row | None:
    """The one row of ``table`` about ``key`` in a slice (a partner's scorecard), or None."""
    year = where.year if table.by_year else 0
    found = Figure.objects.filter(
        snapshot=snapshot, table=table.name, scope=where.scope.token, year=year, programme=where.programme, key=key
    ).values_list("values", flat=True)
    values = found.first()
    return None if values is None else Row(key, values)


# Tables whose rows for the whole programme are few (one per stage, month,
# kind of work, category or rule; one per slice for the programme's scorecard)
# and which between them hold every year any table is kept for. Reading the
# years from them uses the index's (snapshot, table, scope) prefix: reading
# them from every figure would scan the whole snapshot (millions of rows at
# national scale, seconds per page).
CALENDAR_TABLES = (
    "pipeline.funnel",
    "departures.by-month",
    "returnees.work",
    "protection.grievances",
    "protection.fee-violations",
    "scorecards.programme",
)


def years_in(snapshot: Snapshot) -> list[int]:
    """The years any table holds figures for, newest first: the choices of the year filter."""
    years = (
        Figure.objects.filter(snapshot=snapshot, table__in=CALENDAR_TABLES, scope="all")
        .exclude(year=0)
        .values_list("year", flat=True)
    )
    return sorted(set(years.distinct().order_by()), reverse=True)
