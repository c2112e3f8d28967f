"""Health checks are specific personal data (UU 27/2022): only the ministry,
the participant's own LPK/SO and the participant see them, every showing is
audit-logged, and everyone else is not even told whether there are any."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from participants.models import HealthCheck, HealthResult, Participant
from participants.tests.records import days_from_today, health_check
from tests.cast import Cast

CLINIC = "Klinik Sehat Bekasi"


def _health_views(participant: Participant) -> int:
    return (
        AuditEntry.objects.for_object(participant)
        .filter(action=AuditAction.VIEWED_SENSITIVE, changes__has_key="health_checks")
        .count()
    )


@pytest.fixture
def budi_examined(cast: Cast) -> Participant:
    health_check(cast.budi, cast.lpk_officer, result=HealthResult.CONDITIONAL)
    return cast.budi


@pytest.mark.parametrize(
    "persona",
    ["ministry_admin", "ministry_officer", "ministry_viewer", "lpk_officer", "lpk_viewer", "participant_user"],
)
def test_the_ministry_the_lpk_and_the_participant_see_health_checks(
    client: Client, cast: Cast, budi_examined: Participant, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    response = client.get(f"/participants/{budi_examined.pk}/")
    assert response.status_code == 200
    assert [row.check.clinic for row in response.context["health"]] == [CLINIC]
    assert CLINIC in response.content.decode()


def test_every_showing_of_health_checks_writes_one_audit_row(
    client: Client, cast: Cast, budi_examined: Participant
) -> None:
    client.force_login(cast.ministry_officer)
    client.get(f"/participants/{budi_examined.pk}/")
    client.get(f"/participants/{budi_examined.pk}/")
    assert _health_views(budi_examined) == 2
    entry = AuditEntry.objects.for_object(budi_examined).filter(changes__has_key="health_checks").first()
    assert entry is not None
    assert entry.actor == cast.ministry_officer
    assert entry.changes == {"health_checks": None}


def test_a_participant_reading_their_own_health_checks_is_recorded_too(
    client: Client, cast: Cast, budi_examined: Participant
) -> None:
    client.force_login(cast.participant_user)
    client.get(f"/participants/{budi_examined.pk}/")
    assert _health_views(budi_examined) == 1


def test_a_blk_officer_never_sees_health_checks(client: Client, cast: Cast, budi_examined: Participant) -> None:
    client.force_login(cast.blk_officer)
    response = client.get(f"/participants/{budi_examined.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["health"] is None
    assert 'id="health"' not in html
    assert CLINIC not in html
    assert _health_views(budi_examined) == 0


def test_a_blk_officer_is_not_told_whether_there_are_any_checks(client: Client, cast: Cast) -> None:
    """With and without a check on file, the page says the same about health."""
    client.force_login(cast.blk_officer)
    before = client.get(f"/participants/{cast.budi.pk}/").context["checklist"]
    health_check(cast.budi, cast.lpk_officer)
    after = client.get(f"/participants/{cast.budi.pk}/").context["checklist"]
    assert before == after
    health_row = next(row for row in after.rows if row.state == "hidden")
    assert health_row.detail == ""


@pytest.mark.parametrize("persona", ["embassy_officer", "other_blk_officer"])
def test_the_embassy_and_the_training_centre_see_a_placed_worker_but_not_their_health(
    client: Client, cast: Cast, persona: str
) -> None:
    health_check(cast.siti, cast.other_lpk_officer)
    client.force_login(getattr(cast, persona))
    response = client.get(f"/participants/{cast.siti.pk}/")
    assert response.status_code == 200
    assert response.context["health"] is None
    assert CLINIC not in response.content.decode()
    assert _health_views(cast.siti) == 0


@pytest.mark.parametrize(
    "persona",
    ["other_lpk_officer", "other_blk_officer", "embassy_officer", "company_officer", "association_officer", "outsider"],
)
def test_those_who_do_not_see_the_participant_get_404(
    client: Client, cast: Cast, budi_examined: Participant, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get(f"/participants/{budi_examined.pk}/").status_code == 404
    assert client.get(f"/participants/{budi_examined.pk}/health/new/").status_code == 404
    assert _health_views(budi_examined) == 0


# --- recording ----------------------------------------------------------------


def _form(**overrides: str) -> dict[str, str]:
    return {
        "examined_on": days_from_today(-3).isoformat(),
        "result": HealthResult.FIT,
        "expires_on": "",
        "clinic": CLINIC,
        "notes": "",
        **overrides,
    }


@pytest.mark.parametrize("persona", ["ministry_officer", "lpk_officer"])
def test_the_ministry_and_the_lpk_record_a_health_check(client: Client, cast: Cast, persona: str) -> None:
    officer: User = getattr(cast, persona)
    client.force_login(officer)
    response = client.post(f"/participants/{cast.budi.pk}/health/new/", _form())
    assert response.status_code == 302
    check = HealthCheck.objects.get(participant=cast.budi)
    assert (check.result, check.recorded_by) == (HealthResult.FIT, officer)


def test_recording_is_audited_without_the_result(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.post(f"/participants/{cast.budi.pk}/health/new/", _form(result=HealthResult.UNFIT, notes="asthma"))
    entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.UPDATED)
    assert entry.actor == cast.lpk_officer
    assert "health_checks" in entry.changes
    assert "unfit" not in str(entry.changes)
    assert "asthma" not in str(entry.changes)


def test_a_check_is_valid_for_a_year_unless_told_otherwise(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    client.post(f"/participants/{cast.budi.pk}/health/new/", _form(examined_on="2026-02-28"))
    client.post(f"/participants/{cast.budi.pk}/health/new/", _form(examined_on="2026-03-01", expires_on="2026-06-01"))
    expiries = {str(c.examined_on): str(c.expires_on) for c in HealthCheck.objects.filter(participant=cast.budi)}
    assert expiries == {"2026-02-28": "2027-02-28", "2026-03-01": "2026-06-01"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"examined_on": days_from_today(1).isoformat()}, "examined_on"),
        ({"examined_on": "2026-03-01", "expires_on": "2026-02-01"}, "expires_on"),
        ({"result": "healthy"}, "result"),
    ],
    ids=["examined-in-the-future", "expires-before-examined", "unknown-result"],
)
def test_it_refuses_a_wrong_check_and_keeps_what_was_typed(
    client: Client, cast: Cast, overrides: dict[str, str], field: str
) -> None:
    client.force_login(cast.lpk_officer)
    response = client.post(f"/participants/{cast.budi.pk}/health/new/", _form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"]["clinic"].value() == CLINIC
    assert not HealthCheck.objects.exists()


@pytest.mark.parametrize("persona", ["blk_officer", "lpk_viewer", "participant_user", "ministry_viewer"])
def test_others_who_see_the_participant_may_not_record_health(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get(f"/participants/{cast.budi.pk}/health/new/").status_code == 404
    assert client.post(f"/participants/{cast.budi.pk}/health/new/", _form()).status_code == 404
    assert not HealthCheck.objects.exists()


def test_recording_requires_login(client: Client, cast: Cast) -> None:
    response = client.post(f"/participants/{cast.budi.pk}/health/new/", _form())
    assert response.status_code == 302
    assert "/login" in response["Location"]
