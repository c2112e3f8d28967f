"""The protection dashboards: open cases by handling organization, category
and age; the 24-hour acknowledgement clocks missed; check-in response rates
and the share of answers that signal a problem, per company and supervising
organization (the evidence later used to rate partners).

Every table is one grouped query that counts in the database, so it costs
the same on ten cases as on a million. Callers pass the cases and check-ins
the reader may count (accounts.access.cases_counted_for,
checkins_counted_for), so a table never reaches past the reader's scope.

A share of a small number is given as its two counts only, on the page and
in the spreadsheet (``lib.shares``, which the reports use too).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from lib.shares import Share
from lib.spreadsheet.writing import append_row, bold_last_row, sheet_title
from protection.models import CaseQuerySet, Category, CheckInQuerySet, Status

# How far back the dashboards look unless asked otherwise: this month and the two before.
DEFAULT_MONTHS = 3


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def default(cls, today: datetime.date) -> Period:
        start = today.replace(day=1)
        for _month in range(DEFAULT_MONTHS - 1):
            start = (start - datetime.timedelta(days=1)).replace(day=1)
        return cls(start=start, end=today)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as moments: from its first midnight to the midnight after its last day."""
        return _midnight(self.start), _midnight(self.end + datetime.timedelta(days=1))

    @property
    def first_month(self) -> datetime.date:
        """The first day of the month the period starts in: check-in rounds are by month."""
        return self.start.replace(day=1)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class AgeBand:
    label: Promise
    # Age in whole days: from ``min_days`` included to ``max_days`` excluded (None: no end).
    min_days: int
    max_days: int | None

    def matches(self, now: datetime.datetime) -> Q:
        """Cases opened within the band's ages at ``now``."""
        q = Q(opened_at__lte=now - datetime.timedelta(days=self.min_days))
        if self.max_days is not None:
            q &= Q(opened_at__gt=now - datetime.timedelta(days=self.max_days))
        return q


AGE_BANDS = (
    AgeBand(gettext_lazy("under 1 day"), 0, 1),
    AgeBand(gettext_lazy("1 to 7 days"), 1, 8),
    AgeBand(gettext_lazy("8 to 30 days"), 8, 31),
    AgeBand(gettext_lazy("31 to 90 days"), 31, 91),
    AgeBand(gettext_lazy("over 90 days"), 91, None),
)


@dataclass(frozen=True)
class OpenRow:
    label: str
    total: int
    by_age: tuple[int, ...]


@dataclass(frozen=True)
class BreachRow:
    label: str
    # New cases whose clock has run out, now.
    past_clock_now: int
    # Clocks that ran out in the period, and of those the ones not met.
    due: int
    missed: int

    @property
    def missed_share(self) -> Share:
        return Share(self.missed, self.due)


@dataclass(frozen=True)
class CheckInRow:
    label: str
    asked: int
    answered: int
    signalling: int

    @property
    def response(self) -> Share:
        return Share(self.answered, self.asked)

    @property
    def problems(self) -> Share:
        return Share(self.signalling, self.answered)


RowT = TypeVar("RowT", OpenRow, BreachRow, CheckInRow)


@dataclass(frozen=True)
class Tally(Generic[RowT]):
    rows: list[RowT]
    total: RowT


def _age_counts(now: datetime.datetime) -> dict[str, Any]:
    return {f"age_{i}": Count("pk", filter=band.matches(now)) for i, band in enumerate(AGE_BANDS)}


def _open_row(label: str, counts: dict[str, Any]) -> OpenRow:
    return OpenRow(label, counts["total"], tuple(counts[f"age_{i}"] for i in range(len(AGE_BANDS))))


def _open_total(rows: Sequence[OpenRow]) -> OpenRow:
    ages = tuple(sum(row.by_age[i] for row in rows) for i in range(len(AGE_BANDS)))
    return OpenRow(_("Total"), sum(row.total for row in rows), ages)


def open_by_handler(cases: CaseQuerySet, *, now: datetime.datetime) -> Tally[OpenRow]:
    """Open cases per handling organization, by age."""
    grouped = (
        cases.open()
        .values("assigned_organization", "assigned_organization__name")
        .annotate(total=Count("pk"), **_age_counts(now))
        .order_by(F("assigned_organization__name").asc(nulls_last=True), "assigned_organization")
    )
    rows = [_open_row(row["assigned_organization__name"] or _("not assigned"), row) for row in grouped]
    return Tally(rows, _open_total(rows))


def open_by_category(cases: CaseQuerySet, *, now: datetime.datetime) -> Tally[OpenRow]:
    """Open cases per category, by age, in the categories' own order."""
    grouped = {
        row["category"]: row
        for row in cases.open().values("category").annotate(total=Count("pk"), **_age_counts(now)).order_by()
    }
    rows = [_open_row(str(category.label), grouped[category]) for category in Category if category in grouped]
    return Tally(rows, _open_total(rows))


def breaches_by_handler(cases: CaseQuerySet, *, period: Period, now: datetime.datetime) -> Tally[BreachRow]:
    """Per handling organization: new cases past their 24-hour clock now, and
    the clocks that ran out in the period with how many were missed (not
    acknowledged by then). A clock still running is neither."""
    start, end = period.moments()
    past_now = Q(status=Status.NEW, acknowledge_by__lt=now)
    due = Q(acknowledge_by__gte=start, acknowledge_by__lt=min(end, now))
    missed = due & (Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gt=F("acknowledge_by")))
    grouped = (
        cases.filter(past_now | due)
        .values("assigned_organization", "assigned_organization__name")
        .annotate(past=Count("pk", filter=past_now), due=Count("pk", filter=due), missed=Count("pk", filter=missed))
        .order_by(F("assigned_organization__name").asc(nulls_last=True), "assigned_organization")
    )
    rows = [
        BreachRow(row["assigned_organization__name"] or _("not assigned"), row["past"], row["due"], row["missed"])
        for row in grouped
    ]
    total = BreachRow(
        _("Total"),
        sum(row.past_clock_now for row in rows),
        sum(row.due for row in rows),
        sum(row.missed for row in rows),
    )
    return Tally(rows, total)


def checkins_by(
    checkins: CheckInQuerySet,
    *,
    organization: Literal["company", "supervising_organization"],
    period: Period,
    today: datetime.date,
) -> Tally[CheckInRow]:
    """Check-ins of the period's rounds per ``organization`` (``company`` or
    ``supervising_organization``): asked, answered, answers signalling a
    problem. A round still taking answers is left out: its rate would only
    say that the month is not over."""
    name = f"{organization}__name"
    grouped = (
        checkins.filter(round__month__gte=period.first_month, round__month__lte=period.end, round__closes_on__lt=today)
        .values(organization, name)
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            signalling=Count("pk", filter=Q(signals_problem=True)),
        )
        .order_by(F(name).asc(nulls_last=True), organization)
    )
    # A specified skilled worker or an engineer has no supervising organization; every check-in has a company.
    none = _("no supervising organization") if organization == "supervising_organization" else "—"
    rows = [CheckInRow(row[name] or none, row["asked"], row["answered"], row["signalling"]) for row in grouped]
    total = CheckInRow(
        _("Total"),
        sum(row.asked for row in rows),
        sum(row.answered for row in rows),
        sum(row.signalling for row in rows),
    )
    return Tally(rows, total)


@dataclass(frozen=True)
class Sources:
    """What the tables count, for one reader and one period."""

    cases: CaseQuerySet
    checkins: CheckInQuerySet
    period: Period
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)


@dataclass(frozen=True)
class Dashboard:
    open_by_handler: Tally[OpenRow]
    open_by_category: Tally[OpenRow]
    breaches: Tally[BreachRow]
    checkins_by_company: Tally[CheckInRow]
    checkins_by_supervising: Tally[CheckInRow]


def dashboard(sources: Sources) -> Dashboard:
    """Every table of the page: five grouped queries."""
    return Dashboard(**{name: table.tally(sources) for name, table in _TABLE_FIELDS.items()})


# --- the tables as spreadsheets ---------------------------------------------------------


def _age_headings() -> list[str]:
    return [str(band.label) for band in AGE_BANDS]


def _open_values(row: OpenRow) -> list[object]:
    return [row.label, row.total, *row.by_age]


def _breach_values(row: BreachRow) -> list[object]:
    return [row.label, row.past_clock_now, row.due, row.missed, row.missed_share.percent]


def _checkin_values(row: CheckInRow) -> list[object]:
    return [
        row.label,
        row.asked,
        row.answered,
        row.response.percent,
        row.signalling,
        row.problems.percent,
    ]


def _checkin_headings(first: str) -> list[str]:
    return [
        first,
        _("Asked"),
        _("Answered"),
        _("Answered (%)"),
        _("Answers signalling a problem"),
        _("Share of answers signalling a problem (%)"),
    ]


@dataclass(frozen=True)
class Table:
    name: str
    title: Callable[[], str]
    headings: Callable[[], list[str]]
    tally: Callable[[Sources], Tally[Any]]
    values: Callable[[Any], list[object]]


TABLES: dict[str, Table] = {
    "open-by-organization": Table(
        "open-by-organization",
        lambda: _("Open cases by handling organization and age"),
        lambda: [_("Handled by"), _("Open cases"), *_age_headings()],
        lambda s: open_by_handler(s.cases, now=s.now),
        _open_values,
    ),
    "open-by-category": Table(
        "open-by-category",
        lambda: _("Open cases by category and age"),
        lambda: [_("Category"), _("Open cases"), *_age_headings()],
        lambda s: open_by_category(s.cases, now=s.now),
        _open_values,
    ),
    "clock-breaches": Table(
        "clock-breaches",
        lambda: _("24-hour clocks missed"),
        lambda: [
            _("Handled by"),
            _("Past the clock now"),
            _("Clocks due in the period"),
            _("Missed"),
            _("Missed (%)"),
        ],
        lambda s: breaches_by_handler(s.cases, period=s.period, now=s.now),
        _breach_values,
    ),
    "checkins-by-company": Table(
        "checkins-by-company",
        lambda: _("Check-ins by company"),
        lambda: _checkin_headings(_("Company")),
        lambda s: checkins_by(s.checkins, organization="company", period=s.period, today=s.today),
        _checkin_values,
    ),
    "checkins-by-supervising-organization": Table(
        "checkins-by-supervising-organization",
        lambda: _("Check-ins by supervising organization"),
        lambda: _checkin_headings(_("Supervising organization")),
        lambda s: checkins_by(s.checkins, organization="supervising_organization", period=s.period, today=s.today),
        _checkin_values,
    ),
}
# The Dashboard's fields and the table each holds.
_TABLE_FIELDS = {
    "open_by_handler": TABLES["open-by-organization"],
    "open_by_category": TABLES["open-by-category"],
    "breaches": TABLES["clock-breaches"],
    "checkins_by_company": TABLES["checkins-by-company"],
    "checkins_by_supervising": TABLES["checkins-by-supervising-organization"],
}


def table_xlsx(table: Table, tally: Tally[Any]) -> bytes:
    """One table as a workbook: the headings in bold, a row per organization
    or category, the total last. A share too small to be a rate is left empty."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = sheet_title(table.title())
    append_row(sheet, table.headings())
    bold_last_row(sheet)
    for row in tally.rows:
        append_row(sheet, table.values(row))
    append_row(sheet, table.values(tally.total))
    bold_last_row(sheet)
    saved = io.BytesIO()
    workbook.save(saved)
    return saved.getvalue()
