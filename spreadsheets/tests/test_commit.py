"""Confirming a participant import writes the rows the preview checked: the
file is not checked a second time, but everything the database decides (who
holds a NIK, the trades in force, the importer's access) is checked again, and
a row that is no longer valid writes nothing at all."""

from __future__ import annotations

import datetime
import pickle

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from participants import actions
from participants.actions import DETAIL_FIELDS
from participants.models import Participant
from reference.models import ListKind, ListVersion, VocationalProgramme
from spreadsheets import checked_rows
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.participant_rows import StoredRow
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast, details


@pytest.fixture
def officer(client: Client, cast: Cast) -> Client:
    client.force_login(cast.lpk_officer)
    return client


def preview(client: Client, content: bytes) -> ImportJob:
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(content)})
    job = ImportJob.objects.order_by("-pk").first()
    assert job is not None
    assert job.state == ImportState.VALIDATED, job.problem
    return job


def confirm(client: Client, job: ImportJob) -> ImportJob:
    client.post(f"/spreadsheets/{job.pk}/commit/")
    job.refresh_from_db()
    return job


def test_it_writes_the_rows_the_preview_checked_without_reading_the_file_again(officer: Client, cast: Cast) -> None:
    job = preview(officer, xlsx([person(cast, 1), person(cast, 2, NIK="3216"), person(cast, 3)]))
    assert job.file.storage.exists(job.checked_rows_name)
    with job.file.storage.open(job.file.name, "wb") as upload_file:
        upload_file.write(b"not a spreadsheet any more")

    job = confirm(officer, job)

    assert (job.state, job.new, job.invalid) == (ImportState.COMMITTED, 2, 1)
    assert set(Participant.objects.filter(full_name__startswith="Peserta").values_list("full_name", flat=True)) == {
        "Peserta 1",
        "Peserta 3",
    }


def test_a_preview_without_kept_rows_is_checked_again_from_its_file(officer: Client, cast: Cast) -> None:
    # A job previewed before the rows were kept, or whose kept rows are lost.
    job = preview(officer, xlsx([person(cast, 1), person(cast, 2, NIK="3216")]))
    job.file.storage.delete(job.checked_rows_name)

    job = confirm(officer, job)

    assert (job.state, job.new, job.invalid) == (ImportState.COMMITTED, 1, 1)
    assert Participant.objects.filter(full_name="Peserta 1").exists()


def test_it_writes_nothing_when_a_trade_left_the_list_in_force_since_the_preview(officer: Client, cast: Cast) -> None:
    rows = [[*person(cast, 1), "LAS"], [*person(cast, 2), ""]]
    job = preview(officer, xlsx(rows, headings=[*HEADINGS, "Kejuruan"]))
    # Meanwhile the ministry loads a new trade list without welding.
    newer = ListVersion.objects.create(
        kind=ListKind.VOCATIONAL_PROGRAMMES, label="newer", effective_from=datetime.date(2021, 1, 1)
    )
    VocationalProgramme.objects.create(version=newer, code="OTO", name_id="Otomotif", name_en="Automotive")

    job = confirm(officer, job)

    assert job.state == ImportState.FAILED
    assert job.problem == {"code": "changed_since_preview", "params": {"count": 1}}
    assert not Participant.objects.filter(full_name__startswith="Peserta").exists()


def test_it_counts_every_nik_registered_elsewhere_since_the_preview(officer: Client, cast: Cast) -> None:
    job = preview(officer, xlsx([person(cast, serial) for serial in (1, 2, 3)]))
    for serial in (1, 3):  # another LPK/SO registers two of them meanwhile
        row = person(cast, serial)
        actions.register_participant(
            details=details(
                cast, nik=row[0], birth_date=row[3], training_centre=cast.other_blk, sending_organization=cast.other_lpk
            ),
            by=cast.other_lpk_officer,
        )

    job = confirm(officer, job)

    assert job.problem == {"code": "changed_since_preview", "params": {"count": 2}}
    assert not Participant.objects.filter(full_name="Peserta 2").exists()


@pytest.mark.parametrize("ending", ["commit", "cancel"])
def test_the_upload_and_its_kept_rows_are_deleted_when_the_job_ends(
    officer: Client, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, ending: str
) -> None:
    job = preview(officer, xlsx([person(cast, 1)]))
    storage, names = job.file.storage, (job.file.name, job.checked_rows_name)

    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/spreadsheets/{job.pk}/{ending}/")

    assert not any(storage.exists(name) for name in names)


def test_rows_kept_in_several_chunks_are_all_written(
    officer: Client, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each chunk is pickled on its own: reading one must not lean on another.
    monkeypatch.setattr(checked_rows, "ROWS_PER_CHUNK", 2)
    job = preview(officer, xlsx([person(cast, serial) for serial in range(1, 6)]))

    job = confirm(officer, job)

    assert (job.state, job.new) == (ImportState.COMMITTED, 5)
    assert Participant.objects.filter(full_name__startswith="Peserta").count() == 5


def test_kept_rows_that_name_a_class_are_refused_not_run(officer: Client, cast: Cast) -> None:
    job = preview(officer, xlsx([person(cast, 1)]))
    storage = job.file.storage
    storage.delete(job.checked_rows_name)
    header = {"format": checked_rows.FORMAT, "fields": ["nik"]}
    storage.save(job.checked_rows_name, ContentFile(pickle.dumps(header) + pickle.dumps([datetime.date(2001, 1, 1)])))

    with checked_rows.kept(job) as kept:
        assert kept is not None
        with pytest.raises(pickle.UnpicklingError, match=r"datetime\.date"):
            list(kept.rows)


def test_rows_kept_in_the_old_format_are_deleted_with_the_job(
    officer: Client, cast: Cast, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    job = preview(officer, xlsx([person(cast, 1)]))
    storage, legacy = job.file.storage, f"{job.file.name}.checked.jsonl"
    storage.save(legacy, ContentFile(b'{"format": 1, "fields": ["nik"]}\n'))

    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/spreadsheets/{job.pk}/cancel/")

    assert not storage.exists(legacy)


def test_a_kept_row_is_what_the_preview_saw_then_the_details_in_their_order() -> None:
    assert StoredRow._fields == ("outcome", "row", "version", "blank", *DETAIL_FIELDS)
