"""What a participant row means: a blank cell says nothing (an update keeps
the stored value), ``(hapus)`` clears it; a NIK whose serial is 0000 was never
issued; a NIK in several rows refuses them all, the first included; and NIKs
that look rounded by Excel are explained as such."""

from __future__ import annotations

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from participants import actions
from participants.models import Participant
from spreadsheets.models import ImportChange, ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast, details
from tests.nik import make_nik

MORE = ["Nama Katakana", "Alamat", "Telepon", "Email", "Kejuruan"]


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def budi(cast: Cast) -> Participant:
    """Budi with every optional field filled in."""
    return actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(
            cast, nik=cast.budi.nik, email="budi@example.org", vocational_programme=cast.programme, phone="0811"
        ),
        expected_version=cast.budi.version,
        by=cast.lpk_officer,
    )


def budi_row(cast: Cast, **cells: str) -> list[object]:
    """Budi's row in HEADINGS + MORE, every optional cell blank unless given."""
    row = person(
        cast,
        1,
        NIK=cast.budi.nik,
        **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date, "Tempat Lahir": ""},
    )
    values = dict(zip([*HEADINGS, *MORE], [*row, *[""] * len(MORE)], strict=True))
    values.update(cells)
    return list(values.values())


def preview(client: Client, rows: list[list[object]]) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows, headings=[*HEADINGS, *MORE]))})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    return job


def confirm(client: Client, job: ImportJob) -> ImportJob:
    client.post(f"/spreadsheets/{job.pk}/commit/")
    job.refresh_from_db()
    return job


DETAILS = ("name_katakana", "birth_place", "address", "phone", "email", "vocational_programme", "sending_organization")


def stored(participant: Participant) -> tuple[object, ...]:
    participant.refresh_from_db()
    return tuple(getattr(participant, name) for name in DETAILS)


def test_blank_cells_in_an_update_leave_every_stored_value_alone(
    officer: Client, cast: Cast, budi: Participant
) -> None:
    before = stored(budi)

    job = confirm(officer, preview(officer, [budi_row(cast, **{"Kode LPK": ""})]))

    assert (job.state, job.unchanged, job.updated) == (ImportState.COMMITTED, 1, 0)
    assert stored(budi) == before
    assert budi.version == 2  # the fixture's edit only


CLEARED = {  # column: the field and its empty value
    "Alamat": ("address", ""),
    "Telepon": ("phone", ""),
    "Email": ("email", ""),
    "Nama Katakana": ("name_katakana", ""),
    "Kejuruan": ("vocational_programme", None),
}


@pytest.mark.parametrize(
    ("column", "marker"),
    [
        ("Alamat", "(hapus)"),
        ("Telepon", " (HAPUS) "),
        ("Email", "(Hapus)"),
        ("Nama Katakana", "(hapus)"),
        ("Kejuruan", "(HAPUS)"),
    ],
)
def test_the_clear_marker_clears_a_stored_value(
    officer: Client, cast: Cast, budi: Participant, column: str, marker: str
) -> None:
    field, cleared = CLEARED[column]
    job = preview(officer, [budi_row(cast, **{column: marker})])
    assert (job.updated, job.conflicts) == (1, 0)
    change = ImportChange.objects.get(job=job)
    assert list(change.fields) == [field]
    assert change.fields[field][1] in ("", None)

    confirm(officer, job)

    budi.refresh_from_db()
    assert getattr(budi, field) == cleared


def test_the_preview_shows_a_cleared_address_as_emptied_without_showing_it(
    officer: Client, cast: Cast, budi: Participant
) -> None:
    job = preview(officer, [budi_row(cast, Alamat="(hapus)")])
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "address: ••• → —" in page
    assert budi.address not in page


def test_the_clear_marker_in_a_new_row_leaves_the_field_empty(officer: Client, cast: Cast) -> None:
    row = [*person(cast, 7), "", "(hapus)", "(hapus)", "(hapus)", "(hapus)"]
    job = confirm(officer, preview(officer, [row]))
    assert (job.state, job.new) == (ImportState.COMMITTED, 1)
    new = Participant.objects.get(full_name="Peserta 7")
    assert (new.address, new.phone, new.email, new.vocational_programme) == ("", "", "", None)
    assert new.name_katakana  # suggested: that cell was blank


@pytest.mark.parametrize("column", ["Nama Lengkap", "Kode BLK", "Kode LPK"])
def test_a_column_that_must_be_filled_in_cannot_be_cleared(officer: Client, cast: Cast, column: str) -> None:
    job = preview(officer, [budi_row(cast, **{column: "(hapus)"})])
    assert [issue["code"] for issue in job.issues] == ["cannot_clear"]
    assert "This column cannot be cleared" in officer.get(f"/spreadsheets/{job.pk}/").content.decode()


def test_a_blank_katakana_keeps_a_corrected_one(officer: Client, cast: Cast, budi: Participant) -> None:
    job = confirm(officer, preview(officer, [budi_row(cast, **{"Nama Lengkap": "BUDI  SANTOSO"})]))
    assert job.updated == 1  # the spelling of the name
    budi.refresh_from_db()
    assert (budi.full_name, budi.name_katakana) == ("BUDI  SANTOSO", cast.budi.name_katakana)


@pytest.mark.parametrize("nik", ["3216011705020000", "3216015705020000"])
def test_a_nik_whose_serial_is_0000_is_refused_with_excels_rounding_as_the_likely_cause(
    officer: Client, cast: Cast, nik: str
) -> None:
    sex = "L" if nik[6] == "1" else "P"
    row = person(cast, 1, NIK=nik, **{"Jenis Kelamin": sex, "Tanggal Lahir": datetime.date(2002, 5, 17)})
    job = preview(officer, [[*row, "", "", "", "", ""]])
    assert [issue["code"] for issue in job.issues] == ["nik_no_serial"]
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "The last four digits of a NIK are never 0000" in page
    assert "format the NIK column as Text" in page


def test_every_row_with_a_repeated_nik_is_refused_the_first_included(officer: Client, cast: Cast) -> None:
    one = person(cast, 1)
    other = person(cast, 1, **{"Nama Lengkap": "Someone Else"})
    job = confirm(officer, preview(officer, [[*row, "", "", "", "", ""] for row in (one, person(cast, 2), other, one)]))

    assert (job.new, job.invalid) == (1, 3)
    assert [(issue["row"], issue["code"], issue["params"]) for issue in job.issues] == [
        (2, "nik_repeated", {"rows": "4, 5"}),
        (4, "nik_repeated", {"rows": "2"}),
        (5, "nik_repeated", {"rows": "2"}),
    ]
    assert not Participant.objects.with_nik(str(one[0])).exists()
    assert Participant.objects.filter(full_name="Peserta 2").exists()
    assert job.notices == []  # its NIK does not end in 0


def test_a_repeated_nik_that_ends_in_0_is_explained_as_excels_rounding(officer: Client, cast: Cast) -> None:
    # Three people born the same day in one district: Excel rounded 0011, 0013 and 0017 to 0010.
    born = datetime.date(2002, 5, 17)
    rounded = make_nik(born, serial=10)
    rows = [
        [*person(cast, n, NIK=rounded, **{"Tanggal Lahir": born, "Nama Lengkap": name}), "", "", "", "", ""]
        for n, name in ((1, "Rina"), (2, "Dewi"), (3, "Andi"))
    ]
    job = preview(officer, rows)

    assert (job.new, job.invalid) == (0, 3)
    assert {issue["code"] for issue in job.issues} == {"nik_repeated_rounded"}
    assert job.notices == [{"code": "niks_rounded", "params": {"count": 3, "total": 3}}]
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "Excel shows numbers with at most 15 significant digits" in page
    assert "Excel keeps at most 15 significant digits of a number" in page


@pytest.mark.parametrize(
    ("serials", "noticed"),
    [
        ((10, 20, 30, 41), True),  # three of four end in 0
        ((10, 20, 31, 41, 51, 61, 71), False),  # two of seven: chance
        ((11, 22, 33), False),
        ((10,), False),  # one NIK ending in 0 says nothing
    ],
)
def test_many_niks_ending_in_0_get_a_notice_about_excels_rounding(
    officer: Client, cast: Cast, serials: tuple[int, ...], noticed: bool
) -> None:
    rows = [
        [*person(cast, n, NIK=make_nik(datetime.date(2001, 1, 1) + datetime.timedelta(days=n), serial=n)), *[""] * 5]
        for n in serials
    ]
    job = preview(officer, rows)
    assert job.invalid == 0
    assert bool(job.notices) == noticed


def test_the_template_says_how_to_clear_a_value(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    response = client.get("/spreadsheets/template/participants.xlsx")
    instructions = load_workbook(io.BytesIO(response.content))["Instructions"]
    text = " ".join(str(cell.value) for row in instructions.iter_rows() for cell in row if cell.value)
    assert "A blank cell leaves the stored value as it is. To clear a stored value, write (hapus) in its cell." in text
    assert "is written only if you decide so" in text
