"""Number formats: a number cell reads as the sheet shows it when its format
changes what it means (a percentage, fixed zeros, literal text), and as the
plain number otherwise."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from lib.spreadsheet import Column, Limits, Shown, nik_text, open_table, parse_date, parse_decimal, text
from lib.spreadsheet.numfmt import classify
from lib.tests.workbooks import edited, saved

LIMITS = Limits(max_bytes=1_000_000, max_rows=100, max_unpacked_bytes=5_000_000)


@pytest.mark.parametrize(
    ("code", "stored", "shown", "number"),
    [
        ("0%", 0.855, "85.5%", Decimal("85.5")),
        ("0.0%", 0.855, "85.5%", Decimal("85.5")),
        ("0.00%;[Red]-0.00%", 1, "100%", Decimal(100)),
        ('"0"#', 81234567890.0, "081234567890", Decimal(81234567890)),
        ("\\0###########", 81234567890, "081234567890", Decimal(81234567890)),
        ("000000", 1234, "001234", Decimal(1234)),
        ('0" jam"', 320, "320 jam", Decimal(320)),
        ('"+62 "#', 81234567890, "+62 81234567890", Decimal(81234567890)),
        ("[$-421]000", 7, "007", Decimal(7)),
    ],
)
def test_it_shows_a_number_as_its_format_does(code: str, stored: float, shown: str, number: Decimal) -> None:
    number_format = classify(code)
    assert number_format is not None
    cell = number_format.show(stored)
    assert isinstance(cell, Shown)
    assert (text(cell), parse_decimal(cell)) == (shown, number)


@pytest.mark.parametrize(
    "code",
    [
        "General",
        "0",
        "0.00",
        "#,##0",
        "#,##0.00",
        "@",
        "dd/mm/yyyy",
        "[$-421]dd mmmm yyyy",
        "0.00E+00",
        "# ?/?",
        "h:mm",
    ],
)
def test_it_leaves_formats_that_change_no_meaning_to_the_plain_value(code: str) -> None:
    assert classify(code) is None


def test_a_format_leaves_text_and_fractions_as_they_are() -> None:
    digits = classify("000000")
    assert digits is not None
    assert digits.show("abc") == "abc"
    assert digits.show(12.5) == 12.5  # read as the number it is
    assert digits.show(float("inf")) == float("inf")


def _formatted_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["NIK", "Nilai", "Telepon", "Tanggal", "Jam"])
    sheet.append(["3216011705020001", 0.855, 81234567890, 37393, 320])
    sheet.append([3216011705020001, 0.9, "0812", datetime.date(2002, 5, 17), "320"])
    for row in (2, 3):
        sheet.cell(row=row, column=2).number_format = "0.0%"
        sheet.cell(row=row, column=3).number_format = '"0"#'
        sheet.cell(row=row, column=1).number_format = "0"
        sheet.cell(row=row, column=5).number_format = '0" jam"'
    sheet.cell(row=3, column=4).number_format = "DD/MM/YYYY"
    return saved(workbook)


COLUMNS = (
    Column("nik", ("NIK",), required=True),
    Column("score", ("Nilai",)),
    Column("phone", ("Telepon",)),
    Column("day", ("Tanggal",)),
    Column("hours", ("Jam",)),
)


def test_it_reads_each_cell_of_a_workbook_as_the_sheet_shows_it() -> None:
    table = open_table(io.BytesIO(_formatted_workbook()), columns=COLUMNS, limits=LIMITS)
    first, second = (row.cells for row in table.rows())
    assert (parse_decimal(first["score"]), parse_decimal(second["score"])) == (Decimal("85.5"), Decimal(90))
    assert text(first["phone"]) == "081234567890"
    assert text(second["phone"]) == "0812"  # text stays text
    assert parse_date(first["day"]) == parse_date(second["day"]) == datetime.date(2002, 5, 17)
    assert (text(first["hours"]), parse_decimal(first["hours"])) == ("320 jam", Decimal(320))
    assert nik_text(first["nik"]) == "3216011705020001"
    with pytest.raises(Exception, match="nik_as_number"):
        nik_text(second["nik"])


def test_it_counts_day_numbers_from_1904_in_a_workbook_saved_that_way() -> None:
    data = edited(
        _formatted_workbook(),
        "xl/workbook.xml",
        lambda xml: xml.replace(b"<workbookPr />", b'<workbookPr date1904="1"/>'),
    )
    table = open_table(io.BytesIO(data), columns=COLUMNS, limits=LIMITS)
    assert table.date1904
    first = next(table.rows()).cells
    assert parse_date(first["day"], date1904=table.date1904) == datetime.date(2006, 5, 18)
