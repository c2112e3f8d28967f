"""The job order writes go through the job order pages' forms and actions:
the same checks, history and audit rows, the same refusals (with a code), and
404 for whoever the pages refuse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from api.inputs import JobOrderInput, JobOrderStatusInput, JobOrderUpdateInput
from api.tests.conftest import client_for
from audit.models import AuditAction, AuditEntry
from joborders import actions
from joborders.forms import JobOrderForm, TransitionForm
from joborders.models import JobOrder, JobOrderStatus, JobOrderStatusChange
from joborders.tests.world import Japan, build_japan, on_day, order_details
from tests.cast import Cast

WRITERS = ["company_officer", "supervising_officer"]
# The cast's outsider may hold no token at all: another company's officer is the outsider here.
REFUSED = ["lpk_officer", "lpk_viewer", "blk_officer", "embassy_officer", "support_officer", "other_company_officer"]


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    # The tests' own today: orders starting on world.START have not started yet whatever the real date.
    with on_day():
        yield


@pytest.fixture
def japan(cast: Cast) -> Japan:
    return build_japan(cast)


def _order(cast: Cast, japan: Japan, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "company": cast.company.pk,
        "programme": "titp",
        "title": "Welder",
        "titp_stage": 1,
        "job_category": japan.welding.pk,
        "operation": japan.manual_welding.pk,
        "positions": 3,
        "workplace_prefecture": japan.miyagi.pk,
        "workplace_city": "Sendai",
        "workplace_city_ja": "仙台市",
        "monthly_wage": "185,000",
        "hours_per_week": 40,
        "housing_provided": True,
        "housing_cost_jpy": 25000,
        "other_deductions_jpy": 5000,
        "start_date": "2026-10-01",
        "interview_date": "2026-07-15",
        "interview_mode": "online",
        "min_japanese_level": japan.n4.pk,
        "min_age": 18,
        "max_age": 30,
        "experience_months": 0,
        "sending_organizations": [cast.lpk.pk],
    }
    body.update(overrides)
    return body


def _refused(cast: Cast, japan: Japan, persona: str) -> Client:
    user = japan.other_company_officer if persona == "other_company_officer" else getattr(cast, persona)
    return client_for(user)


def _post(api: Client, url: str, body: dict[str, Any]) -> Any:
    return api.post(url, body, content_type="application/json")


def _draft(cast: Cast, japan: Japan) -> JobOrder:
    return actions.create_job_order(details=order_details(cast, japan), by=cast.company_officer)


class TestPlacing:
    @pytest.mark.parametrize("persona", WRITERS)
    def test_it_places_a_draft_through_the_action(self, cast: Cast, japan: Japan, persona: str) -> None:
        response = _post(client_for(getattr(cast, persona)), "/api/v1/job-orders/", _order(cast, japan))
        assert response.status_code == 201, response.json()
        order = JobOrder.objects.get(pk=response.json()["id"])
        assert response["Location"] == f"/api/v1/job-orders/{order.pk}/"
        assert (order.company, order.status, order.monthly_wage_jpy) == (cast.company, JobOrderStatus.DRAFT, 185_000)
        assert order.supervising_organization == cast.supervising
        assert list(order.sending_organizations.all()) == [cast.lpk]
        assert response.json()["version"] == order.version
        assert JobOrderStatusChange.objects.filter(job_order=order, to_status=JobOrderStatus.DRAFT).exists()
        entry = AuditEntry.objects.for_object(order).get()
        assert (entry.action, entry.actor) == (AuditAction.CREATED, getattr(cast, persona))

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"title": ""}, "title"),
            ({"positions": 0}, "positions"),
            ({"monthly_wage": "1500 USD"}, "monthly_wage"),
            ({"monthly_wage": "a lot"}, "monthly_wage"),
            ({"start_date": "1 October 2026"}, "start_date"),
            ({"start_date": "2026-05-01"}, "start_date"),  # already past on the tests' today
            ({"workplace_city_ja": ""}, "workplace_city_ja"),
            ({"programme": "circus"}, "programme"),
            ({"company": 999999}, "company"),
            ({"sending_organizations": [999999]}, "sending_organizations"),
        ],
    )
    def test_it_refuses_what_the_form_refuses(
        self, cast: Cast, japan: Japan, overrides: dict[str, Any], field: str
    ) -> None:
        response = _post(client_for(cast.company_officer), "/api/v1/job-orders/", _order(cast, japan, **overrides))
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation"
        assert field in response.json()["error"]["fields"]
        assert not JobOrder.objects.exists()

    def test_it_keeps_a_company_to_its_own_orders(self, cast: Cast, japan: Japan) -> None:
        body = _order(cast, japan, company=japan.other_company.pk)
        response = _post(client_for(cast.company_officer), "/api/v1/job-orders/", body)
        assert response.status_code == 400
        assert "company" in response.json()["error"]["fields"]
        assert not JobOrder.objects.exists()

    # Another company's officer places orders, for its own company only: the test above.
    @pytest.mark.parametrize("persona", [persona for persona in REFUSED if persona != "other_company_officer"])
    def test_it_answers_404_to_whoever_may_not_place_orders(self, cast: Cast, japan: Japan, persona: str) -> None:
        response = _post(_refused(cast, japan, persona), "/api/v1/job-orders/", _order(cast, japan))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
        assert not JobOrder.objects.exists()


class TestEditing:
    def _save(self, api: Client, order: JobOrder, body: dict[str, Any]) -> Any:
        return _post(api, f"/api/v1/job-orders/{order.pk}/", body)

    @pytest.mark.parametrize("persona", WRITERS)
    def test_it_saves_through_the_action_with_an_audit_row(self, cast: Cast, japan: Japan, persona: str) -> None:
        order = _draft(cast, japan)
        body = _order(cast, japan, title="Welder (semi-automatic)", positions=2, version=order.version)
        response = self._save(client_for(getattr(cast, persona)), order, body)
        assert response.status_code == 200, response.json()
        order.refresh_from_db()
        assert (order.title, order.positions) == ("Welder (semi-automatic)", 2)
        assert response.json()["version"] == order.version == body["version"] + 1
        entry = AuditEntry.objects.for_object(order).get(action=AuditAction.UPDATED)
        assert entry.actor == getattr(cast, persona)
        assert entry.changes["title"] == ["Welder", "Welder (semi-automatic)"]

    def test_it_refuses_a_stale_version(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        api = client_for(cast.company_officer)
        read = order.version
        assert self._save(api, order, _order(cast, japan, title="First", version=read)).status_code == 200
        response = self._save(api, order, _order(cast, japan, title="Second", version=read))
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "stale"
        order.refresh_from_db()
        assert order.title == "First"

    def test_it_refuses_a_missing_version(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        response = self._save(client_for(cast.company_officer), order, _order(cast, japan, title="Changed"))
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"version"}

    def test_it_refuses_what_the_form_refuses(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        body = _order(cast, japan, hours_per_week=0, version=order.version)
        response = self._save(client_for(cast.company_officer), order, body)
        assert response.status_code == 400
        assert "hours_per_week" in response.json()["error"]["fields"]
        order.refresh_from_db()
        assert order.hours_per_week == 40

    def test_it_keeps_the_decided_fields_of_an_open_order(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        order = actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer)
        # As on the page, the decided fields are the form's disabled ones: what is sent for them is ignored.
        body = _order(cast, japan, positions=1, notes="Bring safety boots.", version=order.version)
        response = self._save(client_for(cast.company_officer), order, body)
        assert response.status_code == 200, response.json()
        order.refresh_from_db()
        assert (order.positions, order.notes) == (3, "Bring safety boots.")

    def test_it_answers_404_for_an_order_that_can_no_longer_change(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        by = cast.company_officer
        actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=by)
        order = actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.CANCELLED, reason="x", by=by)
        response = self._save(client_for(by), order, _order(cast, japan, title="Changed", version=order.version))
        assert response.status_code == 404
        order.refresh_from_db()
        assert order.title == "Welder"

    @pytest.mark.parametrize("persona", REFUSED)
    def test_it_answers_404_to_whoever_may_not_change_it(self, cast: Cast, japan: Japan, persona: str) -> None:
        order = _draft(cast, japan)
        body = _order(cast, japan, title="Changed", version=order.version)
        response = self._save(_refused(cast, japan, persona), order, body)
        assert response.status_code == 404
        order.refresh_from_db()
        assert order.title == "Welder"


class TestChangingStatus:
    def _move(self, api: Client, order: JobOrder, **body: Any) -> Any:
        return _post(api, f"/api/v1/job-orders/{order.pk}/status/", body)

    @pytest.mark.parametrize("persona", WRITERS)
    def test_it_opens_and_writes_the_history(self, cast: Cast, japan: Japan, persona: str) -> None:
        order = _draft(cast, japan)
        response = self._move(client_for(getattr(cast, persona)), order, to="open")
        assert response.status_code == 200, response.json()
        assert (response.json()["status"], response.json()["version"]) == ("open", order.version + 1)
        change = JobOrderStatusChange.objects.get(job_order=order, to_status=JobOrderStatus.OPEN)
        assert (change.from_status, change.changed_by) == (JobOrderStatus.DRAFT, getattr(cast, persona))
        assert change.decisions.exists()  # the rules' answers are kept with the move
        entry = AuditEntry.objects.for_object(order).get(action=AuditAction.STATUS_CHANGED)
        assert entry.actor == getattr(cast, persona)

    def test_it_makes_a_final_move_without_asking_twice(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer)
        response = self._move(client_for(cast.company_officer), order, to="cancelled", reason="The plant closes.")
        assert response.status_code == 200, response.json()
        change = JobOrderStatusChange.objects.get(job_order=order, to_status=JobOrderStatus.CANCELLED)
        assert change.reason == "The plant closes."

    def test_it_refuses_an_edge_that_does_not_exist(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        response = self._move(client_for(cast.company_officer), order, to="filled")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "transition_not_allowed"
        assert "to" in response.json()["error"]["fields"]
        order.refresh_from_db()
        assert order.status == JobOrderStatus.DRAFT

    def test_it_refuses_an_opening_the_rules_refuse(self, cast: Cast, japan: Japan) -> None:
        # More stage i positions than the company's quota allows.
        order = actions.create_job_order(details=order_details(cast, japan, positions=5), by=cast.company_officer)
        response = self._move(client_for(cast.company_officer), order, to="open")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "refused"
        assert response.json()["error"]["message"]
        order.refresh_from_db()
        assert order.status == JobOrderStatus.DRAFT
        assert not JobOrderStatusChange.objects.filter(job_order=order, to_status=JobOrderStatus.OPEN).exists()

    def test_it_asks_a_reason_to_cancel(self, cast: Cast, japan: Japan) -> None:
        order = _draft(cast, japan)
        actions.change_job_order_status(job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer)
        response = self._move(client_for(cast.company_officer), order, to="cancelled", reason="  ")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "validation"
        assert set(response.json()["error"]["fields"]) == {"reason"}
        order.refresh_from_db()
        assert order.status == JobOrderStatus.OPEN

    def test_it_refuses_a_status_that_does_not_exist(self, cast: Cast, japan: Japan) -> None:
        response = self._move(client_for(cast.company_officer), _draft(cast, japan), to="sold")
        assert response.status_code == 400
        assert set(response.json()["error"]["fields"]) == {"to"}

    @pytest.mark.parametrize("persona", REFUSED)
    def test_it_answers_404_to_whoever_may_not_move_it(self, cast: Cast, japan: Japan, persona: str) -> None:
        order = _draft(cast, japan)
        response = self._move(_refused(cast, japan, persona), order, to="open")
        assert response.status_code == 404
        order.refresh_from_db()
        assert order.status == JobOrderStatus.DRAFT


def test_it_documents_the_forms_own_fields() -> None:
    """The schema's bodies are the pages' forms: a field added to a form must be added here."""
    assert set(JobOrderUpdateInput().fields) == set(JobOrderForm.base_fields)
    assert set(JobOrderInput().fields) == set(JobOrderForm.base_fields) - {"version"}
    assert set(JobOrderStatusInput().fields) == set(TransitionForm.base_fields) - {"confirmed"}
