"""A dashboard as XLSX, CSV and PDF: the same slice as the page, audit-logged."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEntry
from reference.loader import load_prefectures
from reports.catalogue import DASHBOARDS
from reports.models import Snapshot
from reports.tests.world import WHOLE_PROGRAMME_WEIGHT, cast_figures
from tests.cast import Cast


@pytest.fixture
def figures(cast: Cast) -> Snapshot:
    return cast_figures(cast)


@pytest.fixture
def ministry(english: Client, cast: Cast) -> Client:
    english.force_login(cast.ministry_officer)
    return english


class TestXlsx:
    def test_it_gives_a_sheet_per_table_with_bold_headings_and_numbers(
        self, ministry: Client, figures: Snapshot
    ) -> None:
        response = ministry.get("/reports/pipeline/export.xlsx", {"scope": "all", "year": "2026"})
        assert response.status_code == 200
        assert 'filename="pipeline-all-2026.xlsx"' in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["About", "From registration to return"]
        about = list(book["About"].iter_rows(values_only=True))
        assert ("Year", "2026") in about
        assert ("Whose figures", "The whole programme") in about
        sheet = book["From registration to return"]
        headings = [cell.value for cell in sheet[1]]
        assert headings[:3] == ["Stage", "Reached the stage", "Reached the stage before"]
        assert all(cell.font.bold for cell in sheet[1])
        registered = [cell.value for cell in sheet[2]]
        assert registered[0] == "Registered"
        assert registered[1] == 120 * WHOLE_PROGRAMME_WEIGHT
        assert isinstance(registered[1], int)
        returned = [cell.value for cell in sheet[9]]
        assert returned[0] == "Returned home"
        assert returned[3] == 38

    def test_it_leaves_a_share_of_a_small_whole_empty(self, ministry: Client, cast: Cast, figures: Snapshot) -> None:
        response = ministry.get("/reports/pipeline/export.xlsx", {"scope": f"lpk-{cast.lpk.pk}"})
        sheet = load_workbook(io.BytesIO(response.content))["From registration to return"]
        returned = [cell.value for cell in sheet[9]]
        assert returned[1:4] == [3, 8, None]

    def test_it_keeps_sheet_names_apart(self, ministry: Client, figures: Snapshot) -> None:
        response = ministry.get("/reports/departures/export.xlsx")
        names = load_workbook(io.BytesIO(response.content)).sheetnames
        assert len(names) == len(set(names)) == len(DASHBOARDS["departures"].tables) + 1
        assert all(len(name) <= 31 for name in names)

    def test_it_logs_the_export(self, ministry: Client, cast: Cast, figures: Snapshot) -> None:
        ministry.get("/reports/departures/export.xlsx", {"programme": "titp"})
        entry = AuditEntry.objects.get(actor=cast.ministry_officer)
        assert entry.target_type == "reports.snapshot"
        assert entry.target_id == str(figures.pk)
        export = entry.changes["export"]
        assert (export["dashboard"], export["format"], export["scope"], export["programme"]) == (
            "departures",
            "xlsx",
            "all",
            "titp",
        )


class TestCsv:
    def test_it_gives_one_table_in_utf8_with_a_bom(self, client: Client, cast: Cast, figures: Snapshot) -> None:
        client.cookies["django_language"] = "ja"
        client.force_login(cast.prefecture_officer)
        response = client.get("/reports/placements/active-by-prefecture.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1] == ["宮城県", "20"]
        assert AuditEntry.objects.get(actor=cast.prefecture_officer).changes["export"]["format"] == "csv"

    def test_it_quotes_a_label_a_spreadsheet_would_run(self, ministry: Client, cast: Cast, figures: Snapshot) -> None:
        cast.lpk.name = "=HYPERLINK(1)"
        cast.lpk.save(update_fields=["name"])
        content = ministry.get("/reports/departures/by-sending-organization.csv").content.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in content


class TestPdf:
    def test_it_prints_tables_and_charts_in_japanese(self, client: Client, cast: Cast, figures: Snapshot) -> None:
        load_prefectures()
        client.cookies["django_language"] = "ja"
        client.force_login(cast.prefecture_officer)
        response = client.get("/reports/placements/export.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        assert "宮城県" in text
        assert AuditEntry.objects.get(actor=cast.prefecture_officer).changes["export"]["format"] == "pdf"
