"""Spreadsheets we hand out: import templates, a job's errors, and participant
exports in the template's own columns, so that export → edit → import
round-trips. Written with openpyxl (write-only for exports: rows stream to
disk instead of piling up in memory).

Every value goes through ``lib.spreadsheet.writing``: what one organization
typed is text in every file another downloads, never a formula."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import Organization
from ledger.models import CostClass
from lib.spreadsheet import Column
from lib.spreadsheet.writing import append_row, csv_text, text_cell
from participants.models import Participant, ParticipantQuerySet, Sex
from reference.models import SendingProgramme, VocationalProgramme
from spreadsheets.columns import LEDGER_COLUMNS, PARTICIPANT_COLUMNS, RESULT_COLUMNS, participant_columns
from spreadsheets.messages import describe_row_issue
from spreadsheets.models import ImportJob, ImportKind

TEMPLATE_ROWS = 1000  # rows pre-formatted (NIK as text, sex as a list) in a template
SEX_LETTERS = {Sex.MALE: "L", Sex.FEMALE: "P"}
BOLD = Font(bold=True)
EXAMPLE_PARTICIPANT = (
    "3216015705020001",
    "Siti Rahayu",
    "シティ・ラハユ",
    "P",
    datetime.date(2002, 5, 17),
    "Bekasi",
    "Jl. Merdeka 1, Bekasi",
    "0812 3456 7890",
    "siti@example.org",
)
EXAMPLE_LEDGER = (
    "3216015705020001",
    datetime.date(2026, 3, 31),
    "training",
    6000000,
    "IDR",
    "cooperative",
    "michinoku-coop",
    "LPK Karya Nusantara Mandiri",
    "lpk-karya-nusantara",
    "Kursus bahasa Jepang",
    "",
)
EXAMPLE_RESULT = ("3216015705020001", "las-2026-01", datetime.date(2026, 3, 31), 85.5, "BNSP/LAS/0001", 320)


def _descriptions(
    kind: ImportKind, *, training_centres: Sequence[Organization], lpks: Sequence[Organization], lpk_required: bool
) -> dict[str, str]:
    """What to write in each column, in the reader's language."""
    if kind == ImportKind.LEDGER_ENTRIES:
        return {
            "nik": _("The participant's 16-digit NIK, in a column formatted as Text."),
            "paid_on": _("The day the payment was made, e.g. 31/03/2026."),
            "cost_class": _("The cost's code, from the “Codes” sheet."),
            "amount": _("The amount in whole rupiah or yen, without a thousands separator."),
            "currency": _("IDR or JPY."),
            "payer": _("Who paid: ministry, cooperative, sending_organization, employer or participant."),
            "payer_organization": _("The paying organization's code (a cooperative, LPK/SO or employer)."),
            "payee_name": _("Who was paid, as on the receipt."),
            "payee_organization": _("Optional: the paid organization's code, when it is in Jembatan."),
            "description": _("Optional."),
            "rate_idr_per_jpy": _("Optional: the rupiah for one yen the payment was converted at."),
        }
    if kind == ImportKind.TRAINING_RESULTS:
        return {
            "nik": _("The participant's 16-digit NIK, in a column formatted as Text."),
            "class_code": _("The class code, as shown on the class page."),
            "completed_on": _("The day the class ended for this participant, e.g. 31/03/2026."),
            "final_score": _("The final score, 0 to 100 (a decimal comma or point)."),
            "certificate_number": _("The certificate number, if one was issued."),
            "credited_hours": _("Hours to credit; leave empty for the course's hours."),
        }
    return {
        "nik": _("16 digits from the identity card (KTP), in a column formatted as Text. Spaces are ignored."),
        "full_name": _("As on the identity card."),
        "name_katakana": _("Optional: suggested from the full name when empty."),
        "sex": _("L (laki-laki) or P (perempuan); must match the NIK."),
        "birth_date": _("e.g. 17/05/2002 or 17 Mei 2002; must match the NIK."),
        **dict.fromkeys(("birth_place", "address", "phone", "email"), _("Optional. Blank keeps what is stored.")),
        "vocational_programme": _("The trade's code or name, from the list on the “Codes” sheet."),
        "training_centre": _("The training centre's code, from the “Codes” sheet."),
        "sending_organization": _("The LPK/SO's code, from the “Codes” sheet."),
        "sending_programme": _("Optional: the sending programme's code, from the “Codes” sheet."),
        **_filled_in("training_centre", training_centres, fills_in=True),
        **_filled_in("sending_organization", lpks, fills_in=lpk_required),
    }


def _filled_in(key: str, choices: Sequence[Organization], *, fills_in: bool) -> dict[str, str]:
    """For the one organization an importer may name, the column may stay empty."""
    if not fills_in or len(choices) != 1:
        return {}
    return {
        key: _("Optional: when empty, %(code)s (%(name)s) is used.")
        % {"code": choices[0].code, "name": choices[0].name}
    }


def template_workbook(
    kind: ImportKind, *, training_centres: Sequence[Organization], lpks: Sequence[Organization], lpk_required: bool
) -> bytes:
    """The import template for one importer: which columns it must fill comes
    from ``participant_columns``, as the row checks take it."""
    columns = {
        ImportKind.TRAINING_RESULTS: RESULT_COLUMNS,
        ImportKind.LEDGER_ENTRIES: LEDGER_COLUMNS,
    }.get(kind) or participant_columns(
        training_centres=len(training_centres), lpks=len(lpks), lpk_required=lpk_required
    )
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet("Data")
    append_row(sheet, [column.heading for column in columns])
    _format_template(sheet, columns)
    # The example lives on the instructions sheet: left on the data sheet, it
    # would be imported as a person by whoever forgets to delete it.
    example = _example(kind, training_centres=training_centres, lpks=lpks)
    notes = _update_rules() if kind == ImportKind.PARTICIPANTS else ()
    descriptions = _descriptions(kind, training_centres=training_centres, lpks=lpks, lpk_required=lpk_required)
    _instructions(workbook.create_sheet(_("Instructions")), columns, descriptions, example, notes)
    if kind == ImportKind.PARTICIPANTS:
        _codes(workbook.create_sheet(_("Codes")), training_centres=training_centres, lpks=lpks)
    if kind == ImportKind.LEDGER_ENTRIES:
        _cost_codes(workbook.create_sheet(_("Codes")))
    return _saved(workbook)


def _example(
    kind: ImportKind, *, training_centres: Sequence[Organization], lpks: Sequence[Organization]
) -> tuple[object, ...]:
    if kind == ImportKind.TRAINING_RESULTS:
        return EXAMPLE_RESULT
    if kind == ImportKind.LEDGER_ENTRIES:
        return EXAMPLE_LEDGER
    trade = VocationalProgramme.objects.order_by("-version__effective_from", "code").first()
    return (
        *EXAMPLE_PARTICIPANT,
        trade.code if trade else "",
        training_centres[0].code if training_centres else "",
        lpks[0].code if lpks else "",
        "",
    )


def _format_template(sheet: Worksheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = BOLD
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.heading) + 4)
        if column.key == "nik":
            # Text, so Excel keeps all 16 digits instead of rounding to 15.
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.key == "sex":
            choice = DataValidation(type="list", formula1='"L,P"', allow_blank=True)
            sheet.add_data_validation(choice)
            choice.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        if column.key in {"birth_date", "completed_on"}:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"


def _instructions(
    sheet: Worksheet,
    columns: Sequence[Column],
    descriptions: dict[str, str],
    example: Sequence[object],
    notes: Sequence[str] = (),
) -> None:
    append_row(sheet, [_("How to fill in the “Data” sheet")])
    sheet["A1"].font = BOLD
    for line in (
        _("One row per person below the headings, like the example at the end of this sheet."),
        _("Type values only: no formulas and no merged cells."),
        _("Importing the same file again changes nothing: the NIK identifies each person."),
        *notes,
        "",
    ):
        append_row(sheet, [line])
    append_row(sheet, [_("Column"), _("Required"), _("What to write")])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for column in columns:
        append_row(sheet, [column.heading, _("yes") if column.required else "", descriptions.get(column.key, "")])
    append_row(sheet, [])
    append_row(sheet, [_("Example")])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    append_row(sheet, [column.heading for column in columns])
    append_row(sheet, list(example))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "DD/MM/YYYY"
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["C"].width = 90


def _update_rules() -> tuple[str, ...]:
    """How a row updates a person already registered (spreadsheets.participant_rows)."""
    from spreadsheets.participant_rows import CLEAR_MARKER  # noqa: PLC0415 - it imports this app's neighbours

    return (
        _("A blank cell leaves the stored value as it is. To clear a stored value, write %(marker)s in its cell.")
        % {"marker": CLEAR_MARKER},
        _(
            "A row that would change a registered person's name, sex, date or place of birth is shown as a "
            "conflict in the preview and is written only if you decide so."
        ),
    )


def _codes(sheet: Worksheet, *, training_centres: Sequence[Organization], lpks: Sequence[Organization]) -> None:
    from participants.forms import programmes_in_force  # noqa: PLC0415 - forms import this app's neighbours

    sections: list[tuple[str, list[tuple[str, str]]]] = [
        (_("Trades"), [(p.code, p.name_id) for p in programmes_in_force()]),
        (_("Training centres"), [(o.code, o.name) for o in training_centres]),
        (_("LPK/SO"), [(o.code, o.name) for o in lpks]),
        (_("Sending programmes"), [(p.code, p.name) for p in SendingProgramme.objects.filter(is_active=True)]),
    ]
    for title, rows in sections:
        append_row(sheet, [title])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        for row in rows:
            append_row(sheet, list(row))
        append_row(sheet, [])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 50


def _cost_codes(sheet: Worksheet) -> None:
    append_row(sheet, [_("Costs")])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    for cost in CostClass.objects.in_force(timezone.localdate()):
        append_row(sheet, [cost.code, cost.name])
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 50


def errors_workbook(job: ImportJob) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Errors"))
    append_row(sheet, [_("Row"), _("Column"), _("Cell"), _("Reason")])
    for issue in job.issues:
        reason = describe_row_issue(issue["code"], issue["params"])
        append_row(sheet, [issue["row"], issue["column"], issue["ref"], reason])
    return _saved(workbook)


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- participant exports --------------------------------------------------------

EXPORT_RELATED = ("training_centre", "sending_organization", "vocational_programme", "sending_programme")


def export_row(participant: Participant) -> list[str | datetime.date]:
    """One participant in the template's columns."""
    return [
        participant.nik,
        participant.full_name,
        participant.name_katakana,
        SEX_LETTERS.get(Sex(participant.sex), ""),
        participant.birth_date,
        participant.birth_place,
        participant.address,
        participant.phone,
        participant.email,
        participant.vocational_programme.code if participant.vocational_programme else "",
        participant.training_centre.code,
        participant.sending_organization.code if participant.sending_organization else "",
        participant.sending_programme.code if participant.sending_programme else "",
    ]


def _export_rows(participants: ParticipantQuerySet) -> Iterator[list[str | datetime.date]]:
    for participant in participants.select_related(*EXPORT_RELATED).iterator(chunk_size=2000):
        yield export_row(participant)


def export_xlsx(participants: ParticipantQuerySet) -> IO[bytes]:
    """An XLSX file of the participants, written row by row to a temporary file."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    append_row(sheet, [column.heading for column in PARTICIPANT_COLUMNS])
    for row in _export_rows(participants):
        cells: list[object] = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = text_cell(sheet, datetime.datetime.combine(value, datetime.time()))
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cells.append(value)
        append_row(sheet, cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(participants: ParticipantQuerySet) -> Iterable[str]:
    """CSV lines, streamed; UTF-8 with a byte-order mark so Excel reads the
    names right, dates as Indonesians write them, text that would read as a
    formula escaped."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([column.heading for column in PARTICIPANT_COLUMNS])
    for row in _export_rows(participants):
        yield writer.writerow(
            [value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else csv_text(value) for value in row]
        )
