"""An open import blocks the organization's next one, but not for ever: after
IMPORT_JOB_EXPIRES_AFTER_HOURS without a change, the sweep or the next upload
closes it (a preview nobody confirmed is cancelled), through a checked
transition with its audit row.

A job whose checking or writing stopped moving for
IMPORT_JOB_STALLED_AFTER_MINUTES was interrupted (its worker or web process
died): its organization or the ministry may cancel it, the next upload and the
sweep fail it; one still moving can be neither."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from spreadsheets import actions, expiry, participant_jobs, participant_rows
from spreadsheets.models import ImportChange, ImportJob, ImportKind, ImportState
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast, build_cast

UPLOADED_AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def officer(client: Client, cast: Cast, settings: Settings) -> Client:
    settings.IMPORT_JOB_EXPIRES_AFTER_HOURS = 24
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


def upload_at(client: Client, content: bytes, moment: datetime.datetime) -> ImportJob:
    with time_machine.travel(moment, tick=False):
        client.post("/spreadsheets/", {"kind": "participants", "file": upload(content)})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    return job


def test_an_unconfirmed_preview_is_cancelled_when_the_next_import_starts_after_the_expiry(
    officer: Client, cast: Cast
) -> None:
    abandoned = upload_at(officer, xlsx([person(cast, 1)]), UPLOADED_AT)
    assert abandoned.state == ImportState.VALIDATED

    next_one = upload_at(officer, xlsx([person(cast, 2)]), UPLOADED_AT + datetime.timedelta(hours=25))

    abandoned.refresh_from_db()
    assert (abandoned.state, next_one.state) == (ImportState.CANCELLED, ImportState.VALIDATED)
    entry = AuditEntry.objects.for_object(abandoned).filter(action=AuditAction.UPDATED).order_by("-id").first()
    assert entry is not None
    assert entry.actor is None  # nobody asked: the expiry did it
    assert entry.changes == {"state": ["validated", "cancelled"], "expired_after_hours": 24}


def test_an_open_import_younger_than_the_expiry_still_blocks_the_next_one(officer: Client, cast: Cast) -> None:
    first = upload_at(officer, xlsx([person(cast, 1)]), UPLOADED_AT)

    refused = upload_at(officer, xlsx([person(cast, 2)]), UPLOADED_AT + datetime.timedelta(hours=23))

    first.refresh_from_db()
    assert refused == first
    assert first.state == ImportState.VALIDATED


@pytest.mark.parametrize("state", [ImportState.UPLOADED, ImportState.VALIDATED])
def test_an_open_job_nobody_finished_is_cancelled_by_the_sweep_after_the_expiry(
    cast: Cast, settings: Settings, state: ImportState
) -> None:
    settings.IMPORT_JOB_EXPIRES_AFTER_HOURS = 24
    with time_machine.travel(UPLOADED_AT, tick=False):
        abandoned = ImportJob.objects.create(
            kind=ImportKind.PARTICIPANTS, organization=cast.lpk, uploaded_by=cast.lpk_officer, state=state
        )

    with time_machine.travel(UPLOADED_AT + datetime.timedelta(hours=23), tick=False):
        call_command("sweep_imports", stdout=io.StringIO())
    abandoned.refresh_from_db()
    assert abandoned.state == state
    with time_machine.travel(UPLOADED_AT + datetime.timedelta(hours=25), tick=False):
        call_command("sweep_imports", stdout=io.StringIO())

    abandoned.refresh_from_db()
    assert abandoned.state == ImportState.CANCELLED


def test_the_expiry_counts_from_the_jobs_last_change_not_its_upload(officer: Client, cast: Cast) -> None:
    # Checked at 09:00, but its worker only finished checking 20 hours later.
    job = upload_at(officer, xlsx([person(cast, 1)]), UPLOADED_AT)
    ImportJob.objects.filter(pk=job.pk).update(updated_at=UPLOADED_AT + datetime.timedelta(hours=20))

    upload_at(officer, xlsx([person(cast, 2)]), UPLOADED_AT + datetime.timedelta(hours=30))

    job.refresh_from_db()
    assert job.state == ImportState.VALIDATED


def test_other_organizations_open_imports_are_left_alone(officer: Client, cast: Cast) -> None:
    with time_machine.travel(UPLOADED_AT, tick=False):
        theirs = ImportJob.objects.create(
            kind=ImportKind.PARTICIPANTS,
            organization=cast.other_lpk,
            uploaded_by=cast.other_lpk_officer,
            state=ImportState.VALIDATED,
        )

    upload_at(officer, xlsx([person(cast, 1)]), timezone.now() + datetime.timedelta(hours=48))

    theirs.refresh_from_db()
    assert theirs.state == ImportState.VALIDATED


# --- interrupted jobs -----------------------------------------------------------

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def running(cast: Cast, state: ImportState, *, minutes_ago: int, organization: str = "lpk") -> ImportJob:
    """A job a worker took, last moved ``minutes_ago``."""
    with time_machine.travel(NOW - datetime.timedelta(minutes=minutes_ago), tick=False):
        return ImportJob.objects.create(
            kind=ImportKind.PARTICIPANTS,
            organization=getattr(cast, organization),
            uploaded_by=cast.lpk_officer if organization == "lpk" else cast.other_lpk_officer,
            state=state,
            original_name="peserta.xlsx",
        )


@pytest.fixture
def stalls_after_ten_minutes(settings: Settings) -> None:
    settings.IMPORT_JOB_STALLED_AFTER_MINUTES = 10


@pytest.mark.usefixtures("stalls_after_ten_minutes")
@pytest.mark.parametrize("state", [ImportState.VALIDATING, ImportState.COMMITTING])
def test_a_job_that_stopped_moving_is_cancelled_by_its_user_and_frees_the_organization(
    officer: Client, cast: Cast, state: ImportState
) -> None:
    stuck = running(cast, state, minutes_ago=11)

    with time_machine.travel(NOW, tick=False):
        page = officer.get(f"/spreadsheets/{stuck.pk}/").content.decode()
        response = officer.post(f"/spreadsheets/{stuck.pk}/cancel/")

    assert "it was probably interrupted" in page
    assert f'action="/spreadsheets/{stuck.pk}/cancel/"' in page
    assert response.status_code == 302
    stuck.refresh_from_db()
    assert stuck.state == ImportState.CANCELLED
    entry = AuditEntry.objects.for_object(stuck).order_by("-id").first()
    assert entry is not None
    assert (entry.actor, entry.changes) == (cast.lpk_officer, {"state": [state, "cancelled"]})
    assert upload_at(officer, xlsx([person(cast, 1)]), NOW).state == ImportState.VALIDATED


@pytest.mark.usefixtures("stalls_after_ten_minutes")
@pytest.mark.parametrize("state", [ImportState.VALIDATING, ImportState.COMMITTING])
def test_a_job_still_moving_cannot_be_cancelled(officer: Client, cast: Cast, state: ImportState) -> None:
    busy = running(cast, state, minutes_ago=9)

    with time_machine.travel(NOW, tick=False):
        page = officer.get(f"/spreadsheets/{busy.pk}/").content.decode()
        response = officer.post(f"/spreadsheets/{busy.pk}/cancel/", follow=True)

    assert "it was probably interrupted" not in page
    assert f'action="/spreadsheets/{busy.pk}/cancel/"' not in page
    assert "still being checked or written" in response.content.decode()
    busy.refresh_from_db()
    assert busy.state == state


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_the_ministry_lists_and_cancels_any_organizations_interrupted_import(client: Client, cast: Cast) -> None:
    theirs = running(cast, ImportState.VALIDATING, minutes_ago=30, organization="other_lpk")
    moving = running(cast, ImportState.VALIDATING, minutes_ago=1)
    client.force_login(cast.ministry_officer)
    client.cookies["django_language"] = "en"

    with time_machine.travel(NOW, tick=False):
        listed = client.get("/spreadsheets/").content.decode()
        client.post(f"/spreadsheets/{theirs.pk}/cancel/")
        client.force_login(cast.lpk_officer)
        unlisted = client.get("/spreadsheets/").content.decode()

    assert f"/spreadsheets/{theirs.pk}/" in listed
    assert f"/spreadsheets/{moving.pk}/" not in listed
    assert "Interrupted imports" not in unlisted  # an LPK/SO sees no other organization's
    theirs.refresh_from_db()
    assert theirs.state == ImportState.CANCELLED
    entry = AuditEntry.objects.for_object(theirs).order_by("-id").first()
    assert entry is not None
    assert entry.actor == cast.ministry_officer


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_the_sweep_fails_interrupted_jobs_of_every_organization_and_leaves_moving_ones(cast: Cast) -> None:
    stuck = running(cast, ImportState.COMMITTING, minutes_ago=11)
    theirs = running(cast, ImportState.VALIDATING, minutes_ago=60, organization="other_lpk")
    output = io.StringIO()

    with time_machine.travel(NOW, tick=False):
        moving = running(cast, ImportState.VALIDATING, minutes_ago=0, organization="blk")
        call_command("sweep_imports", stdout=output)

    for job in (stuck, theirs, moving):
        job.refresh_from_db()
    assert (stuck.state, theirs.state, moving.state) == (ImportState.FAILED, ImportState.FAILED, ImportState.VALIDATING)
    assert stuck.problem == {"code": "interrupted", "params": {}}
    entry = AuditEntry.objects.for_object(stuck).order_by("-id").first()
    assert entry is not None
    assert entry.actor is None  # nobody asked: the sweep did it
    assert entry.changes == {"state": ["committing", "failed"], "stalled_after_minutes": 10}
    assert "interrupted jobs failed: 2" in output.getvalue()


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_an_interrupted_job_says_what_happened(officer: Client, cast: Cast) -> None:
    stuck = running(cast, ImportState.VALIDATING, minutes_ago=11)
    with time_machine.travel(NOW, tick=False):
        call_command("sweep_imports", stdout=io.StringIO())
        page = officer.get(f"/spreadsheets/{stuck.pk}/").content.decode()
    assert "The import stopped before it was finished" in page


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_the_next_upload_closes_an_interrupted_job_without_waiting_for_the_expiry(officer: Client, cast: Cast) -> None:
    stuck = running(cast, ImportState.VALIDATING, minutes_ago=11)

    next_one = upload_at(officer, xlsx([person(cast, 1)]), NOW)

    stuck.refresh_from_db()
    assert (stuck.state, next_one.state) == (ImportState.FAILED, ImportState.VALIDATED)


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_checking_moves_the_job_so_a_long_check_is_not_taken_for_an_interrupted_one(
    officer: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participant_rows, "CHUNK", 1)
    moments: list[datetime.datetime] = []
    original = participant_jobs.plan_changes

    def slow(job: ImportJob, chunk: list[participant_rows.ParticipantChecked]) -> int:
        job.refresh_from_db()
        moments.append(job.updated_at)
        traveller.shift(datetime.timedelta(minutes=8))  # each row takes longer than a stall... almost
        return original(job, chunk)

    monkeypatch.setattr(participant_jobs, "plan_changes", slow)
    with time_machine.travel(NOW, tick=False) as traveller:
        officer.post(
            "/spreadsheets/", {"kind": "participants", "file": upload(xlsx([person(cast, n) for n in (1, 2, 3)]))}
        )

    job = ImportJob.objects.get()
    assert job.state == ImportState.VALIDATED
    assert moments == [NOW, NOW + datetime.timedelta(minutes=8), NOW + datetime.timedelta(minutes=16)]


@pytest.mark.usefixtures("stalls_after_ten_minutes")
def test_a_worker_whose_job_was_cancelled_under_it_stops_and_leaves_nothing(
    officer: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(participant_rows, "CHUNK", 1)
    original = participant_jobs.plan_changes
    seen: list[ImportJob] = []

    def cancelled_after_the_first_row(job: ImportJob, chunk: list[participant_rows.ParticipantChecked]) -> int:
        if seen:  # as a cancel of a job that looked interrupted would
            planned.append(ImportChange.objects.filter(job=job).count())
            ImportJob.objects.filter(pk=job.pk).update(state=ImportState.CANCELLED)
        seen.append(job)
        return original(job, chunk)

    planned: list[int] = []
    monkeypatch.setattr(participant_jobs, "plan_changes", cancelled_after_the_first_row)
    budi = person(cast, 1, NIK=cast.budi.nik, **{"Tanggal Lahir": cast.budi.birth_date})
    job = upload_at(officer, xlsx([budi, person(cast, 2), person(cast, 3)]), NOW)

    assert job.state == ImportState.CANCELLED
    assert len(seen) == 2  # the third row was never checked
    assert planned == [1]  # the first row's change to Budi was kept...
    assert not ImportChange.objects.filter(job=job).exists()  # ...and is gone with the job
    assert not job.file.storage.exists(job.file.name)
    assert not job.file.storage.exists(job.checked_rows_name)


def test_a_commit_delivered_after_its_job_was_closed_writes_nothing(cast: Cast) -> None:
    closed = ImportJob.objects.create(
        kind=ImportKind.PARTICIPANTS, organization=cast.lpk, uploaded_by=cast.lpk_officer, state=ImportState.FAILED
    )
    before = Participant.objects.count()

    actions.run_commit(job_id=closed.pk)

    closed.refresh_from_db()
    assert closed.state == ImportState.FAILED
    assert Participant.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_a_commit_that_holds_its_job_is_alive_however_long_it_has_not_moved(settings: Settings) -> None:
    """The commit locks its job for its whole transaction (on SQLite, the
    whole database): a cancel or the sweep meanwhile leaves it alone."""
    settings.IMPORT_JOB_STALLED_AFTER_MINUTES = 10
    cast = build_cast()
    writing = running(cast, ImportState.COMMITTING, minutes_ago=60)
    locked, release = threading.Event(), threading.Event()

    def commit_in_progress() -> None:
        try:
            with transaction.atomic():
                ImportJob.objects.select_for_update().get(pk=writing.pk)
                ImportJob.objects.filter(pk=writing.pk).update(rows_done=1)  # SQLite: take the write lock
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    worker = threading.Thread(target=commit_in_progress)
    worker.start()
    try:
        assert locked.wait(timeout=10)
        with time_machine.travel(NOW, tick=False), pytest.raises(actions.StillWorking):
            actions.cancel_import(job_id=writing.pk, by=cast.lpk_officer)
        with time_machine.travel(NOW, tick=False):
            assert expiry.fail_interrupted_imports() == 0
    finally:
        release.set()
        worker.join()
    writing.refresh_from_db()
    assert writing.state == ImportState.COMMITTING
