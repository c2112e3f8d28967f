"""The partner scorecards: every LPK/SO, supervising organization and
company rated from the programme's own outcomes, so that the ministry
chooses partners on evidence.

Three tables of the catalogue's kind (``TableSpec``, a row per organization)
and one of the programme as a whole, to compare each partner with. Only COUNT
and DAYS columns are stored; every rate is derived on display from the two
counts behind it, and shown as a rate only when the whole is at least
``protection.dashboards.SMALL_NUMBER`` (otherwise as the two counts: "small
numbers are shown as such").

What each figure counts, for a year (the event's date in that year) or for
every year together:

- departures: first placements that flew (not one a transfer or a change of
  programme opened), by their flight date; placed in the same job type: those
  whose job (TITP job category, or SSW/ESD field) the participant's trade fits
  as the "same job type" (``matching.loader.trade_levels``, the ministry's
  mapping that the matching reads too);
- skill tests: the skill tests taken in Japan (``placements.Upskilling``: the
  stage exams and the SSW tests), by the day taken;
- placements: placements in Japan at some time in the period; early returns
  and disappearances: those that ended so in the period;
- workers: people in Japan at some time in the period; grievances: protection
  cases opened in the period, and of those the resolved ones with the median
  whole days from opening to resolution;
- check-ins: answers to the monthly check-in of rounds closed by the refresh,
  by the round's month, and those that signal a problem;
- fee-policy violations: unreversed ledger payments that broke the fee policy
  and were paid to the partner (its payee organization), by the day paid, per
  100 workers who paid it anything. The policy passes every payment not made
  by the participant (``rules.fees``), so the payer of a violation is always
  the worker and never a partner: for both sides, a violation counts against
  the organization that took the money.

Who a figure counts against: for an LPK/SO, its enrolled participants
(``Participant.sending_organization``); for a supervising organization and a
company, the placement (and the case's, check-in's) organization.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import OrganizationKind
from lib.shares import Share
from reports.catalogue import Chart, Column, ColumnKind, KeyKind, TableSpec

COUNT = ColumnKind.COUNT

COLUMNS: tuple[Column, ...] = (
    Column("departures", pgettext_lazy("people who left", "Departures")),
    Column("same_job", _("Placed in the same job type as their trade")),
    Column("same_job_share", _("Same job type (%)"), ColumnKind.SHARE, "same_job", "departures"),
    Column("tests_taken", _("Skill tests taken in Japan")),
    Column("tests_passed", _("Skill tests passed")),
    Column("pass_rate", _("Pass rate (%)"), ColumnKind.SHARE, "tests_passed", "tests_taken"),
    Column("placements", _("Placements in Japan")),
    Column("early_returns", _("Early returns")),
    Column("early_return_share", _("Early returns (%)"), ColumnKind.SHARE, "early_returns", "placements"),
    Column("disappearances", _("Disappearances")),
    Column("disappearance_share", _("Disappearances (%)"), ColumnKind.SHARE, "disappearances", "placements"),
    Column("workers", _("Workers in Japan")),
    Column("grievances", _("Grievances")),
    Column("grievances_per_100", _("Grievances per 100 workers"), ColumnKind.PER_100, "grievances", "workers"),
    Column("resolved", _("Grievances resolved")),
    Column("resolution_days", _("Median days to resolution"), ColumnKind.DAYS),
    Column("checkins_answered", _("Check-in answers")),
    Column("checkins_problems", _("Answers signalling a problem")),
    Column(
        "problem_share",
        _("Answers signalling a problem (%)"),
        ColumnKind.SHARE,
        "checkins_problems",
        "checkins_answered",
    ),
    Column("fee_payers", _("Workers who paid it")),
    Column("fee_violations", _("Payments breaking the fee policy")),
    Column(
        "fee_violations_per_100",
        _("Fee-policy violations per 100 paying workers"),
        ColumnKind.PER_100,
        "fee_violations",
        "fee_payers",
    ),
)
COLUMNS_BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
# The columns a refresh stores; the others are derived from them.
STORED = tuple(column.name for column in COLUMNS if column.kind in (ColumnKind.COUNT, ColumnKind.DAYS))
COUNTS = tuple(column.name for column in COLUMNS if column.kind == ColumnKind.COUNT)


class Kind(enum.StrEnum):
    """The kinds of partner rated, as written in the address."""

    SENDING_ORGANIZATIONS = "sending-organizations"
    SUPERVISING_ORGANIZATIONS = "supervising-organizations"
    COMPANIES = "companies"


@dataclass(frozen=True)
class ScorecardSpec:
    kind: Kind
    organization_kind: OrganizationKind
    table: TableSpec


def _table(kind: Kind, title: Promise) -> TableSpec:
    return TableSpec(
        f"scorecards.{kind.value}", title, KeyKind.ORGANIZATION, COLUMNS, Chart.NONE, about_protection=True
    )


SCORECARDS: dict[Kind, ScorecardSpec] = {
    spec.kind: spec
    for spec in (
        ScorecardSpec(
            Kind.SENDING_ORGANIZATIONS,
            OrganizationKind.SENDING_ORGANIZATION,
            _table(Kind.SENDING_ORGANIZATIONS, _("Scorecards of the sending organizations (LPK/SO)")),
        ),
        ScorecardSpec(
            Kind.SUPERVISING_ORGANIZATIONS,
            OrganizationKind.SUPERVISING_ORGANIZATION,
            _table(Kind.SUPERVISING_ORGANIZATIONS, _("Scorecards of the supervising organizations")),
        ),
        ScorecardSpec(
            Kind.COMPANIES,
            OrganizationKind.COMPANY,
            _table(Kind.COMPANIES, _("Scorecards of the companies")),
        ),
    )
}
# The programme as a whole, one row ("total") per slice: what each partner is compared with.
PROGRAMME = TableSpec(
    "scorecards.programme", _("The programme as a whole"), KeyKind.TOTAL, COLUMNS, Chart.NONE, about_protection=True
)
TOTAL_KEY = "total"
TABLES: dict[str, TableSpec] = {
    table.name: table for table in (*(spec.table for spec in SCORECARDS.values()), PROGRAMME)
}


@dataclass(frozen=True)
class Score:
    """A score of the card and the stored figures behind it."""

    title: Promise
    column: str
    behind: tuple[str, ...]


SCORES: tuple[Score, ...] = (
    Score(pgettext_lazy("people who left", "Departures"), "departures", ()),
    Score(_("Placed in the same job type as their trade"), "same_job_share", ("same_job", "departures")),
    Score(_("Skill-test pass rate"), "pass_rate", ("tests_passed", "tests_taken")),
    Score(_("Early returns"), "early_return_share", ("early_returns", "placements")),
    Score(_("Disappearances"), "disappearance_share", ("disappearances", "placements")),
    Score(_("Grievances per 100 workers"), "grievances_per_100", ("grievances", "workers")),
    Score(_("Median days to resolve a grievance"), "resolution_days", ("resolved",)),
    Score(_("Check-in answers signalling a problem"), "problem_share", ("checkins_problems", "checkins_answered")),
    Score(
        _("Fee-policy violations per 100 paying workers"), "fee_violations_per_100", ("fee_violations", "fee_payers")
    ),
)


@dataclass(frozen=True)
class Shown:
    """One figure as a page shows it: a number (a count, median days, or a
    rate), or for a rate of a small whole, the two counts only."""

    column: Column
    # The count, the median days or the rate; None when unknown or too small to be a rate.
    value: int | None
    part: int | None = None
    whole: int | None = None

    @property
    def is_rate(self) -> bool:
        return self.column.kind in (ColumnKind.SHARE, ColumnKind.PER_100)

    @property
    def is_small(self) -> bool:
        """A rate whose whole is under SMALL_NUMBER: shown as its counts."""
        return self.is_rate and self.value is None and bool(self.whole)

    @property
    def sort_value(self) -> tuple[int, int]:
        """Unknown and small figures sort after every number, in either direction."""
        return (0, self.value) if self.value is not None else (1, 0)


def _count(values: dict[str, Any], name: str) -> int:
    value = values.get(name)
    return value if isinstance(value, int) else 0


def shown(values: dict[str, Any], column: Column) -> Shown:
    """``column`` of a stored row as shown: a rate from its part and whole when the whole is large enough."""
    if column.kind in (ColumnKind.SHARE, ColumnKind.PER_100):
        share = Share(_count(values, column.part), _count(values, column.whole))
        return Shown(column, share.percent, share.part, share.whole)
    value = values.get(column.name)
    return Shown(column, value if isinstance(value, int) else (0 if column.kind == COUNT else None))
