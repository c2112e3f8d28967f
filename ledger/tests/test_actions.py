"""Booking the ledger: payments, the policy flag and its notice, bad input
that books nothing, reversals that net exactly, and disputes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from audit.models import AuditEntry
from ledger import actions
from ledger.models import Dispute, DisputeStatus, LedgerEntry, Payer
from ledger.tests.world import (
    BEFORE_ESD,
    ESD_START,
    book,
    details,
    on_zero_cost,
    participant_paid,
    placed_under_esd,
)
from reference.models import ExchangeRate
from tests.cast import Cast

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = pytest.mark.usefixtures("media")


def test_it_books_a_payment_with_its_audit_row(cast: Cast) -> None:
    entry = book(cast)
    assert entry.amount == Decimal(1_500_000)
    assert not entry.breaks_policy
    assert entry.policy_family == "fees"
    assert AuditEntry.objects.for_object(entry).filter(action="created").exists()


def test_it_flags_a_participant_payment_under_the_zero_cost_promise_and_tells_ministry_and_lpk(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    on_zero_cost(cast)
    with django_capture_on_commit_callbacks(execute=True):
        entry = participant_paid(cast, amount="25000000", currency="IDR")
    assert entry.breaks_policy
    assert entry.policy_refused_by == ["zero_cost"]
    assert LedgerEntry.objects.violations().get() == entry
    assert len(mail.outbox) == 1
    recipients = set(mail.outbox[0].to)
    assert "ministry_officer@example.org" in recipients
    assert "lpk_officer@example.org" in recipients
    assert "other_lpk_officer@example.org" not in recipients
    assert "lpk_viewer@example.org" not in recipients


def test_it_sends_nothing_for_a_payment_within_the_policy(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        book(cast)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("on", "flagged"),
    [(BEFORE_ESD, True), (ESD_START, False)],
    ids=["ilo-policy-the-day-before-esd", "esd-cap-from-its-first-day"],
)
def test_it_checks_a_fee_to_the_lpk_by_the_policy_of_its_date(cast: Cast, on: datetime.date, flagged: bool) -> None:
    placed_under_esd(cast)
    entry = participant_paid(cast, paid_on=on)
    assert entry.breaks_policy is flagged


def test_it_adds_up_fees_paid_before_against_the_esd_cap(cast: Cast) -> None:
    placed_under_esd(cast)
    assert not participant_paid(cast, paid_on=ESD_START, amount="300000").breaks_policy
    second = participant_paid(cast, paid_on=ESD_START, amount="100000")
    assert second.policy_refused_by == ["fee_cap_months"]


def test_it_converts_a_rupiah_fee_at_the_ministrys_rate_and_keeps_the_rate(cast: Cast) -> None:
    placed_under_esd(cast)
    ExchangeRate.objects.create(
        idr_per_jpy=Decimal("110.00"), effective_from=datetime.date(2027, 3, 1), source="BI", set_by=cast.ministry_admin
    )
    entry = participant_paid(cast, paid_on=ESD_START, amount="44000000", currency="IDR")
    assert entry.rate_idr_per_jpy == Decimal("110.0000")
    assert entry.rate_on == datetime.date(2027, 3, 1)
    # Rp 44,000,000 at 110 is ¥400,000, over the cap of ¥360,000.
    assert entry.policy_refused_by == ["fee_cap_months"]


BAD_INPUT: list[tuple[str, dict[str, object], str]] = [
    ("negative", {"amount": "-5000"}, "more than zero"),
    ("zero", {"amount": "0"}, "more than zero"),
    ("unknown currency", {"currency": "USD"}, "no currency"),
    ("rupiah with decimals", {"amount": "1500000.50"}, "no decimals"),
    ("yen with decimals", {"amount": "1000.5", "currency": "JPY"}, "no decimals"),
    ("a float", {"amount": 1500000.0}, "exactly"),
    ("not a number", {"amount": "satu juta"}, "not an amount"),
    ("a rate of zero", {"rate_idr_per_jpy": Decimal(0)}, "more than zero rupiah"),
    ("an unknown cost", {"cost_class": "massage"}, "catalogue"),
]


@pytest.mark.parametrize(("case", "overrides", "message"), BAD_INPUT, ids=[row[0] for row in BAD_INPUT])
def test_it_refuses_bad_input_and_books_nothing(
    cast: Cast, case: str, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(actions.LedgerError, match=message):
        actions.book_entry(participant_id=cast.budi.pk, details=details(**overrides), by=cast.lpk_officer)
    assert not LedgerEntry.objects.exists()
    assert not AuditEntry.objects.filter(target_type__icontains="ledger").exists()


def test_it_refuses_a_rupiah_fee_under_the_esd_cap_without_a_rate(cast: Cast) -> None:
    placed_under_esd(cast)
    with pytest.raises(actions.LedgerError, match="no exchange rate"):
        participant_paid(cast, paid_on=ESD_START, amount="30000000", currency="IDR")
    assert not LedgerEntry.objects.exists()


def test_it_reverses_a_line_so_the_pair_nets_exactly(cast: Cast) -> None:
    entry = book(cast, amount="1234567")
    reversal = actions.reverse_entry(entry_id=entry.pk, reason="typed twice", by=cast.lpk_officer)
    assert reversal.reverses == entry
    assert reversal.amount == -entry.amount
    assert LedgerEntry.objects.filter(participant=cast.budi).totals() == {"IDR": Decimal(0)}


def test_it_takes_a_reversed_violation_off_the_list(cast: Cast) -> None:
    on_zero_cost(cast)
    entry = participant_paid(cast)
    actions.reverse_entry(entry_id=entry.pk, reason="refunded", by=cast.lpk_officer)
    assert not LedgerEntry.objects.violations().exists()


def test_it_reverses_a_line_once_and_never_a_reversal(cast: Cast) -> None:
    entry = book(cast)
    reversal = actions.reverse_entry(entry_id=entry.pk, reason="wrong", by=cast.lpk_officer)
    with pytest.raises(actions.LedgerError, match="already been reversed"):
        actions.reverse_entry(entry_id=entry.pk, reason="again", by=cast.lpk_officer)
    with pytest.raises(actions.LedgerError, match="not reversed"):
        actions.reverse_entry(entry_id=reversal.pk, reason="undo", by=cast.lpk_officer)
    with pytest.raises(actions.LedgerError, match="why"):
        actions.reverse_entry(entry_id=book(cast).pk, reason=" ", by=cast.lpk_officer)
    assert LedgerEntry.objects.count() == 3


def test_it_keeps_a_receipt_checked_like_documents(cast: Cast, media: Path) -> None:
    entry = book(cast, receipt=SimpleUploadedFile("kwitansi.png", PNG))
    assert entry.receipt_content_type == "image/png"
    assert entry.receipt.name.endswith(".png")
    assert len(entry.receipt_sha256) == 64


def test_it_refuses_a_receipt_that_is_not_a_pdf_or_picture(cast: Cast) -> None:
    with pytest.raises(actions.LedgerError, match="PDF, JPEG or PNG"):
        book(cast, receipt=SimpleUploadedFile("kwitansi.pdf", b"<html>not a receipt</html>"))
    assert not LedgerEntry.objects.exists()


def test_it_refuses_a_receipt_over_the_size_limit(cast: Cast, settings: object) -> None:
    settings.DOCUMENT_MAX_BYTES = 10  # type: ignore[attr-defined]
    with pytest.raises(actions.LedgerError, match="limit"):
        book(cast, receipt=SimpleUploadedFile("kwitansi.png", PNG))


def test_it_needs_the_paying_organization_of_a_subsidy(cast: Cast) -> None:
    with pytest.raises(actions.LedgerError, match="organization that paid"):
        book(cast, payer=Payer.COOPERATIVE)


def test_it_opens_a_dispute_and_tells_the_ministry_and_lpk(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    User.objects.exclude(username="lpk_officer").update(email="")
    entry = book(cast, payer=Payer.PARTICIPANT, cost_class="documents_passport", payee_name="Imigrasi")
    with django_capture_on_commit_callbacks(execute=True):
        dispute = actions.open_dispute(entry_id=entry.pk, words="Saya tidak membayar ini.", by=cast.participant_user)
    assert dispute.status == DisputeStatus.OPEN
    assert dispute.category == "fees_or_debts"
    assert mail.outbox[0].to == ["lpk_officer@example.org"]
    assert "Saya tidak membayar ini." in mail.outbox[0].body


def test_it_opens_one_dispute_per_line(cast: Cast) -> None:
    entry = book(cast)
    actions.open_dispute(entry_id=entry.pk, words="salah", by=cast.participant_user)
    with pytest.raises(actions.LedgerError, match="already disputed"):
        actions.open_dispute(entry_id=entry.pk, words="salah lagi", by=cast.participant_user)
    with pytest.raises(actions.LedgerError, match="own words"):
        actions.open_dispute(entry_id=book(cast).pk, words="", by=cast.participant_user)
    assert Dispute.objects.count() == 1


def test_it_moves_a_dispute_along_its_allowed_edges_only(cast: Cast) -> None:
    dispute = actions.open_dispute(entry_id=book(cast).pk, words="salah", by=cast.participant_user)
    opened = actions.change_dispute_status(
        dispute_id=dispute.pk, to=DisputeStatus.CASE_OPENED, by=cast.ministry_officer
    )
    assert opened.status == DisputeStatus.CASE_OPENED
    with pytest.raises(actions.LedgerError, match="cannot become"):
        actions.change_dispute_status(dispute_id=dispute.pk, to=DisputeStatus.OPEN, by=cast.ministry_officer)
    closed = actions.change_dispute_status(dispute_id=dispute.pk, to=DisputeStatus.CLOSED, by=cast.ministry_officer)
    assert closed.status == DisputeStatus.CLOSED
    assert AuditEntry.objects.for_object(dispute).filter(action="status_changed").count() == 2
