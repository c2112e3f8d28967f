"""Append-only: a booked line is refused change and deletion by the model,
by the queryset and by the database itself; the check constraints hold."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from ledger.models import AppendOnly, CostClass, LedgerEntry
from ledger.tests.world import book
from tests.cast import Cast


def test_it_refuses_to_save_a_booked_line_again(cast: Cast) -> None:
    entry = book(cast)
    entry.amount = Decimal(1)
    with pytest.raises(AppendOnly):
        entry.save()


def test_it_refuses_to_delete_a_line_through_the_model_or_a_queryset(cast: Cast) -> None:
    entry = book(cast)
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnly):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal(1_500_000)


def test_it_refuses_an_update_in_the_database_itself(cast: Cast) -> None:
    entry = book(cast)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET amount = 1 WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal(1_500_000)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite empties test tables with DELETE (see 0002)")
def test_it_refuses_a_delete_in_the_database_itself(cast: Cast) -> None:
    entry = book(cast)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM ledger_ledgerentry WHERE id = %s", [entry.pk])
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


def test_the_database_refuses_a_negative_line_that_reverses_nothing(cast: Cast) -> None:
    entry = book(cast)
    values = {f.attname: getattr(entry, f.attname) for f in LedgerEntry._meta.concrete_fields if f.attname != "id"}
    values["amount"] = Decimal(-5)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.bulk_create([LedgerEntry(**values)])


def test_the_database_refuses_an_unknown_currency_or_a_zero_rate(cast: Cast) -> None:
    entry = book(cast)
    values = {f.attname: getattr(entry, f.attname) for f in LedgerEntry._meta.concrete_fields if f.attname != "id"}
    for wrong in ({"currency": "USD"}, {"rate_idr_per_jpy": Decimal(0), "rate_on": entry.paid_on}):
        with pytest.raises(IntegrityError), transaction.atomic():
            LedgerEntry.objects.bulk_create([LedgerEntry(**{**values, **wrong})])


def test_it_ships_the_ilo_cost_catalogue(db: None) -> None:
    classes = CostClass.objects.in_force(datetime.date(2026, 1, 1))
    assert [c.code for c in classes][:3] == ["recruitment_fee", "training", "medical"]
    assert len(classes) == 10
    assert {c.code for c in classes if c.kind == "illegitimate"} == {"deposits_guarantees", "illegitimate"}
    assert not any(c.participant_may_bear for c in classes if c.kind == "illegitimate")
