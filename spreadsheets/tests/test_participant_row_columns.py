"""Participant rows checked as the registration form checks a person: an age
no candidate has, the columns an importer must fill (as the template says),
and hidden rows that are never imported."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.test import Client
from openpyxl import Workbook, load_workbook

from lib.tests.workbooks import saved
from participants.models import Participant
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast
from tests.nik import make_nik

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    return client


def post(client: Client, content: bytes) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(content)})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    return job


def born(cast: Cast, serial: int, birth: datetime.date) -> list[object]:
    return person(cast, serial, NIK=make_nik(birth, sex="M", serial=serial), **{"Tanggal Lahir": birth})


@pytest.mark.parametrize(
    ("birth", "issue"),
    [
        (datetime.date(2024, 3, 1), {"code": "too_young", "params": {"age": 2, "minimum": 17}}),
        (datetime.date(2011, 5, 1), {"code": "too_young", "params": {"age": 15, "minimum": 17}}),
        (datetime.date(2009, 6, 2), {"code": "too_young", "params": {"age": 16, "minimum": 17}}),  # 17 tomorrow
        (datetime.date(2009, 6, 1), None),  # 17 today
        (datetime.date(1980, 1, 1), None),
    ],
)
def test_an_age_no_candidate_has_is_a_row_error(
    officer: Client, cast: Cast, birth: datetime.date, issue: dict[str, object] | None
) -> None:
    with time_machine.travel(TODAY):
        job = post(officer, xlsx([born(cast, 1, birth)]))
    assert [{"code": i["code"], "params": i["params"]} for i in job.issues] == ([issue] if issue else [])
    if issue:
        officer.cookies["django_language"] = "en"
        page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
        assert "participants are registered from the age of 17" in page


def test_a_birth_date_in_the_future_is_a_row_error_even_without_a_nik(officer: Client, cast: Cast) -> None:
    with time_machine.travel(TODAY):
        job = post(officer, xlsx([person(cast, 1, NIK="", **{"Tanggal Lahir": datetime.date(2027, 1, 1)})]))
    assert [(i["ref"], i["code"]) for i in job.issues] == [("A2", "required"), ("D2", "date_in_future")]


def test_a_hidden_row_is_never_imported_nor_counted_as_seen(officer: Client, cast: Cast) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADINGS)
    sheet.append(person(cast, 1, **{"Nama Lengkap": "Versi lama"}))
    sheet.append(person(cast, 1))  # the same NIK, visible: no "also in row 2"
    sheet.row_dimensions[2].hidden = True
    job = post(officer, saved(workbook))
    assert [(i["row"], i["code"]) for i in job.issues] == [(2, "hidden_row")]
    assert (job.new, job.invalid) == (1, 1)
    officer.post(f"/spreadsheets/{job.pk}/commit/")
    assert Participant.objects.filter(full_name="Versi lama").count() == 0


def _instructions(client: Client) -> dict[str, str]:
    """Column heading -> what the template's instructions say in "Required"."""
    client.cookies["django_language"] = "en"
    workbook = load_workbook(io.BytesIO(client.get("/spreadsheets/template/participants.xlsx").content))
    sheet = workbook["Instructions"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[:2] == ("Column", "Required")) + 1
    end = next(i for i in range(start, len(rows)) if not rows[i][0])  # a blank row ends the list
    return {str(row[0]): str(row[1] or "") for row in rows[start:end]}


@pytest.mark.parametrize(
    ("who", "centre_required", "lpk_required"),
    [
        ("lpk_officer", "yes", ""),  # any BLK, their own LPK/SO filled in
        ("blk_officer", "", ""),  # their own BLK filled in, the LPK/SO optional
        ("ministry_officer", "yes", ""),
    ],
)
def test_the_template_calls_required_exactly_what_the_row_checks_require(
    client: Client, cast: Cast, who: str, centre_required: str, lpk_required: str
) -> None:
    client.force_login(getattr(cast, who))
    instructions = _instructions(client)
    assert (instructions["Kode BLK"], instructions["Kode LPK"]) == (centre_required, lpk_required)
    optional = [heading for heading, required in instructions.items() if not required]
    # Every column the instructions leave optional may be left empty: the row is still valid.
    row = person(cast, 1, **{heading: "" for heading in optional if heading in HEADINGS})
    job = post(client, xlsx([row]))
    assert (job.state, job.invalid, job.issues) == (ImportState.VALIDATED, 0, [])
    required = [heading for heading, required in instructions.items() if required]
    for heading in required:
        client.post(f"/spreadsheets/{job.pk}/cancel/")
        job = post(client, xlsx([person(cast, 1, **{heading: ""})]))
        assert [i["code"] for i in job.issues] == ["required"], heading


def test_a_required_column_missing_from_the_file_is_one_file_error(officer: Client, cast: Cast) -> None:
    headings = [heading for heading in HEADINGS if heading != "Kode BLK"]
    job = post(
        officer, xlsx([[v for h, v in zip(HEADINGS, person(cast, 1), strict=True) if h != "Kode BLK"]], headings)
    )
    assert (job.state, job.problem) == (
        ImportState.FAILED,
        {"code": "missing_columns", "params": {"columns": "Kode BLK"}},
    )
