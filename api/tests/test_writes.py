"""The writes go through the pages' forms and actions: the same checks, the
same history and audit rows, the same refusals (with a code), and 404 for
whoever the page refuses."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from api.inputs import LedgerEntryInput, ParticipantInput
from api.tests.conftest import client_for
from audit.models import AuditAction, AuditEntry
from ledger.forms import EntryForm
from ledger.models import LedgerEntry
from participants.forms import ParticipantForm
from participants.models import Participant, Status, StatusChange
from tests.cast import Cast
from tests.nik import make_nik

BIRTH = datetime.date(2003, 8, 9)


def _registration(cast: Cast, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Dewi Lestari",
        "nik": make_nik(BIRTH, sex="F"),
        "sex": "F",
        "birth_date": BIRTH.isoformat(),
        "birth_place": "Bandung",
        "address": "Jl. Asia Afrika 8, Bandung",
        "training_centre": cast.blk.pk,
        "sending_organization": cast.lpk.pk,
    }
    body.update(overrides)
    return body


def _post(api: Client, url: str, body: dict[str, Any]) -> Any:
    return api.post(url, body, content_type="application/json")


class TestRegistering:
    def test_it_registers_through_the_action(self, cast: Cast) -> None:
        response = _post(client_for(cast.lpk_officer), "/api/v1/participants/", _registration(cast))
        assert response.status_code == 201, response.json()
        dewi = Participant.objects.get(pk=response.json()["id"])
        assert response["Location"] == f"/api/v1/participants/{dewi.pk}/"
        assert (dewi.full_name, dewi.sending_organization, dewi.status) == ("Dewi Lestari", cast.lpk, "registered")
        assert StatusChange.objects.filter(participant=dewi, to_status=Status.REGISTERED).exists()
        entry = AuditEntry.objects.for_object(dewi).get()
        assert (entry.action, entry.actor) == (AuditAction.CREATED, cast.lpk_officer)
        assert "nik" not in response.json()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"nik": "1234"}, "nik"),
            ({"sex": "M"}, "sex"),  # the NIK says female
            ({"birth_date": "2003-08-10"}, "birth_date"),  # the NIK says the 9th
            ({"training_centre": 999999}, "training_centre"),
            ({"full_name": ""}, "full_name"),
            ({"birth_date": "9 August 2003"}, "birth_date"),
        ],
    )
    def test_it_refuses_what_the_form_refuses(self, cast: Cast, overrides: dict[str, Any], field: str) -> None:
        response = _post(client_for(cast.lpk_officer), "/api/v1/participants/", _registration(cast, **overrides))
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation"
        assert field in response.json()["error"]["fields"]
        assert not Participant.objects.filter(full_name="Dewi Lestari").exists()

    def test_it_refuses_a_nik_already_registered(self, cast: Cast) -> None:
        body = _registration(cast, nik=cast.budi.nik, sex="M", birth_date=cast.budi.birth_date.isoformat())
        response = _post(client_for(cast.lpk_officer), "/api/v1/participants/", body)
        assert response.status_code == 400
        assert "nik" in response.json()["error"]["fields"]

    def test_it_keeps_an_lpk_to_its_own_participants(self, cast: Cast) -> None:
        body = _registration(cast, sending_organization=cast.other_lpk.pk)
        response = _post(client_for(cast.lpk_officer), "/api/v1/participants/", body)
        assert response.status_code == 400
        assert "sending_organization" in response.json()["error"]["fields"]

    @pytest.mark.parametrize("persona", ["lpk_viewer", "association_officer", "company_officer", "embassy_officer"])
    def test_it_answers_404_to_whoever_may_not_register(self, cast: Cast, persona: str) -> None:
        response = _post(client_for(getattr(cast, persona)), "/api/v1/participants/", _registration(cast))
        assert response.status_code == 404
        assert not Participant.objects.filter(full_name="Dewi Lestari").exists()


class TestChangingStatus:
    def _move(self, api: Client, cast: Cast, **body: Any) -> Any:
        return _post(api, f"/api/v1/participants/{cast.budi.pk}/status/", body)

    def test_it_moves_along_an_allowed_edge_and_writes_the_history(self, cast: Cast) -> None:
        version = cast.budi.version
        response = self._move(client_for(cast.lpk_officer), cast, to="in_training", version=version)
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == "in_training"
        assert response.json()["version"] == version + 1
        change = StatusChange.objects.get(participant=cast.budi, to_status=Status.IN_TRAINING)
        assert change.changed_by == cast.lpk_officer
        entry = AuditEntry.objects.for_object(cast.budi).get(action=AuditAction.STATUS_CHANGED)
        assert entry.actor == cast.lpk_officer

    def test_it_refuses_a_stale_version(self, cast: Cast) -> None:
        api = client_for(cast.lpk_officer)
        read = cast.budi.version
        assert self._move(api, cast, to="in_training", version=read).status_code == 200
        response = self._move(api, cast, to="withdrawn", reason="moved away", version=read)
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "stale"
        cast.budi.refresh_from_db()
        assert cast.budi.status == Status.IN_TRAINING

    def test_it_refuses_an_edge_that_does_not_exist(self, cast: Cast) -> None:
        response = self._move(client_for(cast.lpk_officer), cast, to="returned", version=cast.budi.version)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "transition_not_allowed"
        assert "to" in response.json()["error"]["fields"]
        cast.budi.refresh_from_db()
        assert cast.budi.status == Status.REGISTERED

    def test_it_asks_a_reason_where_the_page_does(self, cast: Cast) -> None:
        response = self._move(client_for(cast.lpk_officer), cast, to="withdrawn", version=cast.budi.version)
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"reason"}

    def test_it_refuses_ready_before_the_checklist_is_complete(self, cast: Cast) -> None:
        api = client_for(cast.lpk_officer)
        assert self._move(api, cast, to="in_training", version=cast.budi.version).status_code == 200
        cast.budi.refresh_from_db()
        response = self._move(api, cast, to="ready", version=cast.budi.version)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "not_ready"

    def test_it_refuses_a_missing_version(self, cast: Cast) -> None:
        response = self._move(client_for(cast.lpk_officer), cast, to="in_training")
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"version"}

    @pytest.mark.parametrize("persona", ["lpk_viewer", "other_lpk_officer", "company_officer", "embassy_officer"])
    def test_it_answers_404_to_whoever_may_not_change_budi(self, cast: Cast, persona: str) -> None:
        response = self._move(client_for(getattr(cast, persona)), cast, to="in_training", version=cast.budi.version)
        assert response.status_code == 404
        cast.budi.refresh_from_db()
        assert cast.budi.status == Status.REGISTERED


def _line(cast: Cast, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "participant": cast.budi.pk,
        "paid_on": "2026-05-04",
        "cost_class": "training",
        "amount": "1500000",
        "currency": "IDR",
        "payer": "ministry",
        "payee_name": "BBPVP Bekasi",
    }
    body.update(overrides)
    return body


class TestBookingLedgerLines:
    def test_it_books_through_the_action(self, cast: Cast) -> None:
        response = _post(client_for(cast.lpk_officer), "/api/v1/ledger-entries/", _line(cast))
        assert response.status_code == 201, response.json()
        entry = LedgerEntry.objects.get(pk=response.json()["id"])
        assert (entry.participant, entry.amount, entry.booked_by) == (cast.budi, Decimal(1500000), cast.lpk_officer)
        assert AuditEntry.objects.for_object(entry).get().action == AuditAction.CREATED

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"amount": "-5"}, "amount"),
            ({"cost_class": "caviar"}, "cost_class"),
            ({"currency": "EUR"}, "currency"),
            ({"payer": "employer"}, "payer_organization"),
        ],
    )
    def test_it_refuses_what_the_page_refuses(self, cast: Cast, overrides: dict[str, Any], field: str) -> None:
        response = _post(client_for(cast.lpk_officer), "/api/v1/ledger-entries/", _line(cast, **overrides))
        assert response.status_code == 400
        assert field in response.json()["error"]["fields"]
        assert not LedgerEntry.objects.exists()

    @pytest.mark.parametrize("persona", ["lpk_viewer", "other_lpk_officer", "blk_officer", "company_officer"])
    def test_it_answers_404_to_whoever_may_not_book_for_budi(self, cast: Cast, persona: str) -> None:
        response = _post(client_for(getattr(cast, persona)), "/api/v1/ledger-entries/", _line(cast))
        assert response.status_code == 404
        assert not LedgerEntry.objects.exists()

    @pytest.mark.parametrize("body", [{}, {"participant": "budi"}, {"amount": "-5"}], ids=["empty", "wrong", "bad"])
    @pytest.mark.parametrize("persona", ["ministry_viewer", "lpk_viewer", "company_officer", "embassy_officer"])
    def test_it_answers_404_before_reading_the_body_of_whoever_books_nowhere(
        self, cast: Cast, persona: str, body: dict[str, Any]
    ) -> None:
        response = _post(client_for(getattr(cast, persona)), "/api/v1/ledger-entries/", body)
        assert response.status_code == 404
        assert response.json()["error"] == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_it_documents_the_forms_own_fields() -> None:
    """The schema's bodies are the pages' forms: a field added to a form must be added here."""
    assert set(ParticipantInput().fields) == set(ParticipantForm.Meta.fields)
    assert set(LedgerEntryInput().fields) - {"participant"} == set(EntryForm.base_fields) - {"receipt"}
