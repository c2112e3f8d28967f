"""Reading spreadsheets: what a file is comes from its bytes, whole files are
refused for what makes their values untrustworthy, and cells are read the
way Indonesians write them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import pytest
from openpyxl import Workbook

from lib.spreadsheet import (
    Column,
    Limits,
    Problem,
    SpreadsheetError,
    estimate_rows,
    normalize_heading,
    open_table,
)

COLUMNS = (
    Column("nik", ("NIK",), required=True),
    Column("name", ("Nama Lengkap", "Full name"), required=True),
    Column("born", ("Tanggal Lahir",)),
)
LIMITS = Limits(max_bytes=1_000_000, max_rows=100, max_unpacked_bytes=5_000_000)


def xlsx(*rows: Sequence[object], merge: str = "", formula: str = "") -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def problem_of(file: io.BytesIO, limits: Limits = LIMITS) -> tuple[Problem, dict[str, str | int]]:
    with pytest.raises(SpreadsheetError) as refused:
        open_table(file, columns=COLUMNS, limits=limits)
    return refused.value.problem, refused.value.params


def test_it_reads_the_wanted_columns_by_heading_and_names_rows_as_excel_does() -> None:
    file = xlsx(["No", "nik", " NAMA  lengkap "], [1, "3216011705020001", "Budi"], [], [2, "x", "Siti"])
    table = open_table(file, columns=COLUMNS, limits=LIMITS)
    assert table.headings == {"nik": "nik", "name": "NAMA  lengkap"}
    assert table.letters == {"nik": "B", "name": "C"}
    assert [(row.number, dict(row.cells)) for row in table.rows()] == [
        (2, {"nik": "3216011705020001", "name": "Budi"}),
        (4, {"nik": "x", "name": "Siti"}),  # the blank row 3 is skipped, not renumbered
    ]


def test_it_accepts_english_aliases_and_ignores_case_space_and_punctuation() -> None:
    assert normalize_heading(" Full-Name ") == normalize_heading("full_name") == "fullname"
    table = open_table(xlsx(["NIK", "Full name"], ["1", "A"]), columns=COLUMNS, limits=LIMITS)
    assert table.headings["name"] == "Full name"


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>",  # a renamed PDF
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",  # a renamed JPEG
        b"\x89PNG\r\n\x1a\n\x00\x00",
    ],
)
def test_it_refuses_a_renamed_file_that_is_not_a_spreadsheet(content: bytes) -> None:
    assert problem_of(io.BytesIO(content))[0] == Problem.NOT_A_SPREADSHEET


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert problem_of(buffer)[0] == Problem.NOT_A_SPREADSHEET


def test_it_refuses_an_empty_file_and_a_sheet_without_data_rows() -> None:
    assert problem_of(io.BytesIO(b""))[0] == Problem.EMPTY
    assert problem_of(xlsx())[0] == Problem.EMPTY
    assert problem_of(xlsx(["NIK", "Nama Lengkap"]))[0] == Problem.NO_DATA_ROWS


def test_it_names_the_missing_and_the_repeated_headings() -> None:
    assert problem_of(xlsx(["NIK", "Alamat"], ["1", "x"])) == (
        Problem.MISSING_COLUMNS,
        {"columns": "Nama Lengkap"},
    )
    assert problem_of(xlsx(["NIK", "Nama Lengkap", "nama lengkap"], ["1", "x", "y"]))[0] == Problem.REPEATED_COLUMN


def test_it_refuses_formulas_naming_their_cells() -> None:
    file = xlsx(["NIK", "Nama Lengkap"], ["1", "x"], ["2", "y"], formula="B3")
    assert problem_of(file) == (Problem.FORMULAS, {"cells": "B3"})


def test_it_refuses_formulas_written_with_a_namespace_prefix() -> None:
    original = xlsx(["NIK", "Nama Lengkap"], ["1", "x"], formula="B2")
    prefixed = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(prefixed, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<f>", b"<x:f>").replace(b"</f>", b"</x:f>")
            target.writestr(item, content)
    prefixed.seek(0)
    assert problem_of(prefixed) == (Problem.FORMULAS, {"cells": "B2"})


def test_it_refuses_formulas_only_where_it_reads_values() -> None:
    # A title computed by a formula above the headings, and a numbering column
    # of formulas (=ROW()-1), are not read: only the imported columns count.
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(['="Data peserta " & TEXT(TODAY(), "yyyy")'])
    sheet.append(["No", "NIK", "Nama Lengkap"])
    sheet.append(["=ROW()-2", "1", "x"])
    sheet.append(["=ROW()-2", "2", '=UPPER("y")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert problem_of(buffer) == (Problem.FORMULAS, {"cells": "C4"})


def test_it_refuses_merged_cells_naming_their_range() -> None:
    file = xlsx(["NIK", "Nama Lengkap"], ["1", "x"], ["2", ""], merge="A2:A3")
    assert problem_of(file) == (Problem.MERGED_CELLS, {"cells": "A2:A3"})


def test_it_refuses_files_over_the_size_and_row_limits() -> None:
    file = xlsx(["NIK", "Nama Lengkap"], *[[str(i), "x"] for i in range(5)])
    assert problem_of(file, Limits(max_bytes=100, max_rows=100, max_unpacked_bytes=10**7))[0] == Problem.TOO_BIG
    file.seek(0)
    assert problem_of(file, Limits(max_bytes=10**7, max_rows=4, max_unpacked_bytes=10**7)) == (
        Problem.TOO_MANY_ROWS,
        {"limit": 4, "rows": 5},
    )


def test_it_refuses_a_zip_bomb_before_parsing_it() -> None:
    original = xlsx(["NIK", "Nama Lengkap"], ["1", "x"])
    bomb = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b"<sheetData>" + b" " * 6_000_000)  # compresses to kilobytes
            target.writestr(item.filename, content)
    assert len(bomb.getvalue()) < 50_000
    assert problem_of(bomb)[0] == Problem.TOO_BIG_UNPACKED


def test_it_estimates_rows_from_the_sheet_dimension_or_the_lines() -> None:
    assert estimate_rows(xlsx(["NIK", "Nama Lengkap"], *[[str(i), "x"] for i in range(7)])) == 7
    assert estimate_rows(io.BytesIO(b"NIK\n1\n2\n")) == 2
