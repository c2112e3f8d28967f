"""Reading XLSX workbooks: the grid calamine allocates stays within the limits
whatever the file declares or holds, the sheet read is the one the person
sees, and a damaged or disguised file is a file problem, never a crash."""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from lib.spreadsheet import Column, Limits, Problem, SpreadsheetError, estimate_rows, open_table
from lib.tests.workbooks import SHEET, edited, part_of, saved, with_dimension, with_rows, xlsx_bytes

COLUMNS = (Column("nik", ("NIK",), required=True), Column("name", ("Nama Lengkap",), required=True))
LIMITS = Limits(max_bytes=1_000_000, max_rows=100, max_unpacked_bytes=5_000_000, max_columns=20)
ROOT = Path(__file__).resolve().parents[2]


def small() -> bytes:
    return xlsx_bytes(["NIK", "Nama Lengkap"], ["3216011705020001", "Budi"], ["3216015705020001", "Siti"])


def names(data: bytes, limits: Limits = LIMITS) -> list[object]:
    return [row.cells["name"] for row in open_table(io.BytesIO(data), columns=COLUMNS, limits=limits).rows()]


def refusal(data: bytes, limits: Limits = LIMITS) -> tuple[Problem, dict[str, str | int]]:
    with pytest.raises(SpreadsheetError) as refused:
        open_table(io.BytesIO(data), columns=COLUMNS, limits=limits)
    return refused.value.problem, refused.value.params


# --- the extent: refused from what the sheet holds, before the grid exists -----


def test_it_reads_a_sheet_that_declares_the_whole_grid_by_what_it_holds() -> None:
    declared = with_dimension(small(), b"A1:XFD1048576")
    assert b'<dimension ref="A1:XFD1048576"/>' in part_of(declared, SHEET)
    assert names(declared) == ["Budi", "Siti"]


@pytest.mark.parametrize(
    "far",
    [
        b'<row r="1048576"><c r="XFD1048576" s="0"/></row>',  # formatted, empty: what a styled column leaves
        b'<row r="2000"><c r="XFD2000" s="0"></c></row>',
        b'<row r="4"><c r="BZ4" s="0"/></row>',
        b'<row r="900000"><c r="A900000" s="0"/></row>',
    ],
)
def test_it_reads_a_sheet_whose_far_cells_hold_only_a_format_by_its_data(far: bytes) -> None:
    assert names(with_rows(small(), far)) == ["Budi", "Siti"]


@pytest.mark.parametrize(
    ("far", "cell", "column"),
    [
        (b'<row r="1"><c r="XFD1"><v>1</v></c></row>', "XFD1", "XFD"),
        (b'<row r="4"><c r="XFD4" t="inlineStr"><is><t>x</t></is></c></row>', "XFD4", "XFD"),
        (b'<row r="3"><c r="U3" t="s"><v>0</v></c></row>', "U3", "U"),  # the first column past the limit
        (b'<row r="3"><c r="xfd3"><v>1</v></c></row>', "XFD3", "XFD"),  # calamine takes lower-case references
        (b'<row r="3"><c s="0" r="XFD3"><v>1</v></c></row>', "XFD3", "XFD"),  # the reference not first
        (b'<row r="3"><c r="XFD3" t="str"><v></v></c></row>', "XFD3", "XFD"),  # an empty text value still counts
    ],
)
def test_it_refuses_a_value_beyond_the_columns_naming_its_cell(far: bytes, cell: str, column: str) -> None:
    assert refusal(with_rows(small(), far)) == (
        Problem.TOO_FAR_RIGHT,
        {"cell": cell, "column": column, "limit": 20, "last": "T"},
    )


@pytest.mark.parametrize(
    ("far", "cell", "row"),
    [
        (b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>', "A1048576", 1048576),
        (b'<row r="201"><c r="B201" t="inlineStr"><is><t>x</t></is></c></row>', "B201", 201),
        (b'<row r="99999999999"><c r="A99999999999"><v>1</v></c></row>', "A99999999999", 99999999999),
    ],
)
def test_it_refuses_a_value_beyond_the_rows_naming_its_cell(far: bytes, cell: str, row: int) -> None:
    assert refusal(with_rows(small(), far)) == (Problem.TOO_FAR_DOWN, {"cell": cell, "row": row, "limit": 100})


def test_it_places_cells_without_references_as_calamine_does() -> None:
    # Twenty-one cells counted from A: the last lands in column U, one past the limit.
    counted = b'<row r="3">' + b"<c><v>1</v></c>" * 21 + b"</row>"
    assert refusal(with_rows(small(), counted))[0] == Problem.TOO_FAR_RIGHT
    rows_counted = b"<row><c><v>1</v></c></row>" * 300  # rows numbered by counting from the last one
    assert refusal(with_rows(small(), rows_counted))[0] == Problem.TOO_FAR_DOWN
    within = b'<row r="4"><c><v>1</v></c><c><v>2</v></c></row>'
    assert names(with_rows(small(), within)) == ["Budi", "Siti", 2.0]


def test_it_sees_cells_written_with_a_namespace_prefix() -> None:
    prefixed = b'<x:row xmlns:x="urn:x" r="3"><x:c r="XFD3"><x:v>1</x:v></x:c></x:row>'
    assert refusal(with_rows(small(), prefixed))[0] == Problem.TOO_FAR_RIGHT


def test_a_far_cell_never_ends_the_process_that_reads_it(tmp_path: Path) -> None:
    """The 5 KB file of the review, read by a process limited to 1 GB of address
    space: had calamine started on its 550 GB grid, the process would abort."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(with_rows(small(), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))
    assert path.stat().st_size < 10_000
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from lib.spreadsheet import Column, Limits, SpreadsheetError, open_table
        try:
            limits = Limits(max_bytes=10**6, max_rows=100000, max_unpacked_bytes=10**8)
            open_table(open({str(path)!r}, "rb"), columns=[Column("nik", ("NIK",))], limits=limits)
        except SpreadsheetError as error:
            print(error.problem.value, error.params["cell"])
        """
    )
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert (done.returncode, done.stdout.strip()) == (0, "too_far_down XFD1048576")


def test_it_counts_what_the_parts_really_unpack_to_not_what_the_zip_declares() -> None:
    padded = edited(small(), SHEET, lambda sheet: sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * 6_000_000))
    assert refusal(padded)[0] == Problem.TOO_BIG_UNPACKED
    # The same bomb with the sizes in the zip's directory rewritten to a few bytes.
    lying = _declared_sizes_shrunk(padded)
    assert sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(lying)).infolist()) < 100_000
    assert refusal(lying)[0] == Problem.TOO_BIG_UNPACKED


def test_it_refuses_more_shared_strings_than_the_grid_has_cells() -> None:
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si/>" * 5_000 + b"</sst>"
    data = edited(small(), "", lambda part: part, extra={"xl/sharedStrings.xml": strings})
    assert refusal(data, Limits(max_bytes=10**6, max_rows=10, max_unpacked_bytes=10**7, max_columns=20))[0] == (
        Problem.TOO_BIG_UNPACKED
    )


def _declared_sizes_shrunk(data: bytes) -> bytes:
    """The zip with every entry's uncompressed size set to 1 in its headers."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            struct.pack_into("<I", out, start + offset, 1)
            start += 4
    return bytes(out)


# --- the sheet the person sees ---------------------------------------------------


def _workbook(*sheets: tuple[str, str], active: int = 0) -> bytes:
    """Sheets by name and state ("visible", "hidden", "veryHidden"), each with
    its own name as data, and the tab the workbook opens on."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for name, state in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(["NIK", "Nama Lengkap"])
        sheet.append(["3216011705020001", name])
        sheet.sheet_state = state
    tab = b'activeTab="%d"' % active
    return edited(saved(workbook), "xl/workbook.xml", lambda xml: re.sub(rb'activeTab="[0-9]+"', tab, xml))


@pytest.mark.parametrize(
    ("sheets", "active", "read"),
    [
        ((("Lama", "hidden"), ("Data", "visible")), 1, "Data"),  # the review's case: a hidden first sheet
        ((("Data", "visible"), ("Contoh", "visible")), 1, "Contoh"),  # the active one, not the first
        ((("Rahasia", "veryHidden"), ("Data", "visible"), ("Lain", "visible")), 0, "Data"),  # active but hidden
        ((("Lama", "hidden"), ("Data", "visible")), 5, "Data"),  # an active tab that is not there
    ],
)
def test_it_reads_the_sheet_the_person_sees_and_names_it(
    sheets: tuple[tuple[str, str], ...], active: int, read: str
) -> None:
    table = open_table(io.BytesIO(_workbook(*sheets, active=active)), columns=COLUMNS, limits=LIMITS)
    assert table.sheet_name == read
    assert [row.cells["name"] for row in table.rows()] == [read]


def test_it_refuses_a_workbook_without_a_visible_sheet() -> None:
    data = _workbook(("Data", "visible"))
    hidden = edited(data, "xl/workbook.xml", lambda xml: xml.replace(b'state="visible"', b'state="hidden"'))
    assert refusal(hidden)[0] == Problem.NO_VISIBLE_SHEET


def test_it_names_the_sheet_it_read_when_it_refuses_the_file() -> None:
    data = _workbook(("Lama", "hidden"), ("Daftar", "visible"), active=1)
    no_headings = edited(data, "xl/worksheets/sheet2.xml", lambda xml: xml.replace(b"Nama Lengkap", b"Nama Ibu"))
    with pytest.raises(SpreadsheetError) as refused:
        open_table(io.BytesIO(no_headings), columns=COLUMNS, limits=LIMITS)
    assert (refused.value.problem, refused.value.sheet) == (Problem.MISSING_COLUMNS, "Daftar")


def test_it_marks_rows_hidden_by_a_filter_or_by_hand_and_reports_hidden_columns() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["NIK", "Nama Lengkap", "Catatan"])
    for number in range(1, 6):
        sheet.append([f"321601170502000{number}", f"Peserta {number}", ""])
    sheet.auto_filter.ref = "A1:C6"
    sheet.row_dimensions[3].hidden = True  # filtered out
    sheet.row_dimensions[5].hidden = True  # hidden by hand
    sheet.column_dimensions["B"].hidden = True
    table = open_table(io.BytesIO(saved(workbook)), columns=COLUMNS, limits=LIMITS)
    assert [(row.number, row.hidden) for row in table.rows()] == [
        (2, False),
        (3, True),
        (4, False),
        (5, True),
        (6, False),
    ]
    assert table.hidden_columns == ("name",)


# --- damaged and disguised files ---------------------------------------------------


# Thirty entities, each four of the one before: 4**30 copies of "ha" if expanded.
_LAUGHS = (
    b'<!DOCTYPE s [<!ENTITY l0 "ha">'
    + b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;">' % (n + 1, n, n, n, n) for n in range(30))
    + b"]>"
)


def _deflate_damaged(data: bytes) -> bytes:
    """The sheet's compressed stream with bytes in its middle overwritten."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(SHEET)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length + info.compress_size // 3
    return data[:start] + b"\xff" * 16 + data[start + 16 :]


def _stored_with_method(data: bytes, method: int) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", method) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    return output.getvalue()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda data: data[: len(data) // 2], Problem.UNREADABLE),  # truncated: no central directory
        (lambda data: data[:-10], Problem.UNREADABLE),
        (_deflate_damaged, Problem.UNREADABLE),  # zlib.error in the sheet's stream
        (lambda data: edited(data, SHEET, lambda xml: xml.replace(b"</sheetData>", b"<row><c r=")), Problem.UNREADABLE),
        (lambda data: edited(data, "xl/workbook.xml", lambda xml: xml[:40]), Problem.UNREADABLE),
        (
            lambda data: edited(data, "xl/workbook.xml", lambda xml: b"<!DOCTYPE x [<!ENTITY a 'b'>]>" + xml),
            Problem.UNREADABLE,
        ),
        (lambda data: edited(data, "xl/styles.xml", lambda xml: _LAUGHS + xml), Problem.UNREADABLE),
        (lambda data: _stored_with_method(data, zipfile.ZIP_BZIP2), Problem.UNREADABLE),
        (lambda data: edited(data, "", lambda part: part, extra={SHEET.upper(): b"<worksheet/>"}), Problem.UNREADABLE),
        (lambda data: b"PK\x03\x04" + b"\x00" * 200, Problem.UNREADABLE),
        (lambda data: data.replace(b"xl/workbook.xml", b"xl/workbook.xmx"), Problem.NOT_A_SPREADSHEET),
    ],
)
def test_it_calls_a_damaged_workbook_unreadable_never_an_internal_error(
    damage: Callable[[bytes], bytes], problem: Problem
) -> None:
    assert refusal(damage(small()))[0] == problem


def test_it_tells_a_zip_that_is_not_a_workbook_from_a_damaged_one() -> None:
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(document.getvalue())[0] == Problem.NOT_A_SPREADSHEET
    opendocument = io.BytesIO()
    with zipfile.ZipFile(opendocument, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert refusal(opendocument.getvalue())[0] == Problem.UNSUPPORTED_FORMAT


def test_it_estimates_rows_of_any_file_without_raising() -> None:
    assert estimate_rows(io.BytesIO(with_dimension(small(), b"A1:B5001"))) == 5000
    for broken in (small()[:300], _deflate_damaged(small()), b"PK\x03\x04garbage"):
        assert estimate_rows(io.BytesIO(broken)) == 0


def test_the_damaged_stream_really_is_one_zlib_refuses() -> None:
    with (
        zipfile.ZipFile(io.BytesIO(_deflate_damaged(small()))) as archive,
        pytest.raises((zlib.error, zipfile.BadZipFile)),
    ):
        archive.read(SHEET)
