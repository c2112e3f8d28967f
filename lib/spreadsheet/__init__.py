"""Reading the spreadsheets people keep: XLSX (through python-calamine) and CSV.

Everything a file can do wrong is refused here, before a single row is read,
with a problem code and its parameters (never a sentence: the caller words it
in the reader's language):

* the type comes from the file's first bytes, never its name, so a renamed PDF
  or photo is "not a spreadsheet"; a damaged workbook is "unreadable", never
  an internal error;
* an empty file, a sheet without data rows, a file or sheet over the limits, a
  value beyond the rows and columns that can be read (checked before the grid
  is built, ``xlsx``), a zip whose contents would unpack to more than the
  limit (a "zip bomb");
* formulas and merged cells in what is imported, named by their cell
  references: a formula's value is whatever Excel last computed, and a merged
  cell leaves all but one of its rows blank, so neither says what the person
  meant.

The sheet read is the one the person sees (``xlsx``); the heading row may sit
under a title (``tables``); hidden rows come marked, to be reported instead of
imported. Cells are then converted one by one (``cells``: ``text``,
``parse_date``, ``nik_text``, ``parse_decimal``, ``parse_int``), each raising
``CellError`` with a code; a number reads as its format shows it (``numfmt``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import IO

from lib.spreadsheet.cells import (
    MONTHS,
    CellValue,
    Shown,
    nik_text,
    parse_date,
    parse_decimal,
    parse_int,
    plain,
    text,
)
from lib.spreadsheet.delimited import UTF16_BOMS, read_csv
from lib.spreadsheet.problems import (
    CellError,
    CellProblem,
    Format,
    Limits,
    Problem,
    SpreadsheetError,
)
from lib.spreadsheet.tables import (
    Column,
    Row,
    Table,
    column_letter,
    heading_keys,
    normalize_heading,
    table,
)
from lib.spreadsheet.xlsx import Package, read_xlsx

__all__ = [
    "MONTHS",
    "CellError",
    "CellProblem",
    "CellValue",
    "Column",
    "Format",
    "Limits",
    "Problem",
    "Row",
    "Shown",
    "SpreadsheetError",
    "Table",
    "column_letter",
    "detect_format",
    "estimate_rows",
    "heading_keys",
    "nik_text",
    "normalize_heading",
    "open_table",
    "parse_date",
    "parse_decimal",
    "parse_int",
    "plain",
    "text",
]

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any password-protected Office file
# Files people rename by mistake; text-like formats that would otherwise pass as a one-column CSV.
KNOWN_NOT_SPREADSHEETS = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"{\\rtf", b"<!DOCTYPE", b"<html", b"<?xml")


def detect_format(head: bytes) -> Format:
    if not head:
        raise SpreadsheetError(Problem.EMPTY)
    if head.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(Problem.OLD_OR_ENCRYPTED)
    if head.startswith(ZIP_SIGNATURE):
        return Format.XLSX  # checked to be a workbook when opened
    if head.startswith(UTF16_BOMS):
        return Format.CSV  # Excel's "Unicode Text": its zero bytes are half of every ASCII letter
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if any(stripped[: len(sig)].lower() == sig.lower() for sig in KNOWN_NOT_SPREADSHEETS) or b"\x00" in head:
        raise SpreadsheetError(Problem.NOT_A_SPREADSHEET)
    return Format.CSV


def open_table(file: IO[bytes], *, columns: Sequence[Column], limits: Limits) -> Table:
    """Check the file and find the wanted columns in the sheet the person sees."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > limits.max_bytes:
        raise SpreadsheetError(Problem.TOO_BIG, limit_mb=limits.max_bytes // 1_000_000)
    file_format = detect_format(file.read(4096))
    file.seek(0)
    data = file.read()  # at most limits.max_bytes
    sheet = read_xlsx(data, limits) if file_format == Format.XLSX else read_csv(data, limits)
    try:
        return table(sheet, columns=columns, limits=limits)
    except SpreadsheetError as error:
        error.sheet = sheet.name
        raise


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Za-z]+[0-9]+:[A-Za-z]+([0-9]+)"')


def estimate_rows(file: IO[bytes]) -> int:
    """Data rows, cheaply, to decide whether validating belongs in the
    background: the declared dimension of the sheet that will be read, or the
    line count. Never raises: a file it cannot size is sized by validation."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    if not data.startswith(ZIP_SIGNATURE):
        return max(0, data.count(b"\n") - 1)
    try:
        package = Package(data, Limits(max_bytes=len(data), max_rows=0, max_unpacked_bytes=len(data) * 1000))
        part = package.entry(package.workbook().visible_sheet().part)
        start = b""
        for piece in package.unpacked(part, budget=1 << 24):
            start += piece
            if len(start) >= 4096:
                break
    except Exception:
        return 0
    dimension = _DIMENSION.search(start)
    return int(dimension.group(1)) - 1 if dimension else 0
