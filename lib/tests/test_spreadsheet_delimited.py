"""CSV files as Excel saves them: every encoding and separator it writes, and
a refusal with the true reason for what cannot be read."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from lib.spreadsheet import Column, Limits, Problem, SpreadsheetError, detect_format, open_table
from lib.spreadsheet.writing import csv_text

COLUMNS = (
    Column("nik", ("NIK",), required=True),
    Column("name", ("Nama Lengkap",), required=True),
    Column("score", ("Nilai",)),
)
LIMITS = Limits(max_bytes=10_000_000, max_rows=100, max_unpacked_bytes=5_000_000, max_columns=20)


def rows(content: bytes) -> list[dict[str, object]]:
    table = open_table(io.BytesIO(content), columns=COLUMNS, limits=LIMITS)
    return [dict(row.cells) for row in table.rows()]


def refusal(content: bytes) -> tuple[Problem, dict[str, str | int]]:
    with pytest.raises(SpreadsheetError) as refused:
        open_table(io.BytesIO(content), columns=COLUMNS, limits=LIMITS)
    return refused.value.problem, refused.value.params


EXPECTED = [{"nik": "3216011705020001", "name": "Budi Sétiawan", "score": "85,5"}]


@pytest.mark.parametrize(
    "content",
    [
        "NIK;Nama Lengkap;Nilai\r\n3216011705020001;Budi Sétiawan;85,5\r\n".encode(
            "cp1252"
        ),  # Excel's "CSV" in Indonesia
        '\ufeffNIK,Nama Lengkap,Nilai\n3216011705020001,Budi Sétiawan,"85,5"\n'.encode(),  # "CSV UTF-8"
        codecs.BOM_UTF16_LE
        + "NIK\tNama Lengkap\tNilai\r\n3216011705020001\tBudi Sétiawan\t85,5\r\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE
        + "NIK\tNama Lengkap\tNilai\r\n3216011705020001\tBudi Sétiawan\t85,5\r\n".encode("utf-16-be"),
        "sep=;\r\nNIK;Nama Lengkap;Nilai\r\n3216011705020001;Budi Sétiawan;85,5\r\n".encode(),  # the separator named
        'sep=,\nNIK,Nama Lengkap,Nilai\n3216011705020001,Budi Sétiawan,"85,5"\n'.encode("cp1252"),
        "SEP=|\nNIK|Nama Lengkap|Nilai\n3216011705020001|Budi Sétiawan|85,5\n".encode(),  # one no guess would find
    ],
)
def test_it_reads_every_text_file_excel_saves(content: bytes) -> None:
    assert rows(content) == EXPECTED


def test_it_numbers_rows_as_excel_shows_them_after_a_separator_line() -> None:
    table = open_table(io.BytesIO(b"sep=;\nNIK;Nama Lengkap\n1;a\n2;b\n"), columns=COLUMNS, limits=LIMITS)
    assert table.heading_row == 1
    assert [row.number for row in table.rows()] == [2, 3]


@pytest.mark.parametrize(
    "content",
    [
        "NIK,Nama Lengkap\n1,シティ\n".encode("shift_jis"),  # Japanese Windows
        "NIK,Nama Lengkap\n1,Сергей\n".encode("koi8_r"),
        "NIK,Nama Lengkap\n1,Budi Sétiawan\n2,".encode() + "Siti Hadiyanti".encode("cp1252") + b"\xe9\n",  # mixed
        b"NIK,Nama Lengkap\n1,Jos\xc3\xa9 \x81\n",  # UTF-8 with a byte no encoding here has
        codecs.BOM_UTF16_LE + b"N\x00I\x00K\x00\x00\xd8",  # UTF-16 cut in half a character
    ],
)
def test_it_refuses_a_file_in_an_unknown_encoding_saying_so(content: bytes) -> None:
    assert refusal(content)[0] == Problem.UNKNOWN_ENCODING


def test_it_takes_utf16_for_a_csv_not_for_a_binary_file() -> None:
    assert detect_format(codecs.BOM_UTF16_LE + "NIK".encode("utf-16-le")).value == "csv"
    assert refusal(b"NIK\x00,Nama\x00")[0] == Problem.NOT_A_SPREADSHEET


def test_it_refuses_an_enormous_line_naming_it() -> None:
    content = b"NIK,Nama Lengkap\n1,a\n2," + b"x" * 200_000 + b"\n"
    assert refusal(content) == (Problem.LINE_TOO_LONG, {"row": 3, "limit": 100_000})


def test_it_refuses_a_quote_that_never_closes_naming_its_line() -> None:
    content = b'NIK,Nama Lengkap\n1,"a\n' + b"2,b\n" * 40_000
    assert refusal(content)[0] == Problem.LINE_TOO_LONG


def test_it_refuses_a_row_beyond_the_columns_naming_its_last_cell() -> None:
    content = b"NIK,Nama Lengkap\n1,a\n2,b" + b",x" * 30_000 + b"\n"
    assert refusal(content) == (
        Problem.TOO_FAR_RIGHT,
        {"cell": "ARIX3", "column": "ARIX", "limit": 20, "last": "T"},
    )


def test_it_reads_a_row_whose_empty_fields_run_on_past_the_columns() -> None:
    assert rows(b"NIK,Nama Lengkap\n1,a" + b"," * 500 + b"\n")[0]["name"] == "a"


def test_it_reads_back_what_an_export_escaped() -> None:
    written = ['=HYPERLINK("http://x","Klik")', "+62 812 3456", "-", "@nama", "Siti", "'kutip"]
    content = io.StringIO()
    writer = csv.writer(content)
    writer.writerow(["NIK", "Nama Lengkap"])
    writer.writerows([i, csv_text(name)] for i, name in enumerate(written))
    assert [row["name"] for row in rows(content.getvalue().encode())] == written


def test_an_apostrophe_inside_a_field_is_no_escape() -> None:
    assert [row["name"] for row in rows(b"NIK;Nama Lengkap\n1;Ma'ruf Amin\n2;'Aisyah\n")] == ["Ma'ruf Amin", "'Aisyah"]
