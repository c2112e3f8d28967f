"""The sheet scan: the fast byte search and the XML parser find the same
things, however the stream is cut into pieces."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.spreadsheet import Limits
from lib.spreadsheet.numfmt import NumberFormat
from lib.spreadsheet.sheets import Cell
from lib.spreadsheet.sheetscan import Findings, _ExactScan, _FastScan, scan

LIMITS = Limits(max_bytes=10**6, max_rows=100, max_unpacked_bytes=10**7, max_columns=20)
PERCENT = NumberFormat(percent=True)
SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<cols><col min="2" max="3" hidden="1" width="0"/><col min="5" max="5" width="9"/></cols>'
    b"<sheetData>"
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b'<row r="2" spans="1:3" hidden="1"><c r="A2"><v>1</v></c><c r="B2" s="4"><v>0.855</v></c></row>'
    b'<row r="3"><c r="A3"><f>ROW()</f><v>3</v></c><c r="B3" s="4" t="s"><v>2</v></c><c r="C3" s="0"/></row>'
    b'<row r="150"><c r="A150"><v>1</v></c><c r="T150" s="4"><v>1</v></c></row>'
    b'<row r="900"><c r="Z900" s="1"/></row>'
    b'</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
)
EXPECTED = Findings(
    hidden_rows={2},
    hidden_columns=[(1, 2)],
    formulas={0: [3]},
    formats={2: {1: PERCENT}, 150: {19: PERCENT}},
)


def pieces(data: bytes, size: int) -> Iterator[bytes]:
    return (data[i : i + size] for i in range(0, len(data), size))


def test_the_fast_scan_finds_hidden_rows_and_columns_formulas_and_formats() -> None:
    assert _FastScan(LIMITS, {4: PERCENT}).run(iter([SHEET])) == EXPECTED


def test_the_exact_scan_finds_the_same() -> None:
    assert _ExactScan(LIMITS, {4: PERCENT}).run(iter([SHEET])) == EXPECTED


@settings(max_examples=60)
@given(st.integers(min_value=1, max_value=len(SHEET)))
def test_pieces_of_any_size_read_the_same(size: int) -> None:
    assert scan(lambda: pieces(SHEET, size), limits=LIMITS, styles={4: PERCENT}) == EXPECTED


@pytest.mark.parametrize(
    ("cell", "far"),
    [
        (b'<c r="A201"><v>1</v></c>', Cell(201, 0)),
        (b'<c r="U5"><v>1</v></c>', Cell(5, 20)),
        (b'<c r="U5" s="1"/>', None),
        (b'<c r="U5" s="1"></c>', None),
        (b'<c r="U5"><f>1+1</f></c>', Cell(5, 20)),  # the byte search counts any content
    ],
)
@pytest.mark.parametrize("size", [5, 64, 1 << 20])
def test_both_scans_place_a_far_cell_alike(cell: bytes, far: Cell | None, size: int) -> None:
    sheet = SHEET.replace(b"</sheetData>", b'<row r="5">' + cell + b"</row></sheetData>")
    assert scan(lambda: pieces(sheet, size), limits=LIMITS, styles={}).far == far
    # The parser counts what calamine counts: a formula without a value is empty to both.
    assert _ExactScan(LIMITS, {}).run(pieces(sheet, size)).far == (None if b"<f>" in cell else far)
