"""The ledger's reports, as rows for the page and as XLSX: subsidies per
LPK/SO, cooperative and year (with the ministry's BLK budgets), planned
against paid; the average cost per departed participant by payer and
programme; and the policy violations by organization.

Every figure is an exact sum per currency (ledger.models.exact_sum); an
average is rounded to whole units only when it is shown. Callers pass the
lines, agreements and budgets the reader may count (accounts.access), so a
report never reaches past the reader's scope.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ledger.models import Budget, EntryQuerySet, Payer, SubsidyAgreement, exact_sum
from lib.spreadsheet.writing import append_row
from participants.models import Participant, Status

ZERO = Decimal(0)


@dataclass(frozen=True)
class SubsidyRow:
    year: int
    giver: str  # the cooperative, or the ministry for a BLK budget
    receiver: str  # the LPK/SO, or the BLK
    currency: str
    planned: Decimal
    paid: Decimal


def subsidy_rows(
    entries: EntryQuerySet, agreements: QuerySet[SubsidyAgreement], budgets: QuerySet[Budget]
) -> list[SubsidyRow]:
    """Cooperatives' subsidies to LPK/SOs and the ministry's BLK budgets, per
    year: planned (agreements, budgets) against paid (the ledger)."""
    figures: dict[tuple[int, str, str, str], list[Decimal]] = {}

    def add(key: tuple[int, str, str, str], planned: Decimal, paid: Decimal) -> None:
        pair = figures.setdefault(key, [ZERO, ZERO])
        pair[0] += planned
        pair[1] += paid

    for agreement in agreements.select_related("cooperative", "sending_organization"):
        key = (agreement.starts_on.year, agreement.cooperative.name, agreement.sending_organization.name)
        add((*key, agreement.currency), agreement.planned, ZERO)
    paid = (
        entries.filter(payer=Payer.COOPERATIVE, payer_organization__isnull=False)
        .annotate(year=ExtractYear("paid_on"))
        .values("year", "payer_organization__name", "participant__sending_organization__name", "currency")
        .annotate(total=exact_sum("amount"))
        .order_by()
    )
    for row in paid:
        receiver = row["participant__sending_organization__name"] or "—"
        add((row["year"], row["payer_organization__name"], receiver, row["currency"]), ZERO, Decimal(row["total"]))
    ministry = _("Ministry (Kemnaker)")
    for budget in budgets.select_related("training_centre"):
        add((budget.year, ministry, budget.training_centre.name, budget.currency), budget.amount, ZERO)
    spent = (
        entries.filter(payer=Payer.MINISTRY, payee_organization__kind="training_centre")
        .annotate(year=ExtractYear("paid_on"))
        .values("year", "payee_organization__name", "currency")
        .annotate(total=exact_sum("amount"))
        .order_by()
    )
    for row in spent:
        add((row["year"], ministry, row["payee_organization__name"], row["currency"]), ZERO, Decimal(row["total"]))
    return [
        SubsidyRow(year, giver, receiver, currency, planned, paid_total)
        for (year, giver, receiver, currency), (planned, paid_total) in sorted(figures.items())
    ]


@dataclass(frozen=True)
class AverageRow:
    programme: str
    payer: str
    currency: str
    departed: int
    total: Decimal

    @property
    def average(self) -> Decimal:
        return (self.total / self.departed).quantize(Decimal(1), rounding=ROUND_HALF_UP) if self.departed else ZERO


def average_rows(entries: EntryQuerySet) -> list[AverageRow]:
    """What a departed participant cost on average, by sending programme and
    payer: each payer's total for the programme's departed participants,
    divided by how many departed (a payer who paid nothing for some still
    counts them, so the averages of one programme add up to its cost)."""
    lines = entries.filter(participant__in=departed_participants())
    departed = dict(
        lines.values("participant__sending_programme__name")
        .annotate(people=Count("participant", distinct=True))
        .values_list("participant__sending_programme__name", "people")
        .order_by()
    )
    totals = (
        lines.values("participant__sending_programme__name", "payer", "currency")
        .annotate(total=exact_sum("amount"))
        .order_by("participant__sending_programme__name", "payer", "currency")
    )
    labels = dict(Payer.choices)
    return [
        AverageRow(
            programme=row["participant__sending_programme__name"] or _("no programme"),
            payer=str(labels[row["payer"]]),
            currency=row["currency"],
            departed=departed[row["participant__sending_programme__name"]],
            total=Decimal(row["total"]),
        )
        for row in totals
    ]


def departed_participants() -> QuerySet[Participant]:
    """Who departed: a placement with its departure date, or a status history
    that passed through "departed" (participants placed before placements
    were recorded here)."""
    departed = Q(placements__departed_on__isnull=False) | Q(history__to_status=Status.DEPARTED)
    return Participant.objects.filter(departed).values("pk").distinct()  # type: ignore[return-value]


@dataclass(frozen=True)
class ViolationRow:
    organization: str
    rule: str
    currency: str
    lines: int
    total: Decimal


def violation_rows(entries: EntryQuerySet) -> list[ViolationRow]:
    """Lines that broke the fee policy and are not reversed, by the
    participant's LPK/SO and the rule that said no."""
    rows = (
        entries.violations()
        .annotate(organization=F("participant__sending_organization__name"))
        .values("organization", "policy_refused_by", "currency")
        .annotate(lines=Count("pk"), total=exact_sum("amount"))
        .order_by("organization", "currency")
    )
    found = [
        ViolationRow(
            organization=row["organization"] or "—",
            rule=", ".join(row["policy_refused_by"] or []),
            currency=row["currency"],
            lines=row["lines"],
            total=Decimal(row["total"]),
        )
        for row in rows
    ]
    return sorted(found, key=lambda row: (row.organization, row.rule, row.currency))


@dataclass(frozen=True)
class Report:
    name: str
    title: Callable[[], str]
    headings: Callable[[], list[str]]
    values: Callable[[Any], list[object]]


REPORTS: dict[str, Report] = {
    "subsidies": Report(
        "subsidies",
        lambda: _("Subsidies and budgets by year"),
        lambda: [_("Year"), _("Given by"), _("Given to"), _("Currency"), _("Planned"), _("Paid")],
        lambda row: [row.year, row.giver, row.receiver, row.currency, row.planned, row.paid],
    ),
    "average-cost": Report(
        "average-cost",
        lambda: _("Average cost per departed participant"),
        lambda: [_("Programme"), _("Paid by"), _("Currency"), _("Departed participants"), _("Total"), _("Average")],
        lambda row: [row.programme, row.payer, row.currency, row.departed, row.total, row.average],
    ),
    "violations": Report(
        "violations",
        lambda: _("Fee policy violations by organization"),
        lambda: [_("LPK/SO"), _("Rule"), _("Currency"), _("Lines"), _("Total")],
        lambda row: [row.organization, row.rule, row.currency, row.lines, row.total],
    ),
}


def report_xlsx(report: Report, rows: Sequence[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = report.title()[:31]
    append_row(sheet, report.headings())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [_cell(value) for value in report.values(row)])
    saved = io.BytesIO()
    workbook.save(saved)
    return saved.getvalue()


def _cell(value: object) -> object:
    # Whole amounts as integers: a spreadsheet's float would round above 15 digits.
    if isinstance(value, Decimal) and value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return value
