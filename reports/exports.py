"""A dashboard as files: XLSX (a sheet per table), CSV (one table a file)
and PDF (tables and their charts), all from the tables as shown
(``reports.shown``), so a file holds what the page holds for the same
filters, labels in the reader's language included.

Numbers stay numbers: a count or median is a number cell, a share its rate
as a number, or empty where its whole is too small to make one a rate (its
part and whole are the columns beside it).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from lib.pdf import render_pdf
from lib.shares import SMALL_NUMBER
from lib.spreadsheet.writing import append_row, bold_last_row, csv_text, sheet_title
from reports.catalogue import DashboardSpec
from reports.shown import ShownTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
# Excel opens a CSV as UTF-8 only when it starts with the byte order mark; without it Japanese is garbled.
BOM = "\ufeff"


@dataclass(frozen=True)
class About:
    """What a file is of: the dashboard, the figures' time and the filters, in words."""

    title: str
    as_of: datetime.datetime
    scope: str
    year: str
    programme: str

    def lines(self) -> list[tuple[str, str]]:
        return [
            (_("Figures as of"), date_format(timezone.localtime(self.as_of), "DATETIME_FORMAT")),
            (_("Whose figures"), self.scope),
            (pgettext("calendar year", "Year"), self.year),
            (_("Programme"), self.programme),
        ]


def headings(table: ShownTable) -> list[str]:
    return [str(table.key_heading), *(str(column.heading) for column in table.spec.columns)]


def values(table: ShownTable) -> list[list[object]]:
    return [[row.label, *(cell.number for cell in row.cells)] for row in table.rows]


def workbook(tables: Sequence[ShownTable], about: About) -> bytes:
    """The first sheet says what the file is of; then a sheet per table,
    headings in bold. Sheet names are cut to Excel's 31 characters and kept apart."""
    book = Workbook()
    first = book.worksheets[0]
    first.title = sheet_title(_("About"))
    append_row(first, [about.title])
    bold_last_row(first)
    for line in about.lines():
        append_row(first, line)
    append_row(first, [_small_numbers()])
    used = {first.title}
    for table in tables:
        sheet = book.create_sheet(_unique(sheet_title(str(table.spec.title)), used))
        append_row(sheet, headings(table))
        bold_last_row(sheet)
        for row in values(table):
            append_row(sheet, row)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 2
    while candidate in used:
        suffix = f" ({n})"
        candidate, n = name[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate)
    return candidate


def _small_numbers() -> str:
    return _("A share whose whole is under %(small)s is left empty: its two counts are in the columns beside it.") % {
        "small": SMALL_NUMBER
    }


def table_csv(table: ShownTable) -> str:
    """One table as CSV, UTF-8 with its byte order mark; a label a spreadsheet
    would take for a formula is quoted (lib.spreadsheet.writing)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(headings(table))
    for row in values(table):
        writer.writerow(["" if value is None else csv_text(value) for value in row])
    return out.getvalue()


@dataclass(frozen=True)
class Section:
    dashboard: DashboardSpec
    tables: Sequence[ShownTable]


def pdf(sections: Sequence[Section], about: About, *, language: str, summary: str = "") -> bytes:
    """The dashboards' tables with their charts, printed (lib.pdf, Noto CJK
    for Japanese); the caller activates ``language`` for the labels."""
    context = {
        "sections": sections,
        "about": about,
        "language": language,
        "summary": summary,
        "small_number": SMALL_NUMBER,
    }
    return render_pdf("reports/dashboards/pdf.html", context)
