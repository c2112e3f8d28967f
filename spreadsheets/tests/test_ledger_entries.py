"""Importing ledger entries: an LPK/SO's spreadsheet of payments, checked
row by row against the participants it keeps ledgers for, the cost catalogue,
the currencies and the ledger's own checks; previewed, then booked all or
nothing, once."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from ledger.models import CostClass, LedgerEntry
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import upload, xlsx
from tests.cast import Cast

HEADINGS = [
    "NIK",
    "Tanggal Bayar",
    "Kode Biaya",
    "Jumlah",
    "Mata Uang",
    "Dibayar Oleh",
    "Kode Organisasi Pembayar",
    "Dibayar Kepada",
    "Kode Organisasi Penerima",
]


def row(cast: Cast, **overrides: object) -> list[object]:
    values: dict[str, object] = {
        "NIK": cast.budi.nik,
        "Tanggal Bayar": "04/05/2026",
        "Kode Biaya": "training",
        "Jumlah": 6000000,
        "Mata Uang": "IDR",
        "Dibayar Oleh": "cooperative",
        "Kode Organisasi Pembayar": "joe",
        "Dibayar Kepada": "LPK Sakura",
        "Kode Organisasi Penerima": "lpk-sakura",
    }
    values.update(overrides)
    return [values[heading] for heading in HEADINGS]


def _import(client: Client, rows: list[list[object]]) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "ledger_entries", "file": upload(xlsx(rows, HEADINGS))})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    return job


def test_it_previews_then_books_every_valid_row_once(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    job = _import(client, [row(cast), row(cast, **{"Dibayar Oleh": "participant", "Kode Biaya": "recruitment_fee"})])
    assert (job.state, job.new, job.invalid) == (ImportState.VALIDATED, 2, 0)
    assert not LedgerEntry.objects.exists()  # the preview books nothing

    client.post(f"/spreadsheets/{job.pk}/commit/")

    job.refresh_from_db()
    assert (job.state, job.new) == (ImportState.COMMITTED, 2)
    entries = LedgerEntry.objects.order_by("pk")
    assert [entry.import_key for entry in entries] == [f"import:{job.pk}:2", f"import:{job.pk}:3"]
    # The participant's recruitment fee is booked, as it happened, and flagged.
    assert [entry.breaks_policy for entry in entries] == [False, True]


@pytest.mark.parametrize(
    ("overrides", "ref", "code"),
    [
        ({"NIK": "3201010101010001"}, "A2", "unknown_participant"),
        ({"Kode Biaya": "pijat"}, "C2", "unknown_cost_class"),
        ({"Jumlah": "6000000,5"}, "D2", "amount_decimals"),
        ({"Jumlah": "enam juta"}, "D2", "not_a_number"),
        ({"Mata Uang": "USD"}, "E2", "unknown_currency"),
        ({"Dibayar Oleh": "teman"}, "F2", "unknown_payer"),
        ({"Kode Organisasi Pembayar": "tidak-ada"}, "G2", "unknown_organization"),
        ({"Jumlah": -6000000}, "D2", "entry_refused"),
        ({"Kode Organisasi Pembayar": ""}, "G2", "entry_refused"),
        ({"Tanggal Bayar": "31/12/2999"}, "B2", "date_in_future"),
    ],
)
def test_a_bad_row_is_an_error_at_its_cell_and_nothing_is_booked(
    client: Client, cast: Cast, overrides: dict[str, object], ref: str, code: str
) -> None:
    client.force_login(cast.lpk_officer)
    job = _import(client, [row(cast, **overrides)])
    assert job.state == ImportState.VALIDATED
    assert [(issue["ref"], issue["code"]) for issue in job.issues] == [(ref, code)]
    assert job.new == 0
    assert not LedgerEntry.objects.exists()


def test_it_books_nothing_of_a_file_whose_rows_changed_since_the_preview(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    job = _import(client, [row(cast), row(cast, **{"Kode Biaya": "medical"})])
    # The catalogue loses a class between the preview and the commit: the whole file is refused.
    CostClass.objects.filter(code="medical").delete()
    client.post(f"/spreadsheets/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert not LedgerEntry.objects.exists()


def test_it_keeps_other_lpks_participants_out(client: Client, cast: Cast) -> None:
    client.force_login(cast.other_lpk_officer)
    job = _import(client, [row(cast)])
    assert [issue["code"] for issue in job.issues] == ["unknown_participant"]


@pytest.mark.parametrize(
    ("persona", "offered"), [("lpk_officer", True), ("ministry_officer", True), ("blk_officer", False)]
)
def test_it_offers_the_kind_and_its_template_to_those_who_book(
    client: Client, cast: Cast, persona: str, offered: bool
) -> None:
    client.force_login(getattr(cast, persona))
    response = client.get("/spreadsheets/template/ledger_entries.xlsx")
    assert (response.status_code == 200) is offered
    if offered:
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.worksheets[0]["A1"].value == "NIK"
        codes = {cell.value for sheet in workbook.worksheets[1:] for cell in sheet["A"]}
        assert {"recruitment_fee", "deposits_guarantees"} <= codes
