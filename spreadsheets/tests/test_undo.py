"""Undoing a participant import while IMPORT_UNDO_DAYS last: the values it
replaced come back (an address it erased included), the records it registered
go, in one transaction with audit rows; nobody's later work is undone (such
records are kept and listed); afterwards the replaced values are deleted."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from participants import actions
from participants.models import HealthResult, Participant, Status
from spreadsheets.models import ImportChange, ImportJob, ImportState
from spreadsheets.tests.files import HEADINGS, person, upload, xlsx
from tests.cast import Cast, details

COMMITTED_AT = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HEADINGS_WITH_ADDRESS = [*HEADINGS, "Alamat"]


@pytest.fixture
def officer(client: Client, cast: Cast, settings: Settings) -> Client:
    settings.IMPORT_UNDO_DAYS = 7
    client.force_login(cast.lpk_officer)
    client.cookies["django_language"] = "en"
    return client


def budi_row(cast: Cast, address: str) -> list[object]:
    return [
        *person(
            cast,
            1,
            NIK=cast.budi.nik,
            **{"Nama Lengkap": cast.budi.full_name, "Tanggal Lahir": cast.budi.birth_date, "Tempat Lahir": ""},
        ),
        address,
    ]


def imported(client: Client, rows: list[list[object]]) -> ImportJob:
    """The rows imported (previewed and confirmed) at COMMITTED_AT."""
    with time_machine.travel(COMMITTED_AT, tick=False):
        client.post(
            "/spreadsheets/", {"kind": "participants", "file": upload(xlsx(rows, headings=HEADINGS_WITH_ADDRESS))}
        )
        job = ImportJob.objects.get(state=ImportState.VALIDATED)
        client.post(f"/spreadsheets/{job.pk}/commit/")
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED
    return job


def undo(client: Client, job: ImportJob, *, days_later: int = 1) -> ImportJob:
    with time_machine.travel(COMMITTED_AT + datetime.timedelta(days=days_later), tick=False):
        client.post(f"/spreadsheets/{job.pk}/undo/")
    job.refresh_from_db()
    return job


def test_it_puts_back_an_erased_address_and_removes_the_records_it_registered(officer: Client, cast: Cast) -> None:
    address = cast.budi.address
    job = imported(officer, [budi_row(cast, "(hapus)"), [*person(cast, 2), "Jl. Baru 2"]])
    assert Participant.objects.get(pk=cast.budi.pk).address == ""
    new = Participant.objects.get(full_name="Peserta 2")

    with time_machine.travel(COMMITTED_AT + datetime.timedelta(days=1), tick=False):
        plan = officer.get(f"/spreadsheets/{job.pk}/undo/").content.decode()
    job = undo(officer, job)

    assert 'id="undo-restore">1<' in plan
    assert 'id="undo-remove">1<' in plan
    assert (job.state, job.undone_by, job.undo_kept) == (ImportState.UNDONE, cast.lpk_officer, [])
    budi = Participant.objects.get(pk=cast.budi.pk)
    assert (budi.address, budi.version) == (address, 3)
    assert not Participant.objects.filter(pk=new.pk).exists()
    restored = AuditEntry.objects.for_object(budi).filter(action=AuditAction.UPDATED).order_by("-id").first()
    assert restored is not None
    assert restored.changes == {"address": ["•••", "•••"], "undone_import": [job.pk, None]}
    removed = AuditEntry.objects.filter(action=AuditAction.DELETED, target_id=str(new.pk)).get()
    assert (removed.actor, removed.target_repr) == (cast.lpk_officer, "Peserta 2")
    entry = AuditEntry.objects.for_object(job).order_by("-id").first()
    assert entry is not None
    assert entry.changes == {
        "state": ["committed", "undone"],
        "restored": [None, 1],
        "removed": [None, 1],
        "kept": [None, 0],
    }
    assert not ImportChange.objects.filter(job=job).exists()
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "Undone by lpk_officer" in page


def test_a_record_someone_changed_since_is_kept_and_listed(officer: Client, cast: Cast) -> None:
    job = imported(officer, [budi_row(cast, "Jl. Baru 2")])
    actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(cast, nik=cast.budi.nik, address="Jl. Lain 3"),
        expected_version=2,
        by=cast.lpk_officer,
    )

    job = undo(officer, job)

    assert Participant.objects.get(pk=cast.budi.pk).address == "Jl. Lain 3"
    assert job.undo_kept == [{"participant": cast.budi.pk, "row": 2, "reason": "changed_since"}]
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "Changed after the import: someone else&#x27;s change is kept." in page
    assert cast.budi.full_name in page


def test_a_record_moved_out_of_the_undoers_scope_is_kept(officer: Client, cast: Cast) -> None:
    job = imported(officer, [budi_row(cast, "Jl. Baru 2")])
    actions.update_participant(
        participant_id=cast.budi.pk,
        details=details(cast, nik=cast.budi.nik, address="Jl. Baru 2", sending_organization=cast.other_lpk),
        expected_version=2,
        by=cast.ministry_officer,
    )

    job = undo(officer, job)

    assert job.undo_kept == [{"participant": cast.budi.pk, "row": 2, "reason": "not_yours"}]
    assert Participant.objects.get(pk=cast.budi.pk).address == "Jl. Baru 2"
    page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
    assert "A participant you may not see." in page
    assert cast.budi.full_name not in page


def _status_changed(cast: Cast, participant: Participant) -> None:
    actions.change_status(participant_id=participant.pk, to=Status.IN_TRAINING, by=cast.lpk_officer)


def _edited(cast: Cast, participant: Participant) -> None:
    actions.update_participant(
        participant_id=participant.pk,
        details=details(cast, nik=participant.nik, birth_date=participant.birth_date, full_name="Peserta Dua"),
        expected_version=1,
        by=cast.lpk_officer,
    )


def _health_check_recorded(cast: Cast, participant: Participant) -> None:
    actions.record_health_check(
        participant_id=participant.pk,
        details=actions.HealthCheckDetails(
            examined_on=datetime.date(2026, 3, 1),
            result=HealthResult.FIT,
            expires_on=datetime.date(2027, 3, 1),
            clinic="Klinik",
            notes="",
        ),
        by=cast.lpk_officer,
    )


@pytest.mark.parametrize("work", [_status_changed, _edited, _health_check_recorded])
def test_a_registered_record_someone_worked_on_since_is_kept(officer: Client, cast: Cast, work: object) -> None:
    job = imported(officer, [[*person(cast, 2), ""], [*person(cast, 3), ""]])
    worked_on, untouched = (
        Participant.objects.with_nik(str(person(cast, 2)[0])).get(),
        Participant.objects.with_nik(str(person(cast, 3)[0])).get(),
    )
    work(cast, worked_on)  # type: ignore[operator]

    job = undo(officer, job)

    assert Participant.objects.filter(pk=worked_on.pk).exists()
    assert not Participant.objects.filter(pk=untouched.pk).exists()
    assert job.undo_kept == [{"participant": worked_on.pk, "row": 0, "reason": "worked_on"}]


def test_undo_ends_with_its_period_and_the_replaced_values_go(officer: Client, cast: Cast) -> None:
    job = imported(officer, [budi_row(cast, "Jl. Baru 2")])
    assert ImportChange.objects.filter(job=job).count() == 1
    eight_days_later = COMMITTED_AT + datetime.timedelta(days=8)

    with time_machine.travel(eight_days_later, tick=False):
        page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
        confirmation = officer.get(f"/spreadsheets/{job.pk}/undo/")
        refused = officer.post(f"/spreadsheets/{job.pk}/undo/", follow=True).content.decode()
        call_command("sweep_imports", stdout=io.StringIO())
        after_sweep = officer.get(f"/spreadsheets/{job.pk}/").content.decode()

    assert "Undo this import" not in page
    assert confirmation.status_code == 404
    assert "This import can no longer be undone." in refused
    job.refresh_from_db()
    assert job.state == ImportState.COMMITTED
    assert not ImportChange.objects.filter(job=job).exists()
    assert "deleted when its undo period ended" in after_sweep


def test_within_its_period_the_page_offers_the_undo_and_the_sweep_keeps_the_values(officer: Client, cast: Cast) -> None:
    job = imported(officer, [budi_row(cast, "Jl. Baru 2")])
    with time_machine.travel(COMMITTED_AT + datetime.timedelta(days=6), tick=False):
        page = officer.get(f"/spreadsheets/{job.pk}/").content.decode()
        call_command("sweep_imports", stdout=io.StringIO())
    assert "Undo this import" in page
    assert ImportChange.objects.filter(job=job).count() == 1


def test_no_undo_when_the_period_is_zero(officer: Client, cast: Cast, settings: Settings) -> None:
    settings.IMPORT_UNDO_DAYS = 0
    job = imported(officer, [budi_row(cast, "Jl. Baru 2")])
    with time_machine.travel(COMMITTED_AT + datetime.timedelta(minutes=1), tick=False):
        assert officer.get(f"/spreadsheets/{job.pk}/undo/").status_code == 404


def test_an_undone_import_cannot_be_undone_again(officer: Client, cast: Cast) -> None:
    job = undo(officer, imported(officer, [budi_row(cast, "Jl. Baru 2")]))
    again = officer.post(f"/spreadsheets/{job.pk}/undo/", follow=True).content.decode()
    assert "This import can no longer be undone." in again
