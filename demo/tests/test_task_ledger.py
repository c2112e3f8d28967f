"""The counts the fault benchmark reads after killing a worker: nothing lost or
duplicated after a clean run, and each kind of loss and duplicate seen."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from demo.task_ledger import count_import, count_safety_check
from participants.models import Participant
from protection import safety_mail
from protection.actions.safety import open_safety_check
from protection.models import SafetyCheck, SafetyQuestion
from protection.tests.safety_world import placed
from spreadsheets import actions, tasks
from spreadsheets.models import ImportJob
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast


@pytest.fixture
def import_files(settings: Settings, tmp_path: Path) -> None:
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    settings.IMPORT_BACKGROUND_ROWS = 1


@pytest.fixture
def uploaded(import_files: None, client: Client, cast: Cast) -> tuple[ImportJob, list[str]]:
    client.force_login(cast.lpk_officer)
    rows = [person(cast, serial) for serial in (1, 2, 3)]
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows))})
    return ImportJob.objects.get(), [str(row[0]) for row in rows]


def committed(job: ImportJob, cast: Cast) -> None:
    tasks.validate_import(job.pk)
    actions.commit_import(job_id=job.pk, by=cast.lpk_officer)
    tasks.commit_import(job.pk)


def test_it_counts_an_import_not_written_as_lost(uploaded: tuple[ImportJob, list[str]]) -> None:
    job, niks = uploaded
    tasks.validate_import(job.pk)

    count = count_import(job.pk, niks)

    assert (count.finished, count.expected, count.done, count.lost, count.duplicated) == (False, 3, 0, 3, 0)
    assert (count.tasks_lost, count.tasks_duplicated) == (1, 0)


def test_it_counts_a_written_import_once_and_each_registration_twice_as_duplicated(
    uploaded: tuple[ImportJob, list[str]], cast: Cast
) -> None:
    job, niks = uploaded
    committed(job, cast)
    assert count_import(job.pk, niks).line() == (
        f"task=import id={job.pk} finished=1 expected=3 done=3 lost=0 duplicated=0 tasks_lost=0 tasks_duplicated=0"
    )

    again = Participant.objects.with_nik(niks[0]).get()
    AuditEntry.objects.create(
        action=AuditAction.CREATED, target_type="participants.participant", target_id=str(again.pk), target_repr="x"
    )

    assert (count_import(job.pk, niks).duplicated, count_import(job.pk, niks).tasks_duplicated) == (1, 1)


@pytest.fixture
def check(cast: Cast, settings: Settings, tmp_path: Path) -> SafetyCheck:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    world = placed(cast)
    Participant.objects.filter(pk=world.siti.participant_id).update(email="siti@example.org")
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        return open_safety_check(event="Gempa", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def test_it_counts_a_safety_check_by_the_messages_sent(check: SafetyCheck, tmp_path: Path) -> None:
    assert count_safety_check(check.pk, tmp_path / "mail").lost == 2
    safety_mail.send_questions(check_id=check.pk)
    clean = count_safety_check(check.pk, tmp_path / "mail")
    assert (clean.finished, clean.expected, clean.done, clean.lost, clean.duplicated) == (True, 2, 2, 0, 0)

    question = SafetyQuestion.objects.filter(safety_check=check).order_by("pk").first()
    assert question is not None
    with mail.get_connection() as server:
        server.send_messages([safety_mail._message(question)])  # sent twice

    assert count_safety_check(check.pk, tmp_path / "mail").duplicated == 1


def test_it_counts_a_question_marked_e_mailed_without_a_message_as_lost(check: SafetyCheck, tmp_path: Path) -> None:
    SafetyQuestion.objects.filter(safety_check=check).update(emailed_at=timezone.now())

    assert (count_safety_check(check.pk, tmp_path / "mail").lost, count_safety_check(check.pk).lost) == (2, 0)


def test_it_prints_the_counts_as_one_line(check: SafetyCheck, tmp_path: Path) -> None:
    out = StringIO()
    call_command("task_ledger", "safety", str(check.pk), "--mail-dir", str(tmp_path / "mail"), stdout=out)

    assert out.getvalue().strip() == (
        f"task=safety_check id={check.pk} finished=0 expected=2 done=0 lost=2 duplicated=0 "
        "tasks_lost=1 tasks_duplicated=0"
    )
