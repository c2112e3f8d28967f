"""Finding the table in a sheet: headings written the way people write them,
under a title or two, and only what is read counts against the file."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from lib.spreadsheet import Column, Limits, Problem, SpreadsheetError, Table, heading_keys, open_table
from lib.tests.workbooks import saved, xlsx_bytes

COLUMNS = (
    Column("nik", ("NIK",), required=True),
    Column("sex", ("Jenis Kelamin", "JK", "L/P"), required=True),
    Column("born", ("Tanggal Lahir", "Tgl Lahir")),
)
LIMITS = Limits(max_bytes=1_000_000, max_rows=100, max_unpacked_bytes=5_000_000)


def table_of(*rows: Sequence[object]) -> Table:
    return open_table(io.BytesIO(xlsx_bytes(*rows)), columns=COLUMNS, limits=LIMITS)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Jenis Kelamin (L/P)", "sex"),
        ("JENIS  KELAMIN", "sex"),
        ("jenis_kelamin*", "sex"),
        ("Jenis Kelamin [L atau P]", "sex"),
        ("(L/P)", "sex"),
        ("Tgl. Lahir (dd/mm/yyyy)", "born"),
        ("Tanggal Lahir\ncontoh: 17/05/2002", "born"),
        (" N.I.K. ", "nik"),
    ],
)
def test_it_recognizes_a_heading_with_a_hint_extra_spaces_case_or_punctuation(written: str, key: str) -> None:
    usual = {"nik": "NIK", "sex": "JK", "born": "Tgl Lahir"}
    table = table_of([written if name == key else heading for name, heading in usual.items()], ["1", "L", ""])
    assert table.headings[key] == written.strip()


def test_a_hint_is_only_a_second_reading_of_a_heading() -> None:
    assert heading_keys("Jenis Kelamin (L/P)") == (
        "jeniskelaminlp",
        "jeniskelamin",
    )
    assert heading_keys("(L/P)") == ("lp",)


def test_it_finds_the_headings_under_a_title_and_numbers_rows_as_excel_does() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DATA PESERTA PELATIHAN BLK BEKASI 2026"])
    sheet.append(["Angkatan 1", "", "Dicetak 12/05/2026"])
    sheet.append([])
    sheet.append(["NIK", "Jenis Kelamin", "Tanggal Lahir"])
    sheet.append(["3216011705020001", "L", "17/05/2002"])
    sheet.merge_cells("A1:C1")  # titles are merged across the columns: harmless above the headings
    table = open_table(io.BytesIO(saved(workbook)), columns=COLUMNS, limits=LIMITS)
    assert table.heading_row == 4
    assert [(row.number, row.cells["sex"]) for row in table.rows()] == [(5, "L")]


def test_it_looks_for_the_headings_among_the_first_ten_rows_only() -> None:
    titles = [[f"Catatan {n}"] for n in range(10)]
    with pytest.raises(SpreadsheetError) as refused:
        table_of(*titles, ["NIK", "Jenis Kelamin"], ["1", "L"])
    assert refused.value.problem == Problem.MISSING_COLUMNS
    assert table_of(*titles[:9], ["NIK", "Jenis Kelamin"], ["1", "L"]).heading_row == 10


def test_it_names_what_the_row_closest_to_headings_lacks() -> None:
    with pytest.raises(SpreadsheetError) as refused:
        table_of(["Daftar"], ["NIK", "Nama", "Tanggal Lahir"], ["1", "x", ""])
    assert (refused.value.problem, refused.value.params) == (Problem.MISSING_COLUMNS, {"columns": "Jenis Kelamin"})


def test_a_heading_row_naming_a_column_twice_is_refused_by_name() -> None:
    with pytest.raises(SpreadsheetError) as refused:
        table_of(["NIK", "JK", "Jenis Kelamin (L/P)"], ["1", "L", "L"])
    assert (refused.value.problem, refused.value.params) == (Problem.REPEATED_COLUMN, {"column": "Jenis Kelamin"})


def test_merged_cells_count_only_where_data_is_read() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["NIK", "Jenis Kelamin", "Catatan", ""])
    sheet.append(["1", "L", "pindahan", ""])
    sheet.append(["2", "P", "", ""])
    sheet.merge_cells("C2:D3")  # a notes column nobody imports
    assert [
        row.cells["sex"] for row in open_table(io.BytesIO(saved(workbook)), columns=COLUMNS, limits=LIMITS).rows()
    ] == ["L", "P"]
    sheet.merge_cells("B2:B3")
    with pytest.raises(SpreadsheetError) as refused:
        open_table(io.BytesIO(saved(workbook)), columns=COLUMNS, limits=LIMITS)
    assert (refused.value.problem, refused.value.params) == (Problem.MERGED_CELLS, {"cells": "B2:B3"})
