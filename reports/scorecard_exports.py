"""A scorecard list as a spreadsheet (XLSX) or CSV: every partner of the
slice in the list's order, every stored count and every rate. A rate whose
whole is under ``SMALL_NUMBER`` is left empty, as on the page, where its two
counts stand instead: they are columns of the file too."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lib.shares import SMALL_NUMBER
from lib.spreadsheet.writing import append_row, csv_text
from reports.models import Snapshot
from reports.scorecard_forms import Chosen
from reports.scorecard_rows import PartnerRow, period_label, programme_label
from reports.scorecards import COLUMNS, ScorecardSpec

_NOT_IN_SHEET_NAMES = frozenset("\\/?*[]:")


def headings() -> list[str]:
    return [_("Organization"), _("Name in the other language"), _("ID"), *(str(column.heading) for column in COLUMNS)]


def values(partner: PartnerRow) -> list[object]:
    organization = partner.organization
    return [
        organization.local_name,
        organization.other_name,
        organization.pk,
        *(partner.shown(column.name).value for column in COLUMNS),
    ]


def about(snapshot: Snapshot, spec: ScorecardSpec, chosen: Chosen) -> list[tuple[str, str]]:
    """What the file holds, for its second sheet."""
    return [
        (_("Table"), str(spec.table.title)),
        (_("Figures as of"), formats.date_format(timezone.localtime(snapshot.taken_at), "DATETIME_FORMAT")),
        (_("Year"), period_label(chosen)),
        (_("Programme"), programme_label(chosen)),
        (
            _("Small numbers"),
            _("A rate is left empty when its whole is under %(small)s; its two counts are in their own columns.")
            % {"small": SMALL_NUMBER},
        ),
    ]


def _sheet_name(text: str) -> str:
    # A sheet's name may not hold these characters (a translation might), nor pass 31 characters.
    return "".join(ch for ch in text if ch not in _NOT_IN_SHEET_NAMES)[:31]


def as_xlsx(partners: Iterable[PartnerRow], *, snapshot: Snapshot, spec: ScorecardSpec, chosen: Chosen) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _sheet_name(str(spec.table.title))
    append_row(sheet, headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for partner in partners:
        append_row(sheet, values(partner))
    notes = workbook.create_sheet(_sheet_name(_("About these figures")))
    for label, text in about(snapshot, spec, chosen):
        append_row(notes, [label, text])
    saved = io.BytesIO()
    workbook.save(saved)
    return saved.getvalue()


def as_csv(partners: Iterable[PartnerRow]) -> str:
    """The CSV text, starting with a byte-order mark so that spreadsheet
    programs read it as UTF-8 (the Japanese names); text that would read as a
    formula escaped."""
    written = io.StringIO()
    writer = csv.writer(written)
    writer.writerow(headings())
    for partner in partners:
        writer.writerow(["" if value is None else csv_text(value) for value in values(partner)])
    return "\ufeff" + written.getvalue()
