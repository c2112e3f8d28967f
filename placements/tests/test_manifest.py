"""A cohort's manifest as XLSX and PDF, opened and read back: Latin and
katakana names, passports, companies and prefectures; every download audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from placements.models import DepartureCohort
from placements.tests.gate_world import another_participant, cohort, passport, preparing
from tests.cast import Cast
from tests.pdf import embedded_fonts, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def flight(cast: Cast, japan: Japan) -> DepartureCohort:
    budi = preparing(cast, japan)
    passport(cast.budi, by=cast.lpk_officer, number="C1234567")
    dewi = another_participant(cast, "Dewi Lestari", 51)
    dewi.name_katakana = "デウィ・レスタリ"
    dewi.save(update_fields=["name_katakana"])
    # A name typed as a formula by someone: text in the ministry's spreadsheet.
    agus = another_participant(cast, '=HYPERLINK("http://evil.example")', 52)
    placements = (
        budi,
        preparing(cast, japan, dewi, order=budi.job_order),
        preparing(cast, japan, agus, order=budi.job_order),
    )
    return cohort(cast.ministry_officer, placements=placements)


@pytest.fixture
def officer(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.ministry_viewer)
    client.cookies["django_language"] = "en"
    return client


def test_it_writes_the_manifest_as_a_spreadsheet(officer: Client, flight: DepartureCohort) -> None:
    response = officer.get(f"/placements/cohorts/{flight.pk}/manifest.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="manifest-20260620-GA874.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Manifest: flight GA 874, CGK → SDJ, 20 June 2026"
    heading = rows.index(
        [
            "No.",
            "Name",
            "Name in katakana",
            "Sex",
            "Passport number",
            "Passport valid until",
            "Company",
            "Company (Japanese)",
            "Prefecture",
            "Prefecture (Japanese)",
        ]
    )
    people = {row[1]: row for row in rows[heading + 1 :]}
    assert people["Budi Santoso"][2:5] == ["ブディ・サントソ", "male", "C1234567"]
    expires = people["Budi Santoso"][5]
    assert isinstance(expires, datetime.datetime)  # a date cell, which openpyxl reads as a datetime
    assert expires.date() == datetime.date(2030, 1, 9)
    assert people["Budi Santoso"][6:] == ["Sendai Steel", "仙台製鋼株式会社", "Miyagi", "宮城県"]
    assert people["Dewi Lestari"][2] == "デウィ・レスタリ"
    assert people["Dewi Lestari"][4] is None  # no passport on file
    formula = '=HYPERLINK("http://evil.example")'
    cell = next(row for row in sheet.iter_rows() if row[1].value == formula)[1]
    assert cell.data_type == "s"


def test_it_writes_the_manifest_as_a_pdf_in_japanese_script(officer: Client, flight: DepartureCohort) -> None:
    response = officer.get(f"/placements/cohorts/{flight.pk}/manifest.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in (
        "Budi Santoso",
        "ブディ・サントソ",
        "デウィ・レスタリ",
        "C1234567",
        "仙台製鋼株式会社",
        "宮城県",
        "GA 874",
    ):
        assert expected in text, expected
    page = PdfReader(io.BytesIO(response.content)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape: the columns fit
    fonts = embedded_fonts(response.content)
    assert any(font.endswith("+Noto-Sans-CJK-JP") for font in fonts), fonts  # embedded (subset)


def test_it_records_every_download(cast: Cast, officer: Client, flight: DepartureCohort) -> None:
    officer.get(f"/placements/cohorts/{flight.pk}/manifest.xlsx")
    officer.get(f"/placements/cohorts/{flight.pk}/manifest.pdf")

    entries = AuditEntry.objects.for_object(flight).filter(action=AuditAction.VIEWED_SENSITIVE).order_by("id")
    assert [(entry.actor, entry.changes["manifest"]) for entry in entries] == [
        (cast.ministry_viewer, {"format": "xlsx", "rows": 3}),
        (cast.ministry_viewer, {"format": "pdf", "rows": 3}),
    ]


@pytest.mark.parametrize("persona", ["lpk_officer", "company_officer", "embassy_officer", "participant_user"])
def test_it_hands_the_manifest_only_to_the_ministry(cast: Cast, flight: DepartureCohort, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))

    assert client.get(f"/placements/cohorts/{flight.pk}/manifest.pdf").status_code == 404
    assert not AuditEntry.objects.for_object(flight).filter(action=AuditAction.VIEWED_SENSITIVE).exists()
