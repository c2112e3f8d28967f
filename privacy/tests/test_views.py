"""The participant's "My data" page and the staff's review of privacy requests,
through their URLs."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.test import Client

from audit.models import AuditAction, AuditEntry
from participants.models import Participant
from privacy import actions
from privacy.models import ConsentRecord, CorrectableField, CorrectionRequest, ErasureRequest, RequestStatus
from privacy.tests.world import budis_correction, budis_erasure
from protection.tests.intake_world import budis_report
from tests.cast import Cast
from tests.pdf import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def budi(client: Client, cast: Cast) -> Client:
    client.force_login(cast.participant_user)
    return client


def _as(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


# --- the participant -----------------------------------------------------------


def test_it_shows_the_rights_the_consent_and_the_requests(budi: Client, cast: Cast) -> None:
    budis_correction(cast)

    page = budi.get("/privacy/").content.decode()

    assert 'href="/privacy/my-data.pdf?language=ja"' in page
    assert "Budi Santoso Putra" in page
    assert 'name="given" value="yes"' in page  # no consent yet: the button gives it


def test_it_gives_and_withdraws_the_photo_consent(budi: Client, cast: Cast) -> None:
    given = budi.post("/privacy/consent/", {"given": "yes"})
    withdrawn = budi.post("/privacy/consent/", {"given": "no"})

    assert given.status_code == withdrawn.status_code == 302
    assert withdrawn["Location"] == "/privacy/#top"
    records = ConsentRecord.objects.order_by("pk")
    assert [(r.given, r.recorded_by) for r in records] == [
        (True, cast.participant_user),
        (False, cast.participant_user),
    ]
    assert 'name="given" value="yes"' in budi.get("/privacy/").content.decode()


def test_it_downloads_everything_as_json_and_audits_it(budi: Client, cast: Cast) -> None:
    budis_report(cast)

    response = budi.get("/privacy/my-data.json")

    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["participant"][0]["nik"] == cast.budi.nik
    assert data["participant"][0]["full_name"] == "Budi Santoso"
    assert data["grievances"][0]["description"] == "Gaji dipotong."
    assert data["history"][0]["to_status"]
    assert "version" not in data["participant"][0]
    assert AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE, changes={"copy": "json"}).exists()


def test_it_leaves_staff_logins_out_of_the_copy(budi: Client, cast: Cast) -> None:
    data = json.loads(budi.get("/privacy/my-data.json").content)

    assert "changed_by" not in data["history"][0]
    assert cast.blk_officer.username not in json.dumps(data)


@pytest.mark.parametrize(("language", "words"), [("id", "Data pribadi"), ("en", "Personal data"), ("ja", "個人")])
def test_it_prints_the_copy_in_each_language(budi: Client, language: str, words: str) -> None:
    response = budi.get(f"/privacy/my-data.pdf?language={language}")

    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Budi Santoso" in text
    if language == "en":  # the catalogues are the lead's to merge; English is the source
        assert words in text


def test_it_answers_404_to_a_language_it_does_not_print(budi: Client) -> None:
    assert budi.get("/privacy/my-data.pdf?language=fr").status_code == 404


def test_it_asks_for_a_correction(budi: Client, cast: Cast) -> None:
    response = budi.post("/privacy/corrections/", {"field": "phone", "value": "0812 3456 789", "reason": "Nomor baru."})

    assert response.status_code == 302
    asked = CorrectionRequest.objects.get()
    assert (asked.field, asked.value, asked.requested_by) == ("phone", "0812 3456 789", cast.participant_user)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"field": "email", "value": "not an address"}, "value"), ({"field": "nik", "value": "3201"}, "field")],
)
def test_it_refuses_a_correction_at_the_form_and_keeps_what_was_typed(
    budi: Client, fields: dict[str, str], field: str
) -> None:
    response = budi.post("/privacy/corrections/", fields)

    assert response.status_code == 400
    assert response.context["correction_form"].errors[field]
    assert fields["value"] in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_it_wants_the_erasure_confirmed(budi: Client) -> None:
    refused = budi.post("/privacy/erasure/", {"reason": "x"})
    asked = budi.post("/privacy/erasure/", {"reason": "x", "confirm": "on"})

    assert refused.status_code == 400
    assert asked.status_code == 302
    assert ErasureRequest.objects.count() == 1


def test_it_answers_in_place_with_htmx(budi: Client) -> None:
    response = budi.post("/privacy/erasure/", {}, headers={"HX-Request": "true"})

    assert response.status_code == 422


def test_it_shows_the_participant_the_outcome(budi: Client, cast: Cast) -> None:
    asked = budis_correction(cast)
    _as(Client(), cast.lpk_officer).post(
        f"/privacy/requests/corrections/{asked.pk}/", {"accept": "no", "decision": "Nama di KTP: Budi Santoso."}
    )

    page = budi.get("/privacy/").content.decode()

    assert "Nama di KTP: Budi Santoso." in page


# --- staff ---------------------------------------------------------------------


def test_it_queues_the_oldest_open_request_first_and_marks_the_overdue(client: Client, cast: Cast) -> None:
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)):
        old = budis_correction(cast)
    budis_erasure(cast)

    with time_machine.travel(datetime.datetime(2026, 12, 6, 9, tzinfo=datetime.UTC)):
        response = _as(client, cast.ministry_officer).get("/privacy/requests/")

    assert list(response.context["corrections"]) == [old]
    assert "status-overdue" in response.content.decode()
    assert len(response.context["erasures"]) == 1


def test_it_shows_an_lpk_only_its_participants_requests_and_no_erasures(client: Client, cast: Cast) -> None:
    budis_correction(cast)
    budis_erasure(cast)

    mine = _as(client, cast.lpk_officer).get("/privacy/requests/")
    theirs = _as(Client(), cast.other_lpk_officer).get("/privacy/requests/")

    assert len(mine.context["corrections"]) == 1
    assert not mine.context["may_review_erasures"]
    assert "/privacy/requests/erasure/" not in mine.content.decode()
    assert len(theirs.context["corrections"]) == 0


def test_it_accepts_a_correction(client: Client, cast: Cast) -> None:
    asked = budis_correction(cast)

    response = _as(client, cast.blk_officer).post(f"/privacy/requests/corrections/{asked.pk}/", {"accept": "yes"})

    assert response.status_code == 302
    assert Participant.objects.get(pk=cast.budi.pk).full_name == "Budi Santoso Putra"


def test_it_wants_a_reason_to_reject_at_the_form(client: Client, cast: Cast) -> None:
    asked = budis_correction(cast)

    response = _as(client, cast.blk_officer).post(f"/privacy/requests/corrections/{asked.pk}/", {"accept": "no"})

    assert response.status_code == 400
    assert response.context["form"].errors["decision"]
    assert CorrectionRequest.objects.get().status == RequestStatus.OPEN


def test_it_says_so_when_no_decision_button_came_with_the_post(client: Client, cast: Cast) -> None:
    asked = budis_correction(cast)

    response = _as(client, cast.blk_officer).post(f"/privacy/requests/corrections/{asked.pk}/", {"decision": "x"})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert CorrectionRequest.objects.get().status == RequestStatus.OPEN


def test_it_names_the_exception_and_offers_no_anonymization_while_it_holds(client: Client, cast: Cast) -> None:
    budis_report(cast)
    asked = budis_erasure(cast)
    officer = _as(client, cast.ministry_officer)

    page = officer.get(f"/privacy/requests/erasure/{asked.pk}/")
    refused = officer.post(f"/privacy/requests/erasure/{asked.pk}/", {"anonymize": "yes"})
    decided = officer.post(
        f"/privacy/requests/erasure/{asked.pk}/", {"anonymize": "no", "exceptions": ["open_grievance"]}
    )

    assert 'name="anonymize" value="yes"' not in page.content.decode()
    assert refused.status_code == 400
    assert decided.status_code == 302
    asked.refresh_from_db()
    assert (asked.status, asked.exceptions) == (RequestStatus.REJECTED, ["open_grievance"])


def test_it_anonymizes_from_the_review_page(client: Client, cast: Cast) -> None:
    asked = budis_erasure(cast)

    response = _as(client, cast.ministry_officer).post(
        f"/privacy/requests/erasure/{asked.pk}/", {"anonymize": "yes", "decision": "Tidak ada pengecualian."}
    )

    assert response.status_code == 302
    assert Participant.objects.get(pk=cast.budi.pk).full_name.startswith("Anonim")


def test_it_logs_the_reading_of_a_requested_address(client: Client, cast: Cast) -> None:
    asked = actions.ask_correction(
        participant_id=cast.budi.pk,
        field=CorrectableField.ADDRESS,
        value="Jl. Baru 2",
        reason="",
        by=cast.participant_user,
    )

    _as(client, cast.lpk_officer).get(f"/privacy/requests/corrections/{asked.pk}/")

    entry = AuditEntry.objects.filter(action=AuditAction.VIEWED_SENSITIVE).get()
    assert (entry.actor, entry.changes) == (cast.lpk_officer, {"address": None})
