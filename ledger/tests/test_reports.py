"""The reports' figures: subsidies and budgets planned against paid, the
average cost per departed participant, violations by organization."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ledger.models import Budget, LedgerEntry, Payer, SubsidyAgreement, SubsidyBasis
from ledger.reports import average_rows, subsidy_rows, violation_rows
from ledger.tests.world import PAID_ON, book, on_zero_cost, participant_paid
from tests.cast import TO_PLACED, Cast, walk


def test_it_sets_subsidies_and_budgets_planned_against_paid(cast: Cast) -> None:
    SubsidyAgreement.objects.create(
        cooperative=cast.supervising,
        sending_organization=cast.lpk,
        basis=SubsidyBasis.PARTICIPANT,
        amount_per_unit=6_000_000,
        currency="IDR",
        planned_units=10,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    Budget.objects.create(training_centre=cast.blk, year=2026, amount=900_000_000, currency="IDR")
    book(cast, payer=Payer.COOPERATIVE, payer_organization=cast.supervising, amount="6000000")
    book(cast, payer=Payer.MINISTRY, payee_organization=cast.blk, amount="8500000")
    book(cast, payer=Payer.MINISTRY, payee_organization=cast.blk, amount="1", paid_on=datetime.date(2025, 12, 31))
    rows = subsidy_rows(LedgerEntry.objects.all(), SubsidyAgreement.objects.all(), Budget.objects.all())
    figures = {(row.year, row.giver, row.receiver): (row.planned, row.paid) for row in rows}
    assert figures[(2026, "JOE Cooperative", "LPK Sakura")] == (Decimal(60_000_000), Decimal(6_000_000))
    assert figures[(2026, "Ministry (Kemnaker)", "BBPVP Bekasi")] == (Decimal(900_000_000), Decimal(8_500_000))
    assert figures[(2025, "Ministry (Kemnaker)", "BBPVP Bekasi")] == (Decimal(0), Decimal(1))


def test_it_averages_costs_over_every_departed_participant_of_a_programme(cast: Cast) -> None:
    on_zero_cost(cast)
    book(cast, amount="9000000")
    walk(cast.budi, TO_PLACED[:6], cast.lpk_officer)  # budi departs
    book(cast, amount="1000000", paid_on=PAID_ON)
    # siti departed too, on another programme and with no line: she counts only for hers.
    [row] = average_rows(LedgerEntry.objects.all())
    assert (row.departed, row.total, row.average) == (1, Decimal(10_000_000), Decimal(10_000_000))


def test_it_counts_violations_by_organization_until_reversed(cast: Cast) -> None:
    on_zero_cost(cast)
    participant_paid(cast, amount="25000000", currency="IDR")
    participant_paid(cast, amount="5000000", currency="IDR")
    [row] = violation_rows(LedgerEntry.objects.all())
    assert (row.organization, row.rule, row.lines, row.total) == ("LPK Sakura", "zero_cost", 2, Decimal(30_000_000))
