"""A NIK that belongs to someone the checker may not change: the form and the
import answer with the same neutral sentence whoever holds it, audit each
check against the record it found, and past NIK_OUT_OF_SCOPE_CHECKS_PER_DAY
in 24 hours refuse the organization's imports and registrations for any NIK,
with a notice in the audit log."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from participants import actions
from participants.models import ForeignNikCheck, Participant, Sex
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast, details
from tests.nik import make_nik

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
NEUTRAL = "Your organization cannot register this NIK."


@pytest.fixture
def officer(client: Client, cast: Cast, settings: Settings) -> Client:
    settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY = 2
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def elsewhere(cast: Cast) -> list[Participant]:
    """Three people the LPK/SO officer may not change: one at another LPK/SO, two at another BLK alone."""
    others = [
        actions.register_participant(
            details=details(
                cast,
                nik=make_nik(datetime.date(2000, 1, n), serial=n),
                birth_date=datetime.date(2000, 1, n),
                full_name=f"Orang Lain {n}",
                training_centre=cast.other_blk,
                sending_organization=None,
            ),
            by=cast.ministry_officer,
        )
        for n in (1, 2)
    ]
    return [cast.siti, *others]


def register(client: Client, cast: Cast, someone: Participant | None = None, serial: int = 77) -> str:
    born = someone.birth_date if someone else datetime.date(2003, 8, 17)
    sex = someone.sex if someone else Sex.FEMALE
    form = {
        "full_name": "Dewi Lestari",
        "nik": someone.nik if someone else make_nik(born, sex=sex, serial=serial),
        "sex": sex,
        "birth_date": born.isoformat(),
        "training_centre": str(cast.blk.pk),
        "sending_organization": str(cast.lpk.pk),
    }
    response = client.post("/participants/new/", form)
    return response.content.decode() if response.status_code == 400 else ""


def row_for(cast: Cast, someone: Participant) -> list[object]:
    return person(
        cast,
        1,
        NIK=someone.nik,
        **{"Jenis Kelamin": "P" if someone.sex == Sex.FEMALE else "L", "Tanggal Lahir": someone.birth_date},
    )


def checks_of(participant: Participant) -> list[AuditEntry]:
    return list(AuditEntry.objects.for_object(participant).filter(action=AuditAction.VIEWED_SENSITIVE))


def test_the_form_and_the_import_say_the_same_whoever_holds_the_nik(
    officer: Client, cast: Cast, elsewhere: list[Participant], settings: Settings
) -> None:
    settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY = 10
    pages = [register(officer, cast, someone) for someone in elsewhere[:2]]
    officer.post(
        "/spreadsheets/", {"kind": "participants", "file": upload(xlsx([row_for(cast, p) for p in elsewhere]))}
    )
    job = ImportJob.objects.get()

    reasons = {issue["code"] for issue in job.issues}
    assert reasons == {"out_of_scope"}
    preview = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert preview.count(NEUTRAL) == 3
    for page in pages:
        assert NEUTRAL in page
        assert "already registered" not in page
    for someone in elsewhere:
        for shown in (preview, *pages):
            assert someone.full_name not in shown
    for organization in (cast.other_lpk, cast.other_blk):
        assert organization.name not in preview


def test_each_check_is_audited_against_the_record_it_found(
    officer: Client, cast: Cast, elsewhere: list[Participant], settings: Settings
) -> None:
    settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY = 10
    register(officer, cast, cast.siti)
    officer.post(
        "/spreadsheets/", {"kind": "participants", "file": upload(xlsx([row_for(cast, p) for p in elsewhere]))}
    )
    job = ImportJob.objects.get()

    siti = checks_of(cast.siti)
    assert [(entry.actor, entry.changes) for entry in siti] == [
        (cast.lpk_officer, {"nik": None, "out_of_scope_check": [None, f"import {job.pk}, row 2"]}),
        (cast.lpk_officer, {"nik": None, "out_of_scope_check": [None, "registration form"]}),
    ]
    assert [len(checks_of(someone)) for someone in elsewhere[1:]] == [1, 1]
    assert ForeignNikCheck.objects.filter(organization=cast.lpk).count() == 4


def test_a_nik_the_officer_may_change_is_no_check(officer: Client, cast: Cast) -> None:
    page = register(officer, cast, cast.budi)
    assert "already registered" in page
    assert not ForeignNikCheck.objects.exists()
    assert not checks_of(cast.budi)


def test_past_the_limit_the_form_refuses_every_nik_and_the_audit_says_so_once(
    officer: Client, cast: Cast, elsewhere: list[Participant]
) -> None:
    with time_machine.travel(NOW, tick=False):
        answers = [register(officer, cast, someone) for someone in elsewhere]
        free_nik = register(officer, cast)

    assert [NEUTRAL in answer for answer in answers] == [True, True, False]
    assert "tried more than 2 NIKs in the last 24 hours" in answers[2]
    assert "tried more than 2 NIKs in the last 24 hours" in free_nik  # a free NIK is refused alike
    assert not Participant.objects.filter(full_name="Dewi Lestari").exists()
    notice = AuditEntry.objects.get(action=AuditAction.LIMIT_REACHED)
    assert (notice.actor, notice.target_id, notice.changes) == (
        cast.lpk_officer,
        str(cast.lpk.pk),
        {"nik_checks_out_of_scope_24h": [2, 3]},
    )


def test_past_the_limit_imports_are_refused_at_upload(
    officer: Client, cast: Cast, elsewhere: list[Participant]
) -> None:
    with time_machine.travel(NOW, tick=False):
        for someone in elsewhere:
            register(officer, cast, someone)
        response = officer.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([person(cast, 5)]))})

    assert response.status_code == 400
    assert "tried more than 2 NIKs in the last 24 hours" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_that_crosses_the_limit_fails_without_saying_which_rows(
    officer: Client, cast: Cast, elsewhere: list[Participant]
) -> None:
    rows = [person(cast, 5), *[row_for(cast, someone) for someone in elsewhere]]
    officer.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows))})

    job = ImportJob.objects.get()
    assert (job.state, job.problem["code"], job.issues) == (ImportState.FAILED, "nik_checks_exhausted", [])
    assert "tried more than 2 NIKs" in officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert ForeignNikCheck.objects.count() == 3
    assert AuditEntry.objects.filter(action=AuditAction.LIMIT_REACHED).count() == 1


def test_checks_older_than_a_day_no_longer_count(officer: Client, cast: Cast, elsewhere: list[Participant]) -> None:
    with time_machine.travel(NOW, tick=False):
        for someone in elsewhere:
            register(officer, cast, someone)
    with time_machine.travel(NOW + datetime.timedelta(hours=25), tick=False):
        register(officer, cast)
    assert Participant.objects.filter(full_name="Dewi Lestari").exists()


def test_the_limit_counts_per_organization(
    officer: Client, client: Client, cast: Cast, elsewhere: list[Participant]
) -> None:
    with time_machine.travel(NOW, tick=False):
        for someone in elsewhere:
            register(officer, cast, someone)
        client.force_login(cast.blk_officer)
        response = client.post(
            "/participants/new/",
            {
                "full_name": "Dewi Lestari",
                "nik": make_nik(datetime.date(2003, 8, 17), sex="F", serial=78),
                "sex": "F",
                "birth_date": "2003-08-17",
                "training_centre": str(cast.blk.pk),
                "sending_organization": "",
            },
        )
    assert response.status_code == 302


def test_a_nik_registered_elsewhere_between_preview_and_commit_is_a_check_too(
    officer: Client, cast: Cast, settings: Settings
) -> None:
    settings.NIK_OUT_OF_SCOPE_CHECKS_PER_DAY = 10
    row = person(cast, 5)
    officer.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([row]))})
    job = ImportJob.objects.get()
    taken = actions.register_participant(
        details=details(
            cast,
            nik=str(row[0]),
            birth_date=row[3],
            training_centre=cast.other_blk,
            sending_organization=cast.other_lpk,
        ),
        by=cast.other_lpk_officer,
    )

    officer.post(f"/spreadsheets/{job.pk}/commit/")

    job.refresh_from_db()
    assert (job.state, job.problem["code"]) == (ImportState.FAILED, "changed_since_preview")
    assert [entry.changes["out_of_scope_check"] for entry in checks_of(taken)] == [[None, f"import {job.pk}, commit"]]
