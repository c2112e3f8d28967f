"""A cohort's manifest: who is on the flight, with the names, passports,
employers and prefectures the airline, the escort and the receiving side
check, as XLSX and as PDF.

Both are written from the same rows. Every value in the XLSX is text
(lib.spreadsheet.writing), so a name one organization typed never runs as a
formula in the ministry's spreadsheet. Passport numbers are personal data:
the view that hands a manifest out writes an audit row each time.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lib.pdf import render_pdf
from lib.spreadsheet.writing import append_row, text_cell
from participants.models import Document
from placements.models import DepartureCohort, Placement
from reference.models import DocumentKind


@dataclass(frozen=True)
class ManifestRow:
    number: int
    full_name: str
    name_katakana: str
    sex: str
    passport_number: str
    passport_expires_on: datetime.date | None
    company: str
    company_ja: str
    prefecture: str
    prefecture_ja: str


def manifest_rows(cohort: DepartureCohort) -> list[ManifestRow]:
    placements = list(
        Placement.objects.filter(cohort_member__cohort=cohort)
        .select_related("participant", "company", "prefecture")
        .order_by("participant__full_name", "pk")
    )
    passports = {
        document.participant_id: document
        for document in Document.objects.current()
        .filter(kind=DocumentKind.PASSPORT, participant_id__in=[p.participant_id for p in placements])
        .order_by("uploaded_at")
    }
    return [
        _row(number, placement, passports.get(placement.participant_id))
        for number, placement in enumerate(placements, 1)
    ]


def _row(number: int, placement: Placement, passport: Document | None) -> ManifestRow:
    person, company, prefecture = placement.participant, placement.company, placement.prefecture
    return ManifestRow(
        number=number,
        full_name=person.full_name,
        name_katakana=person.name_katakana,
        sex=person.get_sex_display(),
        passport_number=passport.number if passport else "",
        passport_expires_on=passport.expires_on if passport else None,
        company=company.name,
        company_ja=company.name_ja,
        prefecture=prefecture.name_en,
        prefecture_ja=prefecture.name_ja,
    )


def _headings() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Name in katakana"),
        _("Sex"),
        _("Passport number"),
        _("Passport valid until"),
        _("Company"),
        _("Company (Japanese)"),
        _("Prefecture"),
        _("Prefecture (Japanese)"),
    ]


def manifest_xlsx(cohort: DepartureCohort, rows: Sequence[ManifestRow]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(_("Manifest")[:31])
    title = text_cell(sheet, _describe(cohort))
    title.font = Font(bold=True)
    sheet.append([title])
    sheet.append([text_cell(sheet, _("Escort: %(escort)s") % {"escort": cohort.escort or "—"})])
    sheet.append([])
    append_row(sheet, _headings())
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(
            sheet,
            [
                row.number,
                row.full_name,
                row.name_katakana,
                row.sex,
                row.passport_number,
                row.passport_expires_on,
                row.company,
                row.company_ja,
                row.prefecture,
                row.prefecture_ja,
            ],
        )
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHIJ", (5, 28, 24, 10, 16, 14, 28, 24, 14, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    saved = io.BytesIO()
    workbook.save(saved)
    return saved.getvalue()


def manifest_pdf(cohort: DepartureCohort, rows: Sequence[ManifestRow]) -> bytes:
    return render_pdf(
        "placements/departure_manifest_pdf.html",
        {
            # The reader's language: the ministry's staff print it for the airline and the escort.
            "language": get_language() or "en",
            "cohort": cohort,
            "title": _describe(cohort),
            "headings": _headings(),
            "rows": rows,
            "printed_at": f"{date_format(timezone.localtime(), 'SHORT_DATETIME_FORMAT')} "
            f"({timezone.get_current_timezone_name()})",
        },
    )


def _describe(cohort: DepartureCohort) -> str:
    return _("Manifest: flight %(flight)s, %(route)s, %(date)s") % {
        "flight": cohort.flight_number,
        "route": cohort.route,
        "date": date_format(cohort.flight_date),
    }
