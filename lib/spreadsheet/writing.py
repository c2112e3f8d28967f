"""Writing spreadsheets that other people open: every value stays a value.

A name typed as ``=HYPERLINK("http://…","Klik")`` by one organization must
not run as a formula in the files another downloads (OWASP, "CSV
Injection"). So:

* in XLSX every string is written as a string cell, never a formula (openpyxl
  makes one of any string starting with "=") or an error value ("#N/A"); a
  string that a spreadsheet would read as a formula if typed again also gets
  Excel's quote prefix, so editing the cell keeps it text;
* in CSV such a string starts with a single quote, as OWASP advises; reading
  a CSV back (``delimited``) drops that quote again, so an exported file
  imports unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet reads as the start of a formula (the full-width forms are
# what a Japanese keyboard types), and the whitespace OWASP lists with them.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
RISKY_STARTS = FORMULA_STARTS | frozenset("\t\r\n")
ESCAPE = "'"


def risky(value: str) -> bool:
    """Whether a spreadsheet would take the text for a formula."""
    return value[:1] in RISKY_STARTS or value.lstrip()[:1] in FORMULA_STARTS


def csv_text(value: object) -> object:
    """A CSV field: a risky string with a single quote before it."""
    return ESCAPE + value if isinstance(value, str) and risky(value) else value


def unescaped_csv_text(value: str) -> str:
    """The field as it was before ``csv_text``."""
    return value[1:] if value[:1] == ESCAPE and risky(value[1:]) else value


def text_cell(sheet: Worksheet | WriteOnlyWorksheet, value: object) -> Cell:
    """A cell for ``value``; a string always as a string."""
    cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type] # openpyxl takes more than its stubs say
    if isinstance(value, str) and cell.data_type != "s":
        cell.data_type = "s"  # openpyxl guessed a formula ("=…") or an error ("#N/A")
    if isinstance(value, str) and risky(value):
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[object]) -> None:
    """Append a row whose strings stay strings: what every sheet handed out is written with."""
    sheet.append([value if isinstance(value, Cell) else text_cell(sheet, value) for value in values])


# A sheet's name may not hold these characters (a translated title might), nor pass 31 characters.
_NOT_IN_SHEET_NAMES = frozenset("\\/?*[]:")
SHEET_NAME_LENGTH = 31


def sheet_title(title: str) -> str:
    """``title`` as a sheet may be named."""
    return "".join(ch for ch in title if ch not in _NOT_IN_SHEET_NAMES)[:SHEET_NAME_LENGTH]


def bold_last_row(sheet: Worksheet) -> None:
    """Headings and totals stand out: the row just appended in bold."""
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
