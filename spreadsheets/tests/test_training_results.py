"""Importing training results: a BLK officer's class list with scores, checked
against the classes the officer may record for and the participants they see,
then recorded through training.actions (idempotent like participant imports)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

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
