"""Generated spreadsheets for every import kind, through the upload page:
never a 5xx, always a clear error, and a refused or failed import writes no record.

Each kind (spreadsheets.models.ImportKind) gets files made by hypothesis: its
own headings (the ones the import knows, in any order, some missing) or
random ones, rows of random cells (text, numbers, dates, booleans, formulas,
huge strings, right-to-left text and emoji), merged cells, several or empty
sheets, very wide rows, as an XLSX or a CSV in odd encodings, and files that
are no spreadsheet at all. The LPK/SO officer uploads each one; a file the
page takes is checked at once (small files), and confirmed when it has valid
rows. Every upload runs in a savepoint rolled back after it.

What must hold: no answer of 5xx; a refused upload answers 400 with the
reason; a job that failed names its problem, and one with no valid row lists
its issues; the job page shows; and unless the import was confirmed and
written, no table outside the import's own bookkeeping has a row more or less.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pytest_django.fixtures import Settings

from spreadsheets import actions
from spreadsheets.columns import LEDGER_COLUMNS, PARTICIPANT_COLUMNS, RESULT_COLUMNS
from spreadsheets.models import ImportJob, ImportKind, ImportState
from tests.cast import Cast
from tests.fuzzing import Tally, fuzz_world, out_of_time, scaled
from tests.test_fuzz_forms import ERROR_MARKS, _counted_tables, row_counts, undone

HEADINGS = {
    ImportKind.PARTICIPANTS: [name for column in PARTICIPANT_COLUMNS for name in column.headings[:2]],
    ImportKind.TRAINING_RESULTS: [name for column in RESULT_COLUMNS for name in column.headings[:2]],
    ImportKind.LEDGER_ENTRIES: [name for column in LEDGER_COLUMNS for name in column.headings[:2]],
}
# The import's own bookkeeping (the job, its rows and its changes), written whatever the outcome.
BOOKKEEPING = ("spreadsheets_",)
NOT_COUNTED = {
    "audit_auditentry": (
        "action <> 'viewed_sensitive' AND target_type NOT LIKE 'spreadsheets.%'",
        "the audit trail of the import job itself (uploaded, checked, failed, cancelled)",
    ),
}


def _text(value: str) -> str:
    """Cell text openpyxl can write (it refuses control characters)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


cell = st.one_of(
    st.none(),
    st.text(max_size=30).map(_text),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),  # noqa: DTZ001 -- a spreadsheet's dates are naive
    st.sampled_from(
        ["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "'0812", "3201015705020001", "L", "P", "IDR", "JPY"]
    ),
    st.sampled_from(["\u202eكلمة", "👩‍👩‍👧‍👦", "ﾌﾞﾃﾞｨ", "x" * 40_000, "2026-02-30", "31/12/2026", "-0"]),
)


@st.composite
def workbook_file(draw: st.DrawFn, kind: ImportKind) -> SimpleUploadedFile:
    known = HEADINGS[kind]
    headings = draw(
        st.one_of(
            st.permutations(known).flatmap(lambda names: st.lists(st.sampled_from(names), max_size=len(names))),
            st.lists(st.text(max_size=12).map(_text), max_size=8),
            st.just(known),
        )
    )
    width = max(len(headings), 1)
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width + 2), max_size=8))
    shape = draw(st.sampled_from(["xlsx", "xlsx", "xlsx", "csv", "junk"]))
    if shape == "junk":
        content = draw(
            st.one_of(
                st.binary(max_size=600),
                st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04not a workbook", b"\xef\xbb\xbf", b"", b"\x00" * 64]),
            )
        )
        return SimpleUploadedFile(draw(st.sampled_from(["data.xlsx", "data.csv", "data.pdf"])), content)
    if shape == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"])))
        writer.writerow(headings)
        writer.writerows([["" if value is None else str(value) for value in row] for row in rows])
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
        return SimpleUploadedFile("data.csv", buffer.getvalue().encode(encoding, errors="replace"), "text/csv")
    return SimpleUploadedFile("data.xlsx", _xlsx(draw, headings, rows))


def _xlsx(draw: st.DrawFn, headings: list[str], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if draw(st.booleans()):
        sheet.append(["Daftar peserta"])  # a title row above the headings
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    if draw(st.booleans()) and rows:
        sheet.merge_cells(start_row=2, start_column=1, end_row=min(3, len(rows) + 1), end_column=2)
    if draw(st.booleans()):
        sheet.cell(row=2, column=draw(st.integers(1, 16_000)), value="far")  # a very wide row
    if draw(st.booleans()):
        book.create_sheet("Kosong", 0)  # an empty first sheet
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ImportFuzz:
    def __init__(self, cast: Cast) -> None:
        world = fuzz_world(cast)
        # One open import per organization: the world's preview would refuse every upload.
        actions.cancel_import(job_id=world.import_job.pk, by=cast.lpk_officer)
        self.client = Client()
        self.client.force_login(cast.lpk_officer)
        self.tables = [table for table in _counted_tables() if not table.startswith(BOOKKEEPING)]
        self.tally = Tally("imports")

    def upload(self, kind: ImportKind, upload: SimpleUploadedFile) -> None:
        before = row_counts(self.tables, NOT_COUNTED)
        written = self._import(kind, upload)
        after = row_counts(self.tables, NOT_COUNTED)
        if not written and after != before:
            changed = [table for table, was, now in zip(self.tables, before, after, strict=True) if was != now]
            self.tally.fail("half_written", f"{kind} {upload.name}: a refused or failed import wrote to {changed}")

    def _import(self, kind: ImportKind, upload: SimpleUploadedFile) -> bool:
        """Upload, and confirm when there is something valid; whether rows were written."""
        label = f"{kind} {upload.name} ({upload.size} bytes)"
        self.tally.add("imports")
        try:
            response = self.client.post("/spreadsheets/", {"kind": kind.value, "file": upload})
        except Exception as error:  # the test client re-raises what the view raised: a 500
            self.tally.fail("import_5xx", f"{label}: {type(error).__name__}: {str(error)[:300]}")
            return False
        if response.status_code != 302:
            page = response.content.decode(errors="replace")
            if response.status_code != 400 or not any(mark in page for mark in ERROR_MARKS):
                self.tally.fail("unclear_errors", f"{label}: upload answered {response.status_code}")
            return False
        job = ImportJob.objects.latest("pk")
        detail = self.client.get(f"/spreadsheets/{job.pk}/")
        if detail.status_code != 200:
            self.tally.fail("import_5xx", f"{label}: job page answered {detail.status_code}")
        if job.state == ImportState.FAILED and not job.problem:
            self.tally.fail("unclear_errors", f"{label}: failed with no problem named")
        if job.state == ImportState.VALIDATED and job.valid == 0 and not job.issues:
            self.tally.fail("unclear_errors", f"{label}: no valid row and no issue listed")
        if job.state != ImportState.VALIDATED or job.valid == 0:
            return False
        self.tally.add("imports_confirmed")
        self.client.post(f"/spreadsheets/{job.pk}/commit/")
        job.refresh_from_db()
        return job.state == ImportState.COMMITTED


@pytest.fixture
def import_fuzz(cast: Cast, settings: Settings, tmp_path: Path) -> ImportFuzz:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"
    return ImportFuzz(cast)


def _upload_many(import_fuzz: ImportFuzz, kind: ImportKind) -> None:
    @settings(max_examples=scaled(12), deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(upload=workbook_file(kind))
    def upload(upload: SimpleUploadedFile) -> None:
        with undone():
            import_fuzz.upload(kind, upload)

    upload()


def test_it_refuses_every_generated_spreadsheet_cleanly_for_every_kind(import_fuzz: ImportFuzz) -> None:
    for kind in ImportKind:
        if out_of_time():
            break
        _upload_many(import_fuzz, kind)
    import_fuzz.tally.report()
    assert not import_fuzz.tally.bad, "\n".join(import_fuzz.tally.bad)
    assert import_fuzz.tally.counts["imports"] >= len(ImportKind) * scaled(12) // 2
