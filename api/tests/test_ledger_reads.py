"""What a person paid is their personal data: reading ledger lines through
the API is logged per person, as the ledger pages log it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from api.tests.conftest import client_for
from audit.models import AuditAction, AuditEntry
from ledger.tests.world import company_paid_line, participant_paid
from tests.cast import Cast


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _reads_of(cast: Cast) -> list[AuditEntry]:
    return list(AuditEntry.objects.for_object(cast.budi).filter(action=AuditAction.VIEWED_SENSITIVE))


def test_it_logs_a_read_of_the_list_once_per_person(cast: Cast) -> None:
    participant_paid(cast)
    participant_paid(cast, amount="1000")
    response = client_for(cast.lpk_viewer).get("/api/v1/ledger-entries/")
    assert len(response.json()["results"]) == 2
    reads = _reads_of(cast)
    assert [(entry.actor, entry.changes) for entry in reads] == [(cast.lpk_viewer, {"ledger": None})]


def test_it_logs_a_read_of_one_line(cast: Cast) -> None:
    line = company_paid_line(cast)
    assert client_for(cast.company_officer).get(f"/api/v1/ledger-entries/{line.pk}/").status_code == 200
    assert [entry.actor for entry in _reads_of(cast)] == [cast.company_officer]


def test_it_logs_nothing_when_nothing_is_read(cast: Cast) -> None:
    participant_paid(cast)
    assert client_for(cast.other_lpk_officer).get("/api/v1/ledger-entries/").json()["results"] == []
    assert _reads_of(cast) == []
