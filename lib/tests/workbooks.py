"""Workbooks for reader tests, built in code: openpyxl writes an ordinary file,
then its XML is edited the way real files differ (a far cell, a lying
dimension, a hidden sheet, a broken stream)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bytes(*rows: Sequence[object], merge: str = "", formula: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    if formula:
        sheet[formula] = "=1+1"
    return saved(workbook)


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edited(data: bytes, part: str, edit: Callable[[bytes], bytes], *, extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with one part's content changed (and parts added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, edit(content) if item.filename == part else content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return output.getvalue()


def with_rows(data: bytes, xml: bytes) -> bytes:
    """Rows written straight into the first sheet's XML, after its own."""
    return edited(data, SHEET, lambda sheet: sheet.replace(b"</sheetData>", xml + b"</sheetData>"))


def with_dimension(data: bytes, reference: bytes) -> bytes:
    """The sheet declaring another extent than its cells have."""
    return edited(
        data, SHEET, lambda sheet: re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="%s"/>' % reference, sheet)
    )


def part_of(data: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part)
