"""Who may use the import pages: those who may register participants import
participants; a job is seen by its organization and the ministry (404 for
everyone else, as for any record out of scope); confirming, deciding and
undoing need write access in its organization; cancelling too, or write
access in the ministry (which helps an organization whose import was
interrupted)."""

from __future__ import annotations

import pytest
from django.test import Client

from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast

MAY_IMPORT = {"ministry_admin", "ministry_officer", "blk_officer", "lpk_officer", "other_lpk_officer"}
EVERYONE = [
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "blk_officer",
    "lpk_officer",
    "lpk_viewer",
    "other_lpk_officer",
    "association_officer",
    "supervising_officer",
    "company_officer",
    "prefecture_officer",
    "embassy_officer",
    "participant_user",
    "outsider",
]


@pytest.fixture
def job(cast: Cast, client: Client) -> ImportJob:
    client.force_login(cast.lpk_officer)
    client.post("/spreadsheets/", {"kind": "participants", "file": upload(xlsx([person(cast, 1)]))})
    client.logout()
    return ImportJob.objects.get()


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_upload_page_and_templates_are_for_those_who_may_register(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    expected = 200 if persona in MAY_IMPORT else 404
    assert client.get("/spreadsheets/").status_code == expected
    assert client.get("/spreadsheets/template/participants.xlsx").status_code == expected


MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}


@pytest.mark.parametrize("persona", EVERYONE)
def test_a_job_is_seen_only_by_its_organization_and_the_ministry(
    client: Client, cast: Cast, job: ImportJob, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    seen = persona in {"lpk_officer", "lpk_viewer", *MINISTRY}
    for url in (f"/spreadsheets/{job.pk}/", f"/spreadsheets/{job.pk}/errors.xlsx"):
        assert client.get(url).status_code == (200 if seen else 404), url


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_a_writer_of_its_organization_confirms_a_job(
    client: Client, cast: Cast, job: ImportJob, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    confirms = persona == "lpk_officer"
    assert client.post(f"/spreadsheets/{job.pk}/commit/").status_code == (302 if confirms else 404)
    job.refresh_from_db()
    assert job.state == (ImportState.COMMITTED if confirms else ImportState.VALIDATED)


@pytest.mark.parametrize("persona", EVERYONE)
def test_a_writer_of_its_organization_or_the_ministry_cancels_a_job(
    client: Client, cast: Cast, job: ImportJob, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    cancels = persona in {"lpk_officer", "ministry_admin", "ministry_officer"}
    assert client.post(f"/spreadsheets/{job.pk}/cancel/").status_code == (302 if cancels else 404)
    job.refresh_from_db()
    assert job.state == (ImportState.CANCELLED if cancels else ImportState.VALIDATED)


@pytest.mark.parametrize("persona", EVERYONE)
def test_only_a_writer_of_its_organization_undoes_a_job(
    client: Client, cast: Cast, job: ImportJob, persona: str
) -> None:
    client.force_login(cast.lpk_officer)
    client.post(f"/spreadsheets/{job.pk}/commit/")
    client.force_login(getattr(cast, persona))
    undoes = persona == "lpk_officer"
    assert client.get(f"/spreadsheets/{job.pk}/undo/").status_code == (200 if undoes else 404)
    assert client.post(f"/spreadsheets/{job.pk}/undo/").status_code == (302 if undoes else 404)
    job.refresh_from_db()
    assert job.state == (ImportState.UNDONE if undoes else ImportState.COMMITTED)


def test_the_mutating_pages_refuse_get_and_anonymous_visitors(client: Client, job: ImportJob) -> None:
    assert client.get("/spreadsheets/").status_code == 302  # to the login page
    for action in ("commit", "cancel", "undo", "conflicts/2"):
        assert client.post(f"/spreadsheets/{job.pk}/{action}/").status_code == 302, action
    client.force_login(job.uploaded_by)
    for action in ("commit", "cancel", "conflicts/2"):
        assert client.get(f"/spreadsheets/{job.pk}/{action}/").status_code == 405, action
