"""What an import changes in registered records, shown and decided before
anything is written: every updated row shows each field from what to what; a
row that would change who a record is (name, sex, birth date, a stored birth
place) is a conflict, left as stored unless someone who may change the record
decides otherwise; and a record that moved on after the preview is not
overwritten by a commit that never showed it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client

from audit.models import AuditAction, AuditEntry
from lib import crypto
from participants import actions
from participants.models import Participant, Sex
from spreadsheets.models import ChangeKind, ImportChange, ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast, details
from tests.nik import make_nik

BORN = datetime.date(2002, 5, 17)
# Excel rounded Rina's NIK 3216011705020013 (typed into a number cell) to ...0010, Andi's.
ROUNDED = make_nik(BORN, serial=10)


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def andi(cast: Cast) -> Participant:
    return actions.register_participant(
        details=details(
            cast, full_name="Andi Wijaya", nik=ROUNDED, birth_date=BORN, birth_place="Bekasi", phone="0811 111"
        ),
        by=cast.lpk_officer,
    )


def preview(client: Client, rows: list[list[object]], headings: list[str] = HEADINGS) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows, headings=headings))})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    assert job.state == ImportState.VALIDATED, job.problem
    return job


def confirm(client: Client, job: ImportJob) -> ImportJob:
    client.post(f"/spreadsheets/{job.pk}/commit/")
    job.refresh_from_db()
    return job


def rina(cast: Cast, **overrides: object) -> list[object]:
    cells: dict[str, object] = {"Nama Lengkap": "Rina Lestari", "Tanggal Lahir": BORN, "Tempat Lahir": "Bogor"}
    return [*person(cast, 1, NIK=ROUNDED, **{**cells, **overrides}), "0812 999"]


def test_a_row_that_would_change_a_registered_persons_name_is_left_as_stored_by_default(
    officer: Client, cast: Cast, andi: Participant
) -> None:
    job = preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"])

    assert (job.new, job.updated, job.conflicts) == (0, 0, 1)
    change = ImportChange.objects.get(job=job)
    assert (change.kind, change.identity, change.accepted) == (ChangeKind.CONFLICT, ["full_name", "birth_place"], False)
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "<strong>full name</strong>: Andi Wijaya → Rina Lestari" in page
    assert "<strong>place of birth</strong>: Bekasi → Bogor" in page
    assert "phone: 0811 111 → 0812 999" in page
    assert "This NIK ends in 0: Excel may have rounded it" in page
    assert "Left as stored." in page

    job = confirm(officer, job)

    assert (job.state, job.updated, job.skipped) == (ImportState.COMMITTED, 0, 1)
    andi.refresh_from_db()
    assert (andi.full_name, andi.birth_place, andi.phone, andi.version) == ("Andi Wijaya", "Bekasi", "0811 111", 1)
    assert not AuditEntry.objects.for_object(andi).filter(action=AuditAction.UPDATED).exists()


def test_a_decision_to_write_the_files_values_is_recorded_and_applied(
    officer: Client, cast: Cast, andi: Participant
) -> None:
    job = preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"])

    response = officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/spreadsheets/{job.pk}/#row-2")
    change = ImportChange.objects.get(job=job)
    assert (change.accepted, change.decided_by) == (True, cast.lpk_officer)
    assert "The file's values will be written." in officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    decision = AuditEntry.objects.for_object(job).filter(changes__has_key="conflict_row").get()
    assert decision.changes == {"conflict_row": [None, 2], "apply_file_values": [False, True]}

    job = confirm(officer, job)

    assert (job.updated, job.skipped) == (1, 0)
    andi.refresh_from_db()
    assert (andi.full_name, andi.birth_place, andi.phone) == ("Rina Lestari", "Bogor", "0812 999")
    confirmed = AuditEntry.objects.for_object(job).filter(changes__state=["validated", "committing"]).get()
    assert confirmed.changes["conflicts_applied"] == [None, 1]


def test_a_decision_can_be_taken_back_before_the_commit(officer: Client, cast: Cast, andi: Participant) -> None:
    job = preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"])
    officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"})
    officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "keep"})

    job = confirm(officer, job)

    assert job.skipped == 1
    andi.refresh_from_db()
    assert andi.full_name == "Andi Wijaya"


@pytest.mark.parametrize("persona", ["lpk_viewer", "ministry_officer", "other_lpk_officer"])
def test_only_a_writer_of_the_imports_organization_decides(
    client: Client, cast: Cast, andi: Participant, officer: Client, persona: str
) -> None:
    job = preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"])
    client.force_login(getattr(cast, persona))

    assert client.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"}).status_code == 404
    assert not ImportChange.objects.get(job=job).accepted


def test_a_decision_needs_write_access_to_the_record_itself(officer: Client, cast: Cast, andi: Participant) -> None:
    job = preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"])
    # Meanwhile Andi moves to another LPK/SO: the officer may not change him any more.
    actions.update_participant(
        participant_id=andi.pk,
        details=details(
            cast,
            full_name="Andi Wijaya",
            nik=ROUNDED,
            birth_date=BORN,
            birth_place="Bekasi",
            phone="0811 111",
            sending_organization=cast.other_lpk,
        ),
        expected_version=andi.version,
        by=cast.ministry_officer,
    )

    assert officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"}).status_code == 404


def test_rows_that_are_not_conflicts_have_no_decision(officer: Client, cast: Cast) -> None:
    job = preview(officer, [person(cast, 1)])
    assert officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"}).status_code == 404


def test_no_decision_once_the_import_is_confirmed(officer: Client, cast: Cast, andi: Participant) -> None:
    job = confirm(officer, preview(officer, [rina(cast)], headings=[*HEADINGS, "Telepon"]))

    response = officer.post(f"/spreadsheets/{job.pk}/conflicts/2/", {"decision": "apply"}, follow=True)

    assert "not waiting for confirmation any more" in response.content.decode()
    assert not ImportChange.objects.get(job=job).accepted


def test_a_spelling_of_the_same_name_is_an_ordinary_update(officer: Client, cast: Cast) -> None:
    row = person(
        cast, 1, NIK=cast.budi.nik, **{"Nama Lengkap": " budi   SANTOSO", "Tanggal Lahir": cast.budi.birth_date}
    )
    job = preview(officer, [row])
    assert (job.updated, job.conflicts) == (1, 0)


@pytest.mark.parametrize(
    ("stored", "given", "conflict"),
    [
        ("", "Bogor", False),  # filled in
        ("Bekasi", "BEKASI", False),  # the same place
        ("Bekasi", "Bogor", True),
    ],
)
def test_a_stored_birth_place_says_who_someone_is(
    officer: Client, cast: Cast, stored: str, given: str, conflict: bool
) -> None:
    Participant.objects.filter(pk=cast.budi.pk).update(birth_place=stored)
    row = person(
        cast,
        1,
        NIK=cast.budi.nik,
        **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date, "Tempat Lahir": given},
    )
    job = preview(officer, [row])
    assert (job.updated, job.conflicts) == (0 if conflict else 1, 1 if conflict else 0)


@pytest.mark.parametrize("field", ["birth_date", "sex"])
def test_a_registered_record_whose_birth_date_or_sex_disagree_with_the_row_is_a_conflict(
    officer: Client, cast: Cast, field: str
) -> None:
    # A record from before the NIK was checked against them: it disagrees with its own NIK.
    wrong = {"birth_date": datetime.date(2002, 5, 18), "sex": Sex.FEMALE}[field]
    Participant.objects.filter(pk=cast.budi.pk).update(**{field: wrong})
    row = person(
        cast, 1, NIK=cast.budi.nik, **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date}
    )

    job = preview(officer, [row])

    assert job.conflicts == 1
    assert ImportChange.objects.get(job=job).identity == [field]
    job = confirm(officer, job)
    assert getattr(Participant.objects.get(pk=cast.budi.pk), field) == wrong


def test_every_updated_row_is_listed_a_page_at_a_time(officer: Client, cast: Cast) -> None:
    headings = [*HEADINGS, "Telepon"]
    rows = [[*person(cast, n), "0811"] for n in range(1, 56)]
    confirm(officer, preview(officer, rows, headings=headings))
    job = preview(officer, [[*row[:-1], "0812"] for row in rows], headings=headings)
    assert job.updated == 55

    first = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    second = officer.get(f"/spreadsheets/{job.pk}/", {"after": "51"}).content.decode()

    assert first.count("phone: 0811 → 0812") == 50
    assert 'href="?after=51#changes"' in first
    assert second.count("phone: 0811 → 0812") == 5
    assert 'href="?after=' not in second


def test_the_values_of_a_record_the_reader_may_not_see_are_not_shown(officer: Client, cast: Cast) -> None:
    headings = [*HEADINGS, "Telepon"]
    row = person(
        cast, 1, NIK=cast.budi.nik, **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date}
    )
    job = confirm(officer, preview(officer, [[*row, "0899"]], headings=headings))
    # Then Budi moves to another LPK/SO: his phone numbers are no business of this one any more.
    actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(cast, nik=cast.budi.nik, phone="0899", sending_organization=cast.other_lpk),
        expected_version=2,
        by=cast.ministry_officer,
    )

    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()

    assert "A participant you may not see." in page
    assert "0899" not in page
    assert cast.budi.phone not in page


def test_a_record_changed_after_the_preview_is_not_overwritten(officer: Client, cast: Cast) -> None:
    headings = [*HEADINGS, "Telepon"]
    row = person(
        cast, 1, NIK=cast.budi.nik, **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date}
    )
    job = preview(officer, [[*row, "0899"], [*person(cast, 2), ""]], headings=headings)
    # An officer corrects Budi's phone meanwhile; the preview showed the old one.
    actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(cast, nik=cast.budi.nik, phone="0877"),
        expected_version=1,
        by=cast.lpk_officer,
    )

    job = confirm(officer, job)

    assert (job.state, job.problem["code"]) == (ImportState.FAILED, "changed_since_preview")
    assert Participant.objects.get(pk=cast.budi.pk).phone == "0877"
    assert not Participant.objects.filter(full_name="Peserta 2").exists()
    assert not ImportChange.objects.filter(job=job).exists()  # the failed job keeps no stored values


def test_a_nik_registered_in_scope_after_the_preview_is_not_updated_unseen(officer: Client, cast: Cast) -> None:
    row = person(cast, 1)
    job = preview(officer, [row])
    actions.register_participant(
        details=details(cast, nik=str(row[0]), birth_date=row[3], full_name="Someone Else"), by=cast.lpk_officer
    )

    job = confirm(officer, job)

    assert (job.state, job.problem["code"]) == (ImportState.FAILED, "changed_since_preview")
    assert Participant.objects.with_nik(str(row[0])).get().full_name == "Someone Else"


def test_it_keeps_a_previewed_change_sealed_until_it_is_applied(officer: Client, cast: Cast, andi: Participant) -> None:
    job = preview(
        officer,
        [rina(cast, **{"Nama Lengkap": "Andi Wijaya", "Tempat Lahir": "Bekasi"})],
        headings=[*HEADINGS, "Telepon"],
    )
    change = ImportChange.objects.get(job=job)

    with connection.cursor() as cursor:
        cursor.execute("SELECT fields FROM spreadsheets_importchange WHERE id = %s", [change.pk])
        (stored,) = cursor.fetchone()
    assert change.fields["phone"] == ["0811 111", "0812 999"]
    assert crypto.is_sealed(str(stored))
    assert "0811 111" not in str(stored)
    assert "0812 999" not in str(stored)
