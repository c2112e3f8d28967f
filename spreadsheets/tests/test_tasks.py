"""An import's background steps finish exactly once however they are delivered.

Celery acknowledges a task once it has finished (CELERY_TASK_ACKS_LATE), so a
task comes again when its worker is killed, and may come twice. Each test
counts the rows a step writes after running it twice, or after cutting it off
half-way the way a killed worker stops (``WorkerKilled``: no handler of the
task runs) and running it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from lib import worker_claim
from participants.models import ForeignNikCheck, Participant
from spreadsheets import actions, participant_jobs, participant_rows, tasks, transitions
from spreadsheets.models import ImportChange, ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast

PHONE = [*HEADINGS, "Telepon"]


class WorkerKilled(BaseException):
    """A worker stopping mid-task: not an Exception, so no ``except Exception``
    of the task runs, as none runs when the process is killed."""


@pytest.fixture
def officer(client: Client, cast: Cast, settings: Settings) -> Client:
    settings.IMPORT_BACKGROUND_ROWS = 2  # "large": validated and committed by the tasks
    client.force_login(cast.lpk_officer)
    return client


def upload_file(client: Client, rows: list[list[object]]) -> ImportJob:
    """Upload a file whose task is queued, not yet run (nothing runs the
    on-commit hook that sends it): the test delivers it itself."""
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows, headings=PHONE))})
    job = ImportJob.objects.get(state=ImportState.UPLOADED)
    assert job.background
    return job


@pytest.fixture
def job(officer: Client, cast: Cast) -> ImportJob:
    """Five rows in three chunks of two: two new people, a registered one
    with a new phone number, one NIK held by the other LPK/SO, one invalid."""
    first = [*person(cast, 1), "0811"]
    officer.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([first], headings=PHONE))})
    registered = ImportJob.objects.get()
    tasks.validate_import(registered.pk)
    actions.commit_import(job_id=registered.pk, by=cast.lpk_officer)
    tasks.commit_import(registered.pk)
    siti = cast.siti
    held = person(cast, 4, NIK=siti.nik, **{"Jenis Kelamin": "P", "Tanggal Lahir": siti.birth_date})
    rows = [
        [*person(cast, 1), "0812"],
        [*person(cast, 2), ""],
        [*person(cast, 3), ""],
        [*held, ""],
        [*person(cast, 5, NIK="3216"), ""],
    ]
    return upload_file(officer, rows)


def checked(job: ImportJob) -> dict[str, Any]:
    """What checking the file left: the job's figures and every row it wrote."""
    job.refresh_from_db()
    return {
        "state": job.state,
        "figures": (job.rows_done, job.new, job.updated, job.invalid),
        "changes": ImportChange.objects.filter(job=job).count(),
        "nik_checks": ForeignNikCheck.objects.filter(source__startswith=f"import:{job.pk}:").count(),
        "all_nik_checks": ForeignNikCheck.objects.count(),
    }


EXPECTED = {
    "state": ImportState.VALIDATED,
    "figures": (5, 2, 1, 2),
    "changes": 1,
    "nik_checks": 1,
    "all_nik_checks": 1,
}


def kill_at(monkeypatch: pytest.MonkeyPatch, module: object, name: str, *, call: int) -> None:
    """The worker dies on the ``call``-th call of ``module.name``, before it runs."""
    original: Callable[..., Any] = getattr(module, name)
    calls = [0]

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == call:
            raise WorkerKilled
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(participant_rows, "CHUNK", 2)


def test_it_checks_a_file_once_when_its_task_is_delivered_twice(job: ImportJob, small_chunks: None) -> None:
    tasks.validate_import(job.pk)
    tasks.validate_import(job.pk)

    assert checked(job) == EXPECTED
    assert AuditEntry.objects.for_object(job).filter(action=AuditAction.UPDATED).count() == 2  # checking, checked


def test_it_checks_again_from_the_start_when_its_worker_died_half_way(
    job: ImportJob, small_chunks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The third chunk: the first two (with the change and the NIK held elsewhere) were written.
    kill_at(monkeypatch, participant_jobs, "plan_changes", call=3)
    with pytest.raises(WorkerKilled):
        tasks.validate_import(job.pk)
    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ImportState.VALIDATING, 4)
    assert ImportChange.objects.filter(job=job).count() == 1
    monkeypatch.undo()
    monkeypatch.setattr(participant_rows, "CHUNK", 2)

    tasks.validate_import(job.pk)  # delivered again to a new worker

    assert checked(job) == EXPECTED
    restarted = AuditEntry.objects.for_object(job).filter(changes__has_key="checking_restarted")
    assert restarted.count() == 1


@pytest.mark.parametrize("call", [1, 2])
def test_it_counts_a_nik_held_elsewhere_once_whichever_chunk_the_worker_died_in(
    job: ImportJob, small_chunks: None, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    # record_held_elsewhere runs once per chunk; the held NIK is in the second.
    kill_at(monkeypatch, participant_jobs, "plan_changes", call=call)
    with pytest.raises(WorkerKilled):
        tasks.validate_import(job.pk)
    monkeypatch.undo()
    monkeypatch.setattr(participant_rows, "CHUNK", 2)

    tasks.validate_import(job.pk)

    assert checked(job) == EXPECTED


def committed(job: ImportJob, cast: Cast) -> dict[str, Any]:
    job.refresh_from_db()
    return {
        "state": job.state,
        "figures": (job.new, job.updated),
        "people": Participant.objects.filter(sending_organization=cast.lpk, full_name__startswith="Peserta").count(),
        "phone": Participant.objects.get(full_name="Peserta 1").phone,
        "commits": AuditEntry.objects.for_object(job).filter(changes__state=["committing", "committed"]).count(),
    }


def confirmed(job: ImportJob, cast: Cast) -> ImportJob:
    tasks.validate_import(job.pk)
    return actions.commit_import(job_id=job.pk, by=cast.lpk_officer)  # the task is queued, not run


COMMITTED = {"state": ImportState.COMMITTED, "figures": (2, 1), "people": 3, "phone": "0812", "commits": 1}


def test_it_writes_a_file_once_when_its_task_is_delivered_twice(job: ImportJob, cast: Cast) -> None:
    confirmed(job, cast)

    tasks.commit_import(job.pk)
    tasks.commit_import(job.pk)

    assert committed(job, cast) == COMMITTED


def test_it_writes_nothing_of_a_commit_cut_off_half_way_and_all_of_it_when_run_again(
    job: ImportJob, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    confirmed(job, cast)
    # Dies once every row is written, before the job is marked done: the most a dead worker could leave.
    original = transitions.move

    def dying(job_id: int, to: ImportState, **values: Any) -> ImportJob:
        if to == ImportState.COMMITTED:
            raise WorkerKilled
        return original(job_id, to, **values)

    monkeypatch.setattr(actions, "move", dying)
    with pytest.raises(WorkerKilled):
        tasks.commit_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTING
    assert Participant.objects.filter(full_name__startswith="Peserta").count() == 1  # the one registered before
    assert Participant.objects.get(full_name="Peserta 1").phone == "0811"
    monkeypatch.undo()

    tasks.commit_import(job.pk)

    assert committed(job, cast) == COMMITTED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers of their own run beside PostgreSQL")
def test_it_leaves_a_check_a_live_worker_is_doing_to_that_worker(job: ImportJob) -> None:
    transitions.move(job.pk, ImportState.VALIDATING)
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as live_worker:
        live_worker.execute("SELECT pg_advisory_lock(%s, %s)", [worker_claim._key(actions.VALIDATING_WORK), job.pk])

        tasks.validate_import(job.pk)  # delivered again while the first worker still checks

    job.refresh_from_db()
    assert (job.state, job.rows_done) == (ImportState.VALIDATING, 0)
    assert not AuditEntry.objects.for_object(job).filter(changes__has_key="checking_restarted").exists()
