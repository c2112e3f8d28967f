"""Importing training results: a BLK officer's class list with scores, checked
against the classes the officer may record for and the participants they see,
then recorded through training.actions (idempotent like participant imports)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from lib.tests.workbooks import saved
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import upload, xlsx
from tests.cast import Cast
from training import actions as training
from training.models import CourseKind, Enrolment, EnrolmentStatus

HEADINGS = ["NIK", "Kode Kelas", "Tanggal Selesai", "Nilai Akhir", "Nomor Sertifikat", "Jam"]


@pytest.fixture
def welding(cast: Cast) -> str:
    course = training.create_course(
        provider=cast.blk,
        details=training.CourseDetails(
            kind=CourseKind.SKILL,
            code="las-dasar",
            name="Las Dasar",
            vocational_programme=cast.programme,
            hours=320,
            certificate="",
            min_attendance_percent=80,
            pass_score=Decimal(70),
            is_active=True,
        ),
        by=cast.blk_officer,
    )
    training.create_class(
        course_id=course.pk,
        details=training.ClassDetails(
            code="las-2026-01",
            starts_on=datetime.date(2026, 1, 5),
            ends_on=datetime.date(2026, 3, 27),
            instructor=None,
            capacity=30,
        ),
        by=cast.blk_officer,
    )
    return "las-2026-01"


def test_it_records_results_and_reports_bad_rows_by_cell(client: Client, cast: Cast, welding: str) -> None:
    client.force_login(cast.blk_officer)
    rows: list[list[object]] = [
        [cast.budi.nik, welding, "27/03/2026", "85,5", "BNSP-001", ""],
        [cast.budi.nik[:-1] + "9", welding, "27/03/2026", 90, "", ""],  # nobody the BLK trained
        [cast.budi.nik, "kelas-lain", "27/03/2026", 90, "", ""],
        [cast.budi.nik, welding, "27/03/2026", 120, "", ""],  # and a second result for the same class
    ]
    client.post("/spreadsheets/", {"kind": "training_results", "file": upload(xlsx(rows, HEADINGS))})
    job = ImportJob.objects.get()
    assert [(i["ref"], i["code"]) for i in job.issues] == [
        ("A3", "unknown_participant"),
        ("B4", "unknown_class"),
        ("D5", "score_range"),
        ("A5", "duplicate_result"),
    ]
    assert (job.state, job.new) == (ImportState.VALIDATED, 1)
    assert not Enrolment.objects.exists()  # the preview was a dry run

    client.post(f"/spreadsheets/{job.pk}/commit/")

    enrolment = Enrolment.objects.get(participant=cast.budi)
    assert (enrolment.status, enrolment.final_score, enrolment.credited_hours) == (
        EnrolmentStatus.COMPLETED,
        Decimal("85.50"),
        320,
    )

    client.post("/spreadsheets/", {"kind": "training_results", "file": upload(xlsx(rows[:1], HEADINGS))})
    again = ImportJob.objects.order_by("-pk").first()
    assert again is not None
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)


def _results(client: Client, rows: list[list[object]], headings: list[str] = HEADINGS) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "training_results", "file": upload(xlsx(rows, headings))})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    return job


@pytest.mark.parametrize(
    ("score", "problem"),
    [
        ("1e30", "not_a_number"),
        (1e30, "score_range"),
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
        ("-inf", "not_a_number"),
        ("sembilan puluh", "not_a_number"),
        ("85,5,0", "not_a_number"),
        (-1, "score_range"),
        ("", "required"),
    ],
)
def test_a_score_that_is_no_score_is_a_row_error(
    client: Client, cast: Cast, welding: str, score: object, problem: str
) -> None:
    client.force_login(cast.blk_officer)
    job = _results(client, [[cast.budi.nik, welding, "27/03/2026", score, "", ""]])
    assert job.state == ImportState.VALIDATED
    assert [(issue["ref"], issue["code"]) for issue in job.issues] == [("D2", problem)]


@pytest.mark.parametrize(
    ("hours", "problem"),
    [("1,5", "not_a_whole_number"), ("1.000", "ambiguous_number"), (1e30, "hours_range"), ("-0", None)],
)
def test_hours_that_are_no_whole_number_are_a_row_error(
    client: Client, cast: Cast, welding: str, hours: object, problem: str | None
) -> None:
    client.force_login(cast.blk_officer)
    job = _results(client, [[cast.budi.nik, welding, "27/03/2026", 90, "", hours]])
    assert [issue["code"] for issue in job.issues] == ([problem] if problem else [])


def test_it_reads_scores_dates_and_class_codes_as_the_sheet_shows_them(
    client: Client, cast: Cast, welding: str
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADINGS)
    # 85.5 % typed into a percentage cell, the date as Excel's day number in a
    # General cell, the class code in capitals with a trailing space.
    sheet.append([cast.budi.nik, " LAS-2026-01 ", 46108, 0.855, "BNSP-001", "-0"])
    sheet["D2"].number_format = "0.0%"
    client.force_login(cast.blk_officer)
    client.post("/spreadsheets/", {"kind": "training_results", "file": upload(saved(workbook))})
    job = ImportJob.objects.get()
    assert (job.state, job.new, job.issues) == (ImportState.VALIDATED, 1, [])
    assert job.sample[0]["final_score"] == "85.50"
    assert job.sample[0]["completed_on"] == "2026-03-27"
    # The preview writes them the reader's way (Indonesian by default).
    preview = client.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert '<td>27 Mar 2026</td><td class="number">85,50</td>' in preview
    client.post(f"/spreadsheets/{job.pk}/commit/")
    enrolment = Enrolment.objects.get(participant=cast.budi)
    assert (enrolment.final_score, enrolment.status, enrolment.credited_hours) == (
        Decimal("85.50"),
        EnrolmentStatus.COMPLETED,
        0,
    )
    assert welding == "las-2026-01"


def test_the_template_holds_no_formula(client: Client, cast: Cast, welding: str) -> None:
    client.force_login(cast.blk_officer)
    response = client.get("/spreadsheets/template/training_results.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None
    ]
    assert {"Kode Kelas", "Nilai Akhir"} <= {cell.value for cell in cells}
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
    assert welding
