"""Every table the reports show: its name, title, what its rows are about
(``key_kind``), its columns and the chart drawn from it.

This is the contract between the refresh that computes the figures
(``reports.compute``), the pages and exports that show them, the open data
and the API's statistics: each reads and writes tables by these names only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeyKind(enum.StrEnum):
    """What the rows of a table are, and so how a key is labelled."""

    STAGE = "stage"  # a stage of the funnel: registered, trained, …, returned
    MONTH = "month"  # "2026-03"
    YEAR = "year"  # "2026"
    PROGRAMME = "programme"  # reference.models.Track value
    PREFECTURE = "prefecture"  # reference.Prefecture pk
    PROVINCE = "province"  # reference.Province pk
    ORGANIZATION = "organization"  # accounts.Organization pk
    TRADE = "trade"  # reference.VocationalProgramme pk
    JOB_CATEGORY = "job_category"  # reference.JobCategory pk
    SSW_FIELD = "ssw_field"  # reference.SSWField pk
    WORK = "work"  # placements.models.Work value of a returnee's follow-up, or "unknown"
    MONTHS_AFTER = "months_after"  # "3", "6", "12": a follow-up after return
    CASE_CATEGORY = "case_category"  # protection.models.Category value
    FEE_RULE = "fee_rule"  # ledger.LedgerEntry.policy_family
    TOTAL = "total"  # a single row: "total"


class ColumnKind(enum.StrEnum):
    COUNT = "count"
    # Median whole days; None when nobody is counted.
    DAYS = "days"
    # ``part`` of ``whole`` as a percentage, shown only when the whole is at least
    # ``SMALL_NUMBER`` (protection.dashboards.Share); otherwise the two counts.
    SHARE = "share"
    # ``part`` per 100 of ``whole``, with the same rule for small wholes.
    PER_100 = "per_100"


@dataclass(frozen=True)
class Column:
    name: str
    heading: Promise
    kind: ColumnKind = ColumnKind.COUNT
    # For SHARE and PER_100: the names of the COUNT columns it divides.
    part: str = ""
    whole: str = ""


class Chart(enum.StrEnum):
    BARS = "bars"  # a horizontal bar per row, of the first column
    FUNNEL = "funnel"  # bars narrowing stage by stage
    TIMELINE = "timeline"  # vertical bars in time order
    MAP = "map"  # the prefectures of Japan shaded by the first column
    NONE = "none"


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: Promise
    key_kind: KeyKind
    columns: tuple[Column, ...]
    chart: Chart = Chart.BARS
    # Whether the table is kept per year; if not, only year 0 (now, or every year) exists.
    by_year: bool = True
    # A table about grievances and fee violations: never shown to the Japanese
    # side (a count of cases in a prefecture or company would reveal them).
    about_protection: bool = False

    @property
    def dashboard(self) -> str:
        return self.name.split(".", 1)[0]


@dataclass(frozen=True)
class DashboardSpec:
    name: str
    title: Promise
    tables: tuple[TableSpec, ...]


_DEPARTURES = (Column("departures", pgettext_lazy("people who left", "Departures")),)


def _departures_by(name: str, title: Promise, key_kind: KeyKind) -> TableSpec:
    return TableSpec(f"departures.{name}", title, key_kind, _DEPARTURES)


PIPELINE = DashboardSpec(
    "pipeline",
    _("Pipeline"),
    (
        # Year: the year the participants registered (a cohort); "returned" is
        # reached by those who came home, early or at the end.
        TableSpec(
            "pipeline.funnel",
            _("From registration to return"),
            KeyKind.STAGE,
            (
                Column("reached", _("Reached the stage")),
                Column("previous", _("Reached the stage before")),
                Column("conversion", _("From the stage before (%)"), ColumnKind.SHARE, "reached", "previous"),
                Column("median_days", _("Median days in the stage"), ColumnKind.DAYS),
            ),
            Chart.FUNNEL,
        ),
    ),
)

DEPARTURES = DashboardSpec(
    "departures",
    pgettext_lazy("people who left", "Departures"),
    (
        # Year: the year of departure.
        TableSpec("departures.by-month", _("Departures by month"), KeyKind.MONTH, _DEPARTURES, Chart.TIMELINE),
        TableSpec(
            "departures.by-year", _("Departures by year"), KeyKind.YEAR, _DEPARTURES, Chart.TIMELINE, by_year=False
        ),
        _departures_by("by-programme", _("Departures by programme"), KeyKind.PROGRAMME),
        TableSpec(
            "departures.by-prefecture", _("Departures by prefecture"), KeyKind.PREFECTURE, _DEPARTURES, Chart.MAP
        ),
        _departures_by("by-training-centre", _("Departures by training centre (BLK)"), KeyKind.ORGANIZATION),
        _departures_by("by-sending-organization", _("Departures by LPK/SO"), KeyKind.ORGANIZATION),
        _departures_by("by-trade", _("Departures by trade"), KeyKind.TRADE),
        _departures_by("by-job-category", _("Departures by job category (TITP)"), KeyKind.JOB_CATEGORY),
        _departures_by("by-ssw-field", _("Departures by field (SSW)"), KeyKind.SSW_FIELD),
        _departures_by("by-province", _("Departures by province of origin"), KeyKind.PROVINCE),
    ),
)

PLACEMENTS = DashboardSpec(
    "placements",
    _("In Japan now"),
    (
        TableSpec(
            "placements.active-by-prefecture",
            _("Workers in Japan now, by prefecture"),
            KeyKind.PREFECTURE,
            (Column("active", _("Workers in Japan")),),
            Chart.MAP,
            by_year=False,
        ),
        # Year: the year the TITP placement ended and the SSW one began.
        TableSpec(
            "placements.titp-to-ssw",
            _("From TITP to SSW, by year"),
            KeyKind.YEAR,
            (
                Column("moved", _("Moved on to SSW")),
                Column("finished", _("Finished TITP")),
                Column("share", _("Moved on (%)"), ColumnKind.SHARE, "moved", "finished"),
            ),
            Chart.TIMELINE,
            by_year=False,
        ),
        TableSpec(
            "placements.titp-to-ssw-by-field",
            _("From TITP to SSW, by SSW field"),
            KeyKind.SSW_FIELD,
            (Column("moved", _("Moved on to SSW")),),
        ),
    ),
)

RETURNEES = DashboardSpec(
    "returnees",
    _("Returnees"),
    (
        # Year: the year they flew home.
        TableSpec(
            "returnees.work",
            _("What returnees do, 3, 6 and 12 months after return"),
            KeyKind.WORK,
            (
                Column("after_3", _("After 3 months")),
                Column("after_6", _("After 6 months")),
                Column("after_12", _("After 12 months")),
            ),
        ),
        TableSpec(
            "returnees.in-trade",
            _("Returnees working in the trade learned in Japan"),
            KeyKind.MONTHS_AFTER,
            (
                Column("answered", _("Answered")),
                Column("in_trade", _("In the trade")),
                Column("share", _("In the trade (%)"), ColumnKind.SHARE, "in_trade", "answered"),
            ),
        ),
    ),
)

PROTECTION = DashboardSpec(
    "protection",
    _("Grievances and fees"),
    (
        # Year: the year the case was opened; workers: those in Japan at some time that year.
        TableSpec(
            "protection.grievances",
            _("Grievances per 100 workers, by category"),
            KeyKind.CASE_CATEGORY,
            (
                Column("cases", _("Grievances")),
                Column("workers", _("Workers in Japan")),
                Column("per_100", _("Per 100 workers"), ColumnKind.PER_100, "cases", "workers"),
            ),
            about_protection=True,
        ),
        # Year: the year the payment was made; workers: the participants with a ledger entry that year.
        TableSpec(
            "protection.fee-violations",
            _("Fee-policy violations per 100 workers, by rule"),
            KeyKind.FEE_RULE,
            (
                Column("violations", _("Payments breaking the fee policy")),
                Column("workers", _("Workers")),
                Column("per_100", _("Per 100 workers"), ColumnKind.PER_100, "violations", "workers"),
            ),
            about_protection=True,
        ),
    ),
)

DASHBOARDS: dict[str, DashboardSpec] = {
    dashboard.name: dashboard for dashboard in (PIPELINE, DEPARTURES, PLACEMENTS, RETURNEES, PROTECTION)
}
TABLES: dict[str, TableSpec] = {table.name: table for dashboard in DASHBOARDS.values() for table in dashboard.tables}
