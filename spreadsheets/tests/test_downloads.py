"""Templates and exports: Indonesian headings, the NIK kept as text, and an
export of the filtered list that imports back unchanged."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import load_workbook

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import upload
from tests.cast import Cast


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
