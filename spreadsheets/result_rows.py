"""Checking training-result rows: a participant the importer sees, by NIK; a
class the importer may record results for, by code; a completion date that is
not in the future; a final score from 0 to 100; optional certificate number
and credited hours. Whether each row creates, changes or repeats a result is
what ``training.actions.record_training_results`` reports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal

from django.db.models.functions import Lower

from accounts import access
from accounts.models import User
from lib import nik as nik_lib
from lib import spreadsheet
from lib.batches import batched
from lib.spreadsheet import CellError, Row, Table
from spreadsheets.checks import Checked, RowProblems, checked, hidden_row
from spreadsheets.columns import RESULT_COLUMNS
from training.actions import MAX_SCORE, TrainingResult
from training.models import Enrolment

CHUNK = 1000
MAX_HOURS = 32_767  # the credited-hours column holds a small integer
_CERTIFICATE_LENGTH: int = Enrolment._meta.get_field("certificate_number").max_length or 60


class ResultRows:
    def __init__(self, *, table: Table, by: User, today: datetime.date) -> None:
        self.table = table
        self.by = by
        self.today = today
        self.seen: dict[tuple[int, int], int] = {}

    def check(self) -> Iterator[Checked[TrainingResult]]:
        for chunk in batched(self.table.rows(), CHUNK):
            yield from self._chunk(chunk)

    def _chunk(self, rows: Sequence[Row]) -> list[Checked[TrainingResult]]:
        niks = {nik_lib.compact(spreadsheet.text(row.cells["nik"])) for row in rows}
        # Class codes as people type them: any case (SQL's LOWER and str.lower agree on the ASCII of a slug).
        codes = {spreadsheet.text(row.cells["class_code"]).lower() for row in rows}
        participants = dict(access.participants_visible_to(self.by).with_niks(niks).values_list("nik", "pk").iterator())
        found = list(
            access.classes_writable_by(self.by)
            .annotate(code_key=Lower("code"))
            .filter(code_key__in=codes)
            .values_list("code", "pk")
        )
        # Each code in any case, and as written: of "LAS-1" and "las-1", each matches itself.
        classes = {code.lower(): pk for code, pk in found} | dict(found)
        return [self._row(row, participants, classes) for row in rows]

    def _row(self, row: Row, participants: dict[str, int], classes: dict[str, int]) -> Checked[TrainingResult]:
        if row.hidden:
            return hidden_row(row)
        problems = RowProblems(self.table, RESULT_COLUMNS, row)
        participant = self._participant(row, problems, participants)
        code = spreadsheet.text(row.cells["class_code"])
        training_class = classes.get(code, classes.get(code.lower()))
        if not code:
            problems.required("class_code")
        elif training_class is None:
            problems.add("class_code", "unknown_class", value=code)
        completed_on = self._completed_on(row, problems)
        score = self._score(row, problems)
        hours = self._hours(row, problems)
        certificate = spreadsheet.text(row.cells.get("certificate_number", ""))
        if len(certificate) > _CERTIFICATE_LENGTH:
            problems.add("certificate_number", "too_long", limit=_CERTIFICATE_LENGTH, length=len(certificate))
        if participant is not None and training_class is not None:
            first = self.seen.setdefault((participant, training_class), row.number)
            if first != row.number:
                problems.add("nik", "duplicate_result", first=first)
        if problems.issues or participant is None or training_class is None or completed_on is None or score is None:
            return checked(row, problems, None)
        return checked(
            row,
            problems,
            TrainingResult(
                participant_id=participant,
                training_class_id=training_class,
                completed_on=completed_on,
                final_score=score,
                certificate_number=certificate,
                credited_hours=hours,
            ),
        )

    def _participant(self, row: Row, problems: RowProblems, participants: dict[str, int]) -> int | None:
        try:
            written = spreadsheet.nik_text(row.cells["nik"])
        except CellError as error:
            problems.add("nik", error.problem, **error.params)
            return None
        if not written:
            problems.required("nik")
            return None
        found = participants.get(nik_lib.compact(written))
        if found is None:
            problems.add("nik", "unknown_participant")
        return found

    def _completed_on(self, row: Row, problems: RowProblems) -> datetime.date | None:
        try:
            completed_on = spreadsheet.parse_date(row.cells["completed_on"], date1904=self.table.date1904)
        except CellError as error:
            problems.add("completed_on", error.problem, **error.params)
            return None
        if completed_on > self.today:
            problems.add("completed_on", "date_in_future")
        return completed_on

    def _score(self, row: Row, problems: RowProblems) -> Decimal | None:
        written = row.cells["final_score"]
        if not spreadsheet.text(written):
            problems.required("final_score")
            return None
        try:
            score = spreadsheet.parse_decimal(written)
        except CellError as error:
            problems.add("final_score", error.problem, **error.params)
            return None
        if not 0 <= score <= MAX_SCORE:
            # Checked before rounding: 1e30 has more digits than a quantized decimal may hold.
            problems.add("final_score", "score_range")
            return None
        return score.quantize(Decimal("0.01"))

    def _hours(self, row: Row, problems: RowProblems) -> int | None:
        written = row.cells.get("credited_hours", "")
        if not spreadsheet.text(written):
            return None
        try:
            hours = spreadsheet.parse_int(written)
        except CellError as error:
            problems.add("credited_hours", error.problem, **error.params)
            return None
        if not 0 <= hours <= MAX_HOURS:
            problems.add("credited_hours", "hours_range", limit=MAX_HOURS)
        return hours
