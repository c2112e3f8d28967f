"""Importing participants through the pages: upload, preview with errors by
row, column and reason in the reader's language, confirm; every bad input is
refused with a clear error and leaves the participants as they were."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Sequence

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from audit.models import AuditAction, AuditEntry
from lib.tests.workbooks import SHEET, saved, with_rows
from participants.models import Participant, Status, StatusChange
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


def post(client: Client, content: bytes, name: str = "peserta.xlsx", kind: str = "participants") -> ImportJob | None:
    client.post("/spreadsheets/", {"kind": kind, "file": upload(content, name)})
    return ImportJob.objects.order_by("-pk").first()


def test_it_previews_then_imports_every_valid_row_with_history_and_audit(officer: Client, cast: Cast) -> None:
    before = Participant.objects.count()
    job = post(officer, xlsx([person(cast, 1), person(cast, 2)]))
    assert job is not None
    assert (job.state, job.new, job.invalid) == (ImportState.VALIDATED, 2, 0)
    assert Participant.objects.count() == before  # nothing written before confirming

    response = officer.post(f"/spreadsheets/{job.pk}/commit/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED
    imported = Participant.objects.get(full_name="Peserta 1")
    assert (imported.training_centre, imported.sending_organization) == (cast.blk, cast.lpk)
    assert imported.name_key == "peserta 1"
    assert imported.name_katakana  # suggested, as the form does
    assert StatusChange.objects.get(participant=imported).to_status == Status.REGISTERED
    entry = AuditEntry.objects.for_object(imported).get(action=AuditAction.CREATED)
    assert entry.actor == cast.lpk_officer
    assert entry.changes["nik"] == ["•••", "•••"]


def test_it_shows_each_error_with_row_column_and_reason_in_the_readers_language(officer: Client, cast: Cast) -> None:
    job = post(officer, xlsx([person(cast, 1), person(cast, 2, NIK="3216 0101")]))
    assert job is not None

    english = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    officer.cookies["django_language"] = "id"
    indonesian = officer.get(f"/spreadsheets/{job.pk}/").content.decode()

    # Stored without words; worded for each reader when shown.
    assert job.issues == [{"row": 3, "column": "NIK", "ref": "A3", "code": "nik_wrong_length", "params": {}}]
    assert "<td>A NIK has 16 digits.</td>" in english
    assert "<td>NIK terdiri dari 16 angka.</td>" in indonesian
    assert "Import 1 valid row" in english


def test_it_checks_each_row_as_the_registration_form_does(officer: Client, cast: Cast) -> None:
    rows = [
        person(cast, 1, **{"Jenis Kelamin": "P"}),  # the NIK says male
        person(cast, 2, **{"Tanggal Lahir": datetime.date(1999, 1, 1)}),  # the NIK says otherwise
        person(cast, 3, NIK="3216"),
        person(cast, 4, **{"Kode BLK": "blk-nowhere"}),
        person(cast, 5, **{"Kode LPK": cast.other_lpk.code}),  # not the officer's own LPK
        person(cast, 1),  # the same NIK again
    ]
    job = post(officer, xlsx(rows))
    assert job is not None
    assert [(i["row"], i["ref"], i["code"]) for i in job.issues] == [
        (2, "C2", "nik_sex"),
        (2, "A2", "nik_repeated"),
        (3, "D3", "nik_birth_date"),
        (4, "A4", "nik_wrong_length"),
        (5, "F5", "unknown_training_centre"),
        (6, "G6", "unknown_sending_organization"),
        (7, "A7", "nik_repeated"),
    ]


def test_it_names_an_unknown_trade(officer: Client, cast: Cast) -> None:
    rows = [[*person(cast, 1), "Tukang Sihir"], [*person(cast, 2), "las"]]
    job = post(officer, xlsx(rows, headings=[*HEADINGS, "Kejuruan"]))
    assert job is not None
    assert [(i["ref"], i["code"], i["params"]) for i in job.issues] == [
        ("H2", "unknown_trade", {"value": "Tukang Sihir"})
    ]
    officer.post(f"/spreadsheets/{job.pk}/commit/")
    assert Participant.objects.get(full_name="Peserta 2").vocational_programme == cast.programme


def test_it_accepts_niks_with_spaces_and_dates_written_as_text(officer: Client, cast: Cast) -> None:
    row = person(cast, 1)
    nik = str(row[0])
    row[0] = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
    row[3] = row[3].strftime("%d %B %Y").replace("January", "Januari")  # type: ignore[attr-defined]
    job = post(officer, xlsx([row]))
    assert job is not None
    assert job.issues == []
    officer.post(f"/spreadsheets/{job.pk}/commit/")
    assert Participant.objects.with_nik(nik).exists()


def test_it_tells_to_format_the_nik_column_as_text_when_niks_are_numbers(officer: Client, cast: Cast) -> None:
    row = person(cast, 1)
    row[0] = int(str(row[0]))
    job = post(officer, xlsx([row]))
    assert job is not None
    assert job.issues[0]["code"] == "nik_as_number"
    assert "Format the NIK column as Text" in officer.get(f"/spreadsheets/{job.pk}/").content.decode()


def test_importing_the_same_file_twice_creates_nothing_the_second_time(officer: Client, cast: Cast) -> None:
    content = xlsx([person(cast, 1), person(cast, 2)])
    first = post(officer, content)
    assert first is not None
    officer.post(f"/spreadsheets/{first.pk}/commit/")
    count = Participant.objects.count()

    second = post(officer, content)
    assert second is not None
    officer.post(f"/spreadsheets/{second.pk}/commit/")

    second.refresh_from_db()
    assert (second.state, second.new, second.updated, second.unchanged) == (ImportState.COMMITTED, 0, 0, 2)
    assert Participant.objects.count() == count


def test_it_updates_only_the_fields_that_differ_and_bumps_the_version(officer: Client, cast: Cast) -> None:
    headings = [*HEADINGS, "Telepon"]
    first = post(officer, xlsx([[*person(cast, 1), "0811"]], headings=headings))
    assert first is not None
    officer.post(f"/spreadsheets/{first.pk}/commit/")
    imported = Participant.objects.get(full_name="Peserta 1")

    second = post(officer, xlsx([[*person(cast, 1), "0812 3456"]], headings=headings))
    assert second is not None
    assert (second.new, second.updated, second.conflicts) == (0, 1, 0)
    officer.post(f"/spreadsheets/{second.pk}/commit/")

    imported.refresh_from_db()
    assert (imported.phone, imported.version) == ("0812 3456", 2)
    entry = AuditEntry.objects.for_object(imported).get(action=AuditAction.UPDATED)
    assert entry.changes == {"phone": ["0811", "0812 3456"]}


def test_a_nik_registered_elsewhere_is_an_error_that_does_not_say_where(officer: Client, cast: Cast) -> None:
    siti = cast.siti  # enrolled with the other LPK/SO
    row = person(cast, 1, NIK=siti.nik, **{"Jenis Kelamin": "P", "Tanggal Lahir": siti.birth_date})
    job = post(officer, xlsx([row]))
    assert job is not None
    assert job.issues[0]["code"] == "out_of_scope"
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert cast.other_lpk.name not in page
    assert cast.other_lpk.code not in page
    assert siti.full_name not in page
    assert "Your organization cannot register this NIK" in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "peserta.xlsx", "This file is not a spreadsheet"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "peserta.xlsx", "This file is not a spreadsheet"),
        (b"", "peserta.xlsx", "The submitted file is empty"),
    ],
)
def test_it_refuses_files_that_are_not_spreadsheets_at_upload(
    officer: Client, cast: Cast, content: bytes, name: str, message: str
) -> None:
    before = Participant.objects.count()
    response = officer.post("/spreadsheets/", {"kind": "participants", "file": upload(content, name)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()
    assert Participant.objects.count() == before


@pytest.mark.parametrize(
    ("build", "message"),
    [
        ("formula", "Cells B3 contain formulas"),
        ("merged", "Cells A2:A3 are merged"),
        ("headings_only", "The sheet has headings but no rows below them"),
        ("huge", "The sheet has 4 rows; at most 3 can be imported at once"),
    ],
)
def test_it_fails_a_job_whose_file_cannot_be_trusted_and_writes_nothing(
    officer: Client, cast: Cast, settings: object, build: str, message: str
) -> None:
    settings.IMPORT_MAX_ROWS = 3  # type: ignore[attr-defined]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADINGS)
    if build != "headings_only":
        for serial in range(1, 5 if build == "huge" else 3):
            sheet.append(person(cast, serial))
    if build == "formula":
        sheet["B3"] = '=UPPER("budi")'
    if build == "merged":
        sheet.merge_cells("A2:A3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = Participant.objects.count()

    job = post(officer, buffer.getvalue())

    assert job is not None
    assert job.state == ImportState.FAILED
    assert message in officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert Participant.objects.count() == before


def test_a_second_import_while_one_is_open_is_refused(officer: Client, cast: Cast) -> None:
    first = post(officer, xlsx([person(cast, 1)]))
    assert first is not None
    assert first.state == ImportState.VALIDATED

    response = officer.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([person(cast, 2)]))})

    assert response.status_code == 400
    assert "Another import for your organization is still open" in response.content.decode()
    assert ImportJob.objects.count() == 1
    officer.post(f"/spreadsheets/{first.pk}/cancel/")
    assert post(officer, xlsx([person(cast, 2)])) != first  # free again once cancelled


def test_the_database_refuses_two_open_imports_of_one_organization(cast: Cast) -> None:
    from django.db import IntegrityError, transaction  # noqa: PLC0415

    ImportJob.objects.create(kind="participants", organization=cast.lpk, uploaded_by=cast.lpk_officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ImportJob.objects.create(
            kind="participants", organization=cast.lpk, uploaded_by=cast.lpk_officer, state=ImportState.VALIDATING
        )
    ImportJob.objects.create(
        kind="participants", organization=cast.lpk, uploaded_by=cast.lpk_officer, state=ImportState.COMMITTED
    )


def test_a_commit_writes_nothing_when_a_previewed_row_is_no_longer_valid(officer: Client, cast: Cast) -> None:
    job = post(officer, xlsx([person(cast, 1), person(cast, 2)]))
    assert job is not None
    # Meanwhile another LPK/SO registers the second person.
    from participants import actions  # noqa: PLC0415
    from tests.cast import details  # noqa: PLC0415

    taken = person(cast, 2)
    actions.register_participant(
        details=details(
            cast, nik=taken[0], birth_date=taken[3], training_centre=cast.other_blk, sending_organization=cast.other_lpk
        ),
        by=cast.other_lpk_officer,
    )
    before = Participant.objects.count()

    officer.post(f"/spreadsheets/{job.pk}/commit/")

    job.refresh_from_db()
    assert job.state == ImportState.FAILED
    assert job.problem["code"] == "changed_since_preview"
    assert Participant.objects.count() == before
    assert not Participant.objects.filter(full_name="Peserta 1").exists()


def test_the_errors_download_lists_row_column_cell_and_reason(officer: Client, cast: Cast) -> None:
    job = post(officer, xlsx([person(cast, 1, **{"Jenis Kelamin": "X"})]))
    assert job is not None
    response = officer.get(f"/spreadsheets/{job.pk}/errors.xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Row", "Column", "Cell", "Reason")
    assert rows[1][:3] == (2, "Jenis Kelamin", "C2")
    assert "is not a sex" in str(rows[1][3])


def test_it_reads_csv_saved_by_excel_in_indonesia(officer: Client, cast: Cast) -> None:
    row = person(cast, 1)
    line = ";".join(str(value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else value) for value in row)
    content = (";".join(HEADINGS) + "\r\n" + line + "\r\n").encode("cp1252")
    job = post(officer, content, name="peserta.csv")
    assert job is not None
    assert (job.state, job.new) == (ImportState.VALIDATED, 1)


# --- files as people have them --------------------------------------------------


def _far(content: bytes, cell: bytes) -> bytes:
    row = int(re.sub(rb"[A-Z]", b"", cell))
    return with_rows(content, b'<row r="%d"><c r="%s"><v>1</v></c></row>' % (row, cell))


def _damaged(content: bytes) -> bytes:
    """Bytes overwritten in the middle of the sheet's compressed stream."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + info.compress_size // 2
    return content[:start] + b"\x00\xff" * 8 + content[start + 16 :]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda content: _far(content, b"XFD1048576"), "Cell XFD1048576 holds a value on row 1048576"),
        (lambda content: _far(content, b"XFD3"), "Cell XFD3 holds a value in column XFD"),
        (_damaged, "cannot be read. Open it in Excel and save it again"),
        (lambda content: content[:-200], "cannot be read. Open it in Excel and save it again"),
        (lambda content: content.replace(b"xl/workbook.xml", b"xl/workbook.xmx"), "This file is not a spreadsheet"),
    ],
)
def test_a_file_that_cannot_be_read_fails_its_job_with_the_reason(
    officer: Client, cast: Cast, damage: Callable[[bytes], bytes], message: str
) -> None:
    before = Participant.objects.count()
    job = post(officer, damage(xlsx([person(cast, 1), person(cast, 2)])))
    assert job is not None
    assert job.state == ImportState.FAILED
    assert job.problem["code"] != "internal"
    page = officer.get(f"/spreadsheets/{job.pk}/")
    assert page.status_code == 200
    assert message in page.content.decode()
    assert Participant.objects.count() == before
    assert post(officer, xlsx([person(cast, 3)])) is not None  # the organization may import again at once
    assert ImportJob.objects.order_by("-pk")[0].state == ImportState.VALIDATED


def test_it_reads_the_visible_sheet_and_says_which(officer: Client, cast: Cast) -> None:
    workbook = Workbook()
    old = workbook.active
    assert old is not None
    old.title = "Lama"
    old.append(HEADINGS)
    old.append(person(cast, 9))
    old.sheet_state = "hidden"
    current = workbook.create_sheet("Angkatan 2")
    current.append(HEADINGS)
    current.append(person(cast, 1))
    current.column_dimensions["E"].hidden = True  # Tempat Lahir
    workbook.active = 1
    job = post(officer, saved(workbook))
    assert job is not None
    assert (job.state, job.new, job.sheet_name) == (ImportState.VALIDATED, 1, "Angkatan 2")
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "Read from the sheet “Angkatan 2”" in page
    assert "These columns are hidden in the sheet and were read too: Tempat Lahir (E)." in page
    assert "Peserta 9" not in page


def test_rows_hidden_by_a_filter_are_reported_and_not_imported(officer: Client, cast: Cast) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADINGS)
    for serial in range(1, 5):
        sheet.append(person(cast, serial))
    sheet.auto_filter.ref = "A1:G5"
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[5].hidden = True
    job = post(officer, saved(workbook))
    assert job is not None
    assert (job.new, job.invalid) == (2, 2)
    assert [(issue["row"], issue["code"]) for issue in job.issues] == [(3, "hidden_row"), (5, "hidden_row")]
    assert "This row is hidden in the sheet" in officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    officer.post(f"/spreadsheets/{job.pk}/commit/")
    assert set(Participant.objects.filter(full_name__startswith="Peserta").values_list("full_name", flat=True)) == {
        "Peserta 1",
        "Peserta 3",
    }


def test_it_finds_the_headings_under_a_title_and_with_hints(officer: Client, cast: Cast) -> None:
    headings = [f"{HEADINGS[0]} (16 digit)", HEADINGS[1].upper(), "Jenis Kelamin (L/P)", "Tgl. Lahir", *HEADINGS[4:]]
    job = post(officer, xlsx([person(cast, 1)], headings=headings, title=["DATA PESERTA LPK SAKURA", "", "2026"]))
    assert job is not None
    assert (job.state, job.new) == (ImportState.VALIDATED, 1)


def test_it_reads_excels_unicode_text_and_a_separator_line(officer: Client, cast: Cast) -> None:
    def line(values: Sequence[object], separator: str) -> str:
        return separator.join(v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else str(v) for v in values)

    unicode_text = "\ufeff" + line(HEADINGS, "\t") + "\r\n" + line(person(cast, 1), "\t") + "\r\n"
    job = post(officer, unicode_text.encode("utf-16-le"), name="peserta.txt")
    assert job is not None
    assert (job.state, job.new) == (ImportState.VALIDATED, 1)
    officer.post(f"/spreadsheets/{job.pk}/cancel/")
    separated = "sep=;\r\n" + line(HEADINGS, ";") + "\r\n" + line(person(cast, 2), ";") + "\r\n"
    job = post(officer, separated.encode("cp1252"), name="peserta.csv")
    assert job is not None
    assert (job.state, job.new) == (ImportState.VALIDATED, 1)


def test_a_csv_in_an_unknown_encoding_is_refused_for_that_reason(officer: Client, cast: Cast) -> None:
    content = (",".join(HEADINGS) + "\n3216011705020001,シティ\n").encode("shift_jis")
    job = post(officer, content, name="peserta.csv")
    assert job is not None
    assert job.problem["code"] == "unknown_encoding"
    assert "only UTF-8, UTF-16 and Windows-1252 can" in officer.get(f"/spreadsheets/{job.pk}/").content.decode()


def test_it_reads_a_row_number_that_is_not_ascii_digits_as_the_first_page(officer: Client, cast: Cast) -> None:
    # "²" and "١" pass str.isdigit(); int() refuses the first: each is read as no row number, never a 500.
    job = post(officer, xlsx([person(cast, serial) for serial in range(3)]))
    assert job is not None
    for value in ("²", "١٢", "12a", "-1", "9" * 12):
        response = officer.get(f"/spreadsheets/{job.pk}/", {"after": value})
        assert response.status_code == 200, value
