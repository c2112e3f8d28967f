"""An open import blocks the organization's next one, but not for ever: after
IMPORT_JOB_EXPIRES_AFTER_HOURS without a change, the sweep or the next upload
closes it (a preview nobody confirmed is cancelled), through a checked
transition with its audit row. Jobs interrupted while checking or writing are
the subject of test_interruptions."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from spreadsheets.models import ImportJob, ImportKind, ImportState
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast

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
