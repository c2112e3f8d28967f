"""The duty pages (placements.views.duties): recording a monthly visit, an
audit, a regular interview and a quarterly report through the forms, the
refusals next to their fields, and the to-do lists."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from placements import deadlines
from placements.models import Audit, MonthlyVisit, QuarterlyReport, RegularInterview
from placements.tests.duty_world import ssw_worker, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db
# 10:00 in Tokyo on 15 September 2026.
MOMENT = datetime.datetime(2026, 9, 15, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def september() -> object:
    with time_machine.travel(MOMENT, tick=False):
        yield


def client_of(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_it_records_a_monthly_visit(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi)
    client = client_of(cast.supervising_officer)

    form = client.get("/placements/duties/visit/new/")
    assert form.status_code == 200
    assert "Sendai Steel" in form.content.decode() or "仙台製鋼株式会社" in form.content.decode()
    data = {
        "company": cast.company.pk,
        "visited_on": "2026-09-14",
        "visitor": "佐藤花子",
        "checked": "実習日誌、労働時間、宿舎を確認した。",
    }
    response = client.post("/placements/duties/visit/new/", data)

    assert response.status_code == 302
    visit = MonthlyVisit.objects.get()
    assert (visit.company, visit.supervising_organization, visit.visitor) == (
        cast.company,
        cast.supervising,
        "佐藤花子",
    )
    assert AuditEntry.objects.filter(action=AuditAction.CREATED, target_id=str(visit.pk)).exists()
    listed = client.get("/placements/duties/").content.decode()
    assert "実習日誌、労働時間、宿舎を確認した。" in listed


@pytest.mark.parametrize(
    ("change", "field"),
    [({"visited_on": "2026-09-16"}, "visited_on"), ({"visitor": ""}, "visitor"), ({"company": "999999"}, "company")],
)
def test_it_refuses_a_bad_visit_at_its_field_and_saves_nothing(
    cast: Cast, japan: Japan, change: dict[str, str], field: str
) -> None:
    working(cast, japan, cast.budi)
    data = {"company": cast.company.pk, "visited_on": "2026-09-14", "visitor": "佐藤", "checked": "日誌"} | change

    response = client_of(cast.supervising_officer).post("/placements/duties/visit/new/", data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not MonthlyVisit.objects.exists()


def test_it_asks_for_findings_when_improvement_is_instructed(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi)
    client = client_of(cast.supervising_officer)
    data = {"company": cast.company.pk, "audited_on": "2026-09-14", "auditor": "鈴木", "outcome": "improvement"}

    refused = client.post("/placements/duties/audit/new/", data)
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["findings"]
    assert not Audit.objects.exists()

    done = client.post("/placements/duties/audit/new/", data | {"findings": "残業代の未払いを是正すること。"})
    assert done.status_code == 302
    assert Audit.objects.get().findings == "残業代の未払いを是正すること。"


def test_the_support_organization_records_interviews_and_reports(cast: Cast, japan: Japan) -> None:
    worker = ssw_worker(cast, japan)
    client = client_of(cast.support_officer)

    interview = {"placement": worker.pk, "interviewed_on": "2026-09-10", "interviewer": "山田", "supervisor": "田中"}
    assert client.post("/placements/duties/interview/new/", interview).status_code == 302
    report = {"company": cast.company.pk, "quarter_start": "2026-04-01", "filed_on": "2026-07-10"}
    assert client.post("/placements/duties/report/new/", report).status_code == 302
    again = client.post("/placements/duties/report/new/", report)

    assert again.status_code == 400
    assert list(again.context["form"].errors) == ["quarter_start"]
    assert RegularInterview.objects.get().organization == cast.support_organization
    assert QuarterlyReport.objects.get().organization == cast.support_organization


def test_it_refuses_a_report_before_the_quarter_ends(cast: Cast, japan: Japan) -> None:
    ssw_worker(cast, japan)
    report = {"company": cast.company.pk, "quarter_start": "2026-04-01", "filed_on": "2026-06-30"}

    response = client_of(cast.support_officer).post("/placements/duties/report/new/", report)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["filed_on"]


def test_the_forms_and_lists_refuse_other_methods(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi)
    client = client_of(cast.ministry_admin)

    assert client.post("/placements/duties/").status_code == 405
    assert client.post("/placements/todo/").status_code == 405
    assert client.put("/placements/duties/visit/new/").status_code == 405


def test_the_todo_list_puts_overdue_first(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi, card_expires_on=datetime.date(2026, 10, 1))

    rows = client_of(cast.supervising_officer).get("/placements/todo/").context["rows"]

    # The June visit and (for the supervising organization) nothing else is overdue on 15 September.
    assert [row.overdue for row in rows] == sorted((row.overdue for row in rows), reverse=True)
    assert rows[0].overdue
    assert rows[0].url == "/placements/duties/visit/new/"
    assert any("Budi Santoso" in row.text for row in rows)
    assert [row.due_on for row in rows] == sorted(row.due_on for row in rows)


def test_the_participant_sees_only_their_own(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi, card_expires_on=datetime.date(2026, 10, 1))
    deadlines.sweep(now=MOMENT)

    page = client_of(cast.participant_user).get("/placements/todo/")

    texts = [row.text for row in page.context["rows"]]
    assert texts
    assert all("Budi Santoso" in text for text in texts)
    assert all(not row.url for row in page.context["rows"])
    assert page.context["notices"]


def test_the_home_lists_the_new_notices(cast: Cast, japan: Japan) -> None:
    working(cast, japan, cast.budi, card_expires_on=datetime.date(2026, 10, 1))
    deadlines.sweep(now=MOMENT)

    work = client_of(cast.company_officer).get("/").context["work"]

    item = next(item for item in work if item.url == "/placements/todo/")
    assert item.urgent  # the June visit is overdue
    assert item.examples
