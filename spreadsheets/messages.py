"""What each import problem says, in the reader's language.

Jobs store a code and its parameters, never a sentence, so an error found by a
worker in Indonesian reads in Japanese to a colleague who opens the preview in
Japanese. The NIK messages are the registration form's own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lib.spreadsheet import CellProblem, Problem
from participants.forms import AGE_MESSAGES, NIK_MESSAGES, NIK_MISMATCH_MESSAGES
from participants.models import Sex
from participants.nik_checks import EXHAUSTED, NOT_YOURS

FILE_MESSAGES: dict[str, Promise] = {
    Problem.EMPTY: _("The file is empty: there is nothing to import."),
    Problem.NOT_A_SPREADSHEET: _("This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."),
    Problem.OLD_OR_ENCRYPTED: _(
        "This is an old Excel file (.xls) or a file protected with a password. "
        "Open it in Excel and save it as “Excel Workbook (.xlsx)” without a password."
    ),
    Problem.UNSUPPORTED_FORMAT: _(
        "Only Excel workbooks (.xlsx) and CSV files can be imported. Save the file as .xlsx."
    ),
    Problem.UNREADABLE: _("The file looks like a spreadsheet but cannot be read. Open it in Excel and save it again."),
    Problem.UNKNOWN_ENCODING: _(
        "The letters in this CSV file are in an encoding that cannot be read: only UTF-8, UTF-16 and "
        "Windows-1252 can. In Excel, save it as “CSV UTF-8 (Comma delimited)” or as an Excel workbook (.xlsx)."
    ),
    Problem.NO_VISIBLE_SHEET: _(
        "The workbook has no visible sheet to read. Unhide the sheet with the data (right-click a sheet tab, "
        "then Unhide) and upload the file again."
    ),
    Problem.TOO_BIG: _("The file is larger than %(limit_mb)s MB. Split it into smaller files."),
    Problem.TOO_BIG_UNPACKED: _(
        "The workbook unpacks to more than %(limit_mb)s MB, far more than its rows need. "
        "Copy the data into a new workbook and upload that one."
    ),
    Problem.TOO_MANY_ROWS: _("The sheet has %(rows)s rows; at most %(limit)s can be imported at once. Split the file."),
    Problem.TOO_FAR_DOWN: _(
        "Cell %(cell)s holds a value on row %(row)s, beyond the %(limit)s rows that can be imported at once. "
        "Split the file, or delete what lies below your data (select those rows, then Delete)."
    ),
    Problem.TOO_FAR_RIGHT: _(
        "Cell %(cell)s holds a value in column %(column)s; only the first %(limit)s columns (A to %(last)s) "
        "can be read. Delete what lies to the right of your data (select those columns, then Delete)."
    ),
    Problem.LINE_TOO_LONG: _(
        "Line %(row)s of the file is longer than %(limit)s characters, or a quotation mark opened there is never "
        "closed. Check that line, save the file again and upload it."
    ),
    Problem.NO_DATA_ROWS: _("The sheet has headings but no rows below them."),
    Problem.FORMULAS: _(
        "Cells %(cells)s contain formulas. Copy the sheet and paste it as values only (Paste Special → Values)."
    ),
    Problem.MERGED_CELLS: _("Cells %(cells)s are merged. Unmerge them and fill in every row."),
    Problem.MISSING_COLUMNS: _(
        "These headings were not found in the first rows of the sheet: %(columns)s. Download the template to see them."
    ),
    Problem.REPEATED_COLUMN: _("The heading “%(column)s” appears twice. Keep one of them."),
    "busy": _("Another import for your organization is still open. Finish or cancel it first."),
    "changed_since_preview": _(
        "The data changed after the preview: %(count)s rows that were valid are not any more. "
        "Nothing was imported. Upload the file again to see the new preview."
    ),
    "out_of_scope": _("A NIK in the file cannot be imported by your organization. Nothing was imported."),
    "interrupted": _(
        "The import stopped before it was finished: the server was restarted or the work was cut off. "
        "Nothing was imported. Upload the file again."
    ),
    "nik_checks_exhausted": EXHAUSTED,
    "undo_over": _("This import can no longer be undone: its undo period has ended."),
    # Notices: about the whole file, shown with its preview.
    "niks_rounded": _(
        "%(count)s of the %(total)s NIKs in this file end in 0, far more than chance would give. "
        "Excel shows numbers with at most 15 significant digits and turns a 16-digit NIK's last digit into 0, "
        "so different people's NIKs become the same, or someone else's. If the NIK column was ever a number "
        "column, format it as Text and type the NIKs again from the identity cards."
    ),
    "internal": _(
        "Something went wrong on our side while handling the file. Nothing was imported. "
        "Try again, and tell your administrator if it happens again."
    ),
    "not_possible": _("The import could not be completed: %(reason)s Nothing was imported."),
}

ROW_MESSAGES: dict[str, Promise] = {
    CellProblem.REQUIRED: _("This column must be filled in."),
    CellProblem.BAD_DATE: _("“%(value)s” is not a date. Write it as 17/05/2002, 2002-05-17 or 17 Mei 2002."),
    CellProblem.TWO_DIGIT_YEAR: _("“%(value)s” has a two-digit year. Write the year in full (2002, not 02)."),
    CellProblem.NIK_AS_NUMBER: _(
        "This NIK is stored as a number, so Excel has kept only its first 15 digits. "
        "Format the NIK column as Text and type the NIKs again."
    ),
    CellProblem.NOT_A_NUMBER: _(
        "“%(value)s” is not a number. Write digits with at most one decimal comma or point, e.g. 85,5."
    ),
    CellProblem.NOT_A_WHOLE_NUMBER: _("“%(value)s” is not a whole number."),
    CellProblem.AMBIGUOUS_NUMBER: _(
        "“%(value)s” can be read two ways: as a thousand and more, or with three decimals. "
        "Write the number without a thousands separator."
    ),
    "hidden_row": _(
        "This row is hidden in the sheet (by a filter, or by hand), so it is not imported. "
        "To import it, show it and upload the file again."
    ),
    **{f"nik_{problem.value}": message for problem, message in NIK_MESSAGES.items()},
    "nik_no_serial": _(
        "The last four digits of a NIK are never 0000. If the NIKs were typed into Excel as numbers, "
        "Excel has rounded them: format the NIK column as Text and type them again from the identity cards."
    ),
    **NIK_MISMATCH_MESSAGES,
    **AGE_MESSAGES,
    "unknown_province": _("The first two digits (%(code)s) are not an Indonesian province code."),
    "too_long": _("At most %(limit)s characters (this has %(length)s)."),
    "bad_email": _("“%(value)s” is not an e-mail address."),
    "bad_sex": _("“%(value)s” is not a sex: write L (laki-laki) or P (perempuan)."),
    "unknown_trade": _("There is no trade “%(value)s” in the list in force. Use its code or its name."),
    "unknown_training_centre": _("“%(value)s” is not the code of a training centre you may register participants at."),
    "unknown_sending_organization": _("“%(value)s” is not the code of an LPK/SO you may enrol participants with."),
    "unknown_sending_programme": _("“%(value)s” is not the code of a sending programme open for participants."),
    "duplicate_in_file": _("This NIK is also in row %(first)s. Each participant may appear only once."),
    "nik_repeated": _(
        "The same NIK is also in rows: %(rows)s. A NIK belongs to one person, and the file does not say which "
        "row is right, so none of these rows is imported. Keep one row for each person."
    ),
    "nik_repeated_rounded": _(
        "The same NIK is also in rows: %(rows)s, and it ends in 0. Excel keeps at most 15 significant digits of "
        "a number, so different people's NIKs typed as numbers become the same. None of these rows is imported: "
        "format the NIK column as Text and type the NIKs again from the identity cards."
    ),
    "cannot_clear": _("This column cannot be cleared: it must be filled in."),
    "out_of_scope": NOT_YOURS,
    "unknown_participant": _("No participant with this NIK is registered with your organization."),
    "unknown_class": _("There is no class “%(value)s” that you may record results for."),
    "not_enrolled": _("This participant is not enrolled in class %(value)s."),
    "score_range": _("A score is between 0 and 100."),
    "hours_range": _("Hours are between 0 and %(limit)s."),
    "date_in_future": _("This date is in the future."),
    "duplicate_result": _("This participant's result for this class is also in row %(first)s."),
    "unknown_cost_class": _("There is no cost “%(value)s” in the cost catalogue. Use a code from the “Codes” sheet."),
    "unknown_currency": _("“%(value)s” is not a currency here: write IDR or JPY."),
    "amount_decimals": _("“%(value)s” is not a whole amount of %(currency)s: rupiah and yen have no decimals."),
    "unknown_payer": _(
        "“%(value)s” is not who paid: write ministry, cooperative, sending_organization, employer or participant."
    ),
    "unknown_organization": _("“%(value)s” is not the code of an organization in Jembatan."),
    "rate_not_positive": _("A rate is more than zero rupiah for one yen."),
    "entry_refused": _("The ledger refuses this row: %(reason)s"),
}


# Why an undo left a record as it was (spreadsheets.undo).
UNDO_KEPT_MESSAGES: dict[str, Promise] = {
    "changed_since": _("Changed after the import: someone else's change is kept."),
    "worked_on": _("Worked on after the import (edited, moved on, or records added): kept."),
    "not_yours": _("You may not change this record now: kept."),
}


# Row numbers name rows as the spreadsheet's own row headings do (1234), not counts.
_ROW_NUMBERS = frozenset({"row", "first"})


def _displayed(params: Mapping[str, str | int]) -> dict[str, object]:
    """The figures the reader's way: counts grouped (1.234 rows), dates in
    the reader's format; row numbers as the spreadsheet shows them."""
    shown: dict[str, object] = {name: _figure(name, value) for name, value in params.items()}
    if "sex" in params and params["sex"] in Sex.values:
        shown["sex"] = Sex(str(params["sex"])).label
    return shown


def _figure(name: str, value: str | int) -> object:
    if isinstance(value, int) and not isinstance(value, bool) and name not in _ROW_NUMBERS:
        return number_format(value)
    if name == "date" and isinstance(value, str):
        try:
            return date_format(datetime.date.fromisoformat(value))
        except ValueError:
            return value  # stored as text before dates were kept as ISO dates
    return value


def describe(code: str, params: Mapping[str, str | int], *, catalogue: Mapping[str, Promise]) -> str:
    message = catalogue.get(code)
    if message is None:
        return code
    return str(message) % _displayed(params) if params else str(message)


def describe_file_problem(code: str, params: Mapping[str, str | int]) -> str:
    return describe(code, params, catalogue=FILE_MESSAGES)


def describe_row_issue(code: str, params: Mapping[str, str | int]) -> str:
    return describe(code, params, catalogue=ROW_MESSAGES)


def describe_undo_kept(reason: str) -> str:
    return describe(reason, {}, catalogue=UNDO_KEPT_MESSAGES)
