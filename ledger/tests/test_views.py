"""The ledger's pages through real URLs: booking from the form, refusals at
the action, the participant's statement and its PDF, disputes, the
violations list, the reports and the Japanese side's own payments."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import served_job_order
from ledger import actions
from ledger.models import Dispute, LedgerEntry, Payer
from ledger.statement import statement_of
from ledger.tests.world import PAID_ON, book, on_zero_cost, participant_paid
from placements.models import Placement
from tests.cast import Cast
from tests.pdf import text_of

pytestmark = pytest.mark.usefixtures("media")

NBSP = "\u00a0"


def form(cast: Cast, **overrides: str) -> dict[str, str]:
    values = {
        "paid_on": PAID_ON.isoformat(),
        "cost_class": "training",
        "amount": "2500000",
        "currency": "IDR",
        "payer": Payer.MINISTRY,
        "payee_name": "BBPVP Bekasi",
        "payee_organization": str(cast.blk.pk),
    }
    values.update(overrides)
    return values


def test_it_books_a_payment_from_the_form(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post(f"/ledger/participants/{cast.budi.pk}/", form(cast))
    assert response.status_code == 302
    assert LedgerEntry.objects.get().amount == Decimal(2_500_000)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"amount": "2500000.5"}, "no decimals"), ({"amount": "-1"}, "more than zero"), ({"currency": "USD"}, "USD")],
)
def test_it_answers_bad_input_at_the_form_and_books_nothing(
    english: Client, cast: Cast, overrides: dict[str, str], message: str
) -> None:
    english.force_login(cast.lpk_officer)
    response = english.post(f"/ledger/participants/{cast.budi.pk}/", form(cast, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("persona", ["lpk_viewer", "other_lpk_officer", "participant_user", "company_officer"])
def test_it_lets_no_one_else_book(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.post(f"/ledger/participants/{cast.budi.pk}/", form(cast)).status_code == 404
    assert not LedgerEntry.objects.exists()


def test_it_reverses_a_line_from_its_page(client: Client, cast: Cast) -> None:
    entry = book(cast)
    client.force_login(cast.lpk_officer)
    assert client.get(f"/ledger/entries/{entry.pk}/reverse/").status_code == 405
    response = client.post(f"/ledger/entries/{entry.pk}/reverse/", {"reason": "typed twice"})
    assert response.status_code == 302
    assert LedgerEntry.objects.filter(reverses=entry).exists()


def test_it_shows_rp_0_when_the_promise_holds(client: Client, cast: Cast) -> None:
    book(cast)
    client.force_login(cast.participant_user)
    page = client.get(f"/ledger/participants/{cast.budi.pk}/statement/").content.decode()
    assert f"Rp{NBSP}0<" in page
    assert f"Rp{NBSP}1.500.000" in page  # the ministry's payment, written the Indonesian way


def test_its_statement_figures_equal_the_ledger(cast: Cast) -> None:
    on_zero_cost(cast)
    for amount in ("1500000", "2750000", "999"):
        book(cast, amount=amount)
    fee = participant_paid(cast, amount="25000000", currency="IDR")
    book(cast, payer=Payer.EMPLOYER, payer_organization=cast.company, amount="120000", currency="JPY")
    actions.reverse_entry(entry_id=book(cast, amount="10").pk, reason="typo", by=cast.lpk_officer)
    statement = statement_of(cast.budi, LedgerEntry.objects.all())
    ledger = LedgerEntry.objects.filter(participant=cast.budi)
    assert statement.paid_yourself == ledger.filter(payer=Payer.PARTICIPANT).totals() == {"IDR": fee.amount}
    assert statement.paid_for_you == ledger.exclude(payer=Payer.PARTICIPANT).totals()
    for group in statement.groups:
        assert group.totals == ledger.filter(payer=group.payer).totals()
    assert not statement.promise_holds


def test_it_prints_the_statement_in_indonesian_and_japanese(client: Client, cast: Cast) -> None:
    book(cast)
    client.force_login(cast.participant_user)
    indonesian = text_of(client.get(f"/ledger/participants/{cast.budi.pk}/statement.pdf?language=id").content)
    japanese = text_of(client.get(f"/ledger/participants/{cast.budi.pk}/statement.pdf?language=ja").content)
    assert "Budi Santoso" in indonesian
    assert "1.500.000" in indonesian
    assert "1,500,000" in japanese
    assert client.get(f"/ledger/participants/{cast.budi.pk}/statement.pdf?language=xx").status_code == 404


def test_it_lets_the_participant_dispute_a_line(client: Client, cast: Cast) -> None:
    entry = book(cast)
    client.force_login(cast.participant_user)
    url = f"/ledger/participants/{cast.budi.pk}/dispute/"
    assert client.post(url, {"line": entry.pk, "words": ""}).status_code == 400
    assert client.post(url, {"line": entry.pk, "words": "Saya membayar Rp 5 juta tunai."}).status_code == 302
    assert Dispute.objects.get().entry == entry


@pytest.mark.parametrize("persona", ["lpk_officer", "ministry_officer", "outsider"])
def test_it_lets_only_the_participant_dispute(client: Client, cast: Cast, persona: str) -> None:
    entry = book(cast)
    client.force_login(getattr(cast, persona))
    response = client.post(f"/ledger/participants/{cast.budi.pk}/dispute/", {"line": entry.pk, "words": "x"})
    assert response.status_code == 404
    assert not Dispute.objects.exists()


def test_it_lists_violations_for_the_ministry_and_the_participants_lpk_only(client: Client, cast: Cast) -> None:
    on_zero_cost(cast)
    participant_paid(cast)
    for persona, shown in [("ministry_viewer", True), ("lpk_officer", True), ("other_lpk_officer", False)]:
        client.force_login(getattr(cast, persona))
        assert ("Budi Santoso" in client.get("/ledger/violations/").content.decode()) is shown, persona


def test_it_downloads_the_reports_as_xlsx(english: Client, cast: Cast) -> None:
    on_zero_cost(cast)
    participant_paid(cast, amount="25000000", currency="IDR")
    book(cast, amount="4000000")
    Placement.objects.create_for_order(
        participant=cast.budi,
        job_order=served_job_order(cast),
        starts_on=PAID_ON,
        departed_on=PAID_ON,
        created_by=cast.lpk_officer,
    )
    english.force_login(cast.ministry_viewer)
    violations = load_workbook(io.BytesIO(english.get("/ledger/reports/violations.xlsx").content)).worksheets[0]
    assert list(violations.iter_rows(min_row=2, values_only=True)) == [
        ("LPK Sakura", "zero_cost", "IDR", 1, 25_000_000)
    ]
    averages = load_workbook(io.BytesIO(english.get("/ledger/reports/average-cost.xlsx").content)).worksheets[0]
    assert list(averages.iter_rows(min_row=2, values_only=True)) == [
        ("Kemnaker × AP2LN × JOE (TITP)", "ministry budget", "IDR", 1, 4_000_000, 4_000_000),
        ("Kemnaker × AP2LN × JOE (TITP)", "participant", "IDR", 1, 25_000_000, 25_000_000),
    ]


def test_it_shows_a_company_only_what_it_paid(client: Client, cast: Cast) -> None:
    book(cast, payer=Payer.EMPLOYER, payer_organization=cast.company, amount="150000", currency="JPY")
    book(cast, payer=Payer.EMPLOYER, payer_organization=cast.other_lpk, amount="777777", currency="JPY")
    book(cast, amount="2500000")
    client.force_login(cast.company_officer)
    page = client.get("/ledger/paid/").content.decode()
    assert "150.000" in page
    assert "777.777" not in page
    assert "2.500.000" not in page


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/ledger/participants/{pk}/", "ledger"),
        ("/ledger/participants/{pk}/statement/", "statement"),
        ("/ledger/participants/{pk}/statement.pdf?language=ja", "statement.pdf"),
    ],
)
def test_it_logs_staff_reading_a_ledger_but_not_the_worker_reading_their_own(
    client: Client, cast: Cast, path: str, field: str
) -> None:
    book(cast)
    client.force_login(cast.participant_user)
    if "statement" in path:
        assert client.get(path.format(pk=cast.budi.pk)).status_code == 200
    client.force_login(cast.lpk_officer)
    assert client.get(path.format(pk=cast.budi.pk)).status_code == 200
    reads = AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.VIEWED_SENSITIVE)
    assert [(entry.actor, list(entry.changes)) for entry in reads] == [(cast.lpk_officer, [field])]
