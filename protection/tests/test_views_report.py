"""The worker's own grievance pages: report, list, the case page with its
conversation, files and consents. Only the worker reaches them."""

from __future__ import annotations

import pytest
from django.test import Client

from placements.tests.duty_world import budi_at_work
from protection.actions.cases import CaseDetails, open_case
from protection.actions.conversation import write_note
from protection.models import Case, Category, Door, Note, Visibility
from protection.tests.files import PNG, PROGRAM, upload
from tests.cast import Cast

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><b>tebal</b>'


def _budis_case(cast: Cast, description: str = "Gaji dipotong.") -> Case:
    return open_case(
        details=CaseDetails(category=Category.WAGES, description=description, participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )


@pytest.fixture
def budi(client: Client, cast: Cast) -> Client:
    client.force_login(cast.participant_user)
    return client


def test_it_takes_a_report_and_opens_its_page(budi: Client, cast: Cast) -> None:
    placement = budi_at_work(cast)
    response = budi.post(
        "/protection/report/",
        {"category": Category.OVERTIME, "severity": "serious", "description": "Lembur 100 jam.", "file": upload()},
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/protection/my-reports/{case.pk}/#top"
    assert (case.door, case.participant, case.company) == (Door.PARTICIPANT, cast.budi, placement.company)
    assert case.language == "id"
    assert case.attachments.count() == 1


def test_it_shows_the_company_the_report_will_concern(budi: Client, cast: Cast) -> None:
    placement = budi_at_work(cast)
    assert placement.company.name in budi.get("/protection/report/").content.decode()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "wages", "severity": "normal", "description": "   "}, "description"),
        ({"category": "holiday", "severity": "normal", "description": "x"}, "category"),
        ({"category": "wages", "severity": "normal", "description": "x", "file": upload(PROGRAM, "a.jpg")}, "file"),
    ],
)
def test_it_refuses_a_bad_report_at_its_field_and_keeps_what_was_typed(
    budi: Client, fields: dict[str, object], field: str
) -> None:
    response = budi.post("/protection/report/", fields)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["form"]["severity"].value() == "normal"
    assert not Case.objects.exists()


def test_it_lists_the_workers_own_reports_but_not_an_anonymous_one(budi: Client, cast: Cast) -> None:
    own = _budis_case(cast)
    open_case(
        details=CaseDetails(category=Category.HOUSING, description="Asrama."),
        door=Door.ANONYMOUS,
        by=None,
        pin="123456",
    )
    assert list(budi.get("/protection/my-reports/").context["cases"]) == [own]


def test_it_shows_the_conversation_meant_for_the_reporter_as_text(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast, description=SCRIPT)
    write_note(
        case_id=case.pk,
        text="Kapan gaji dibayar?",
        visibility=Visibility.REPORTER,
        by=cast.lpk_officer,
        organization=cast.lpk,
    )
    write_note(
        case_id=case.pk,
        text="Catatan internal",
        visibility=Visibility.INTERNAL,
        by=cast.lpk_officer,
        organization=cast.lpk,
    )
    write_note(
        case_id=case.pk,
        text="Catatan bersama",
        visibility=Visibility.SHARED,
        by=cast.lpk_officer,
        organization=cast.lpk,
    )
    page = budi.get(f"/protection/my-reports/{case.pk}/").content.decode()
    assert "Kapan gaji dibayar?" in page
    assert "Catatan internal" not in page
    assert "Catatan bersama" not in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_it_sends_the_workers_reply_to_the_handler(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast)
    response = budi.post(f"/protection/my-reports/{case.pk}/reply/", {"text": SCRIPT})
    assert response.status_code == 302
    note = Note.objects.get(case=case)
    assert (note.from_reporter, note.author, note.visibility) == (True, cast.participant_user, Visibility.REPORTER)
    assert SCRIPT not in budi.get(f"/protection/my-reports/{case.pk}/").content.decode()


def test_it_refuses_an_empty_reply_on_the_page(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast)
    response = budi.post(f"/protection/my-reports/{case.pk}/reply/", {"text": "  "})
    assert response.status_code == 400
    assert response.context["forms"].message.errors
    assert not Note.objects.exists()


def test_it_adds_a_file_and_refuses_one_by_its_signature(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast)
    url = f"/protection/my-reports/{case.pk}/files/"
    assert budi.post(url, {"file": upload(PNG, "slip.png")}).status_code == 302
    refused = budi.post(url, {"file": upload(PROGRAM, "slip.png")})
    assert refused.status_code == 400
    assert "file" in refused.context["forms"].attachment.errors
    assert list(case.attachments.values_list("original_name", flat=True)) == ["slip.png"]


def test_it_gives_and_withdraws_a_consent(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast)
    response = budi.post(f"/protection/my-reports/{case.pk}/consents/", {"purpose": "referral", "body": "otit"})
    assert response.status_code == 302
    consent = case.consents.get()
    assert consent.recorded_by == cast.participant_user
    budi.post(f"/protection/my-reports/{case.pk}/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_it_refuses_a_consent_to_a_company_the_case_does_not_name(budi: Client, cast: Cast) -> None:
    case = _budis_case(cast)
    response = budi.post(f"/protection/my-reports/{case.pk}/consents/", {"purpose": "referral", "body": "company"})
    assert response.status_code == 400
    assert "body" in response.context["forms"].consent.errors
    assert not case.consents.exists()


def test_it_answers_404_for_a_consent_of_another_case(budi: Client, cast: Cast) -> None:
    case, other = _budis_case(cast), _budis_case(cast)
    budi.post(f"/protection/my-reports/{other.pk}/consents/", {"purpose": "referral", "body": "otit"})
    consent = other.consents.get()
    assert budi.post(f"/protection/my-reports/{case.pk}/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


@pytest.mark.parametrize("persona", ["lpk_officer", "ministry_admin", "company_officer", "outsider"])
def test_it_shows_a_workers_report_to_nobody_else_on_these_pages(cast: Cast, persona: str) -> None:
    case = _budis_case(cast)
    client = Client()
    client.force_login(getattr(cast, persona))
    assert client.get("/protection/report/").status_code == 404
    assert client.get("/protection/my-reports/").status_code == 404
    assert client.get(f"/protection/my-reports/{case.pk}/").status_code == 404
    assert client.post(f"/protection/my-reports/{case.pk}/reply/", {"text": "hai"}).status_code == 404
    assert not Note.objects.exists()


@pytest.mark.parametrize("path", ["reply/", "files/", "consents/"])
def test_it_refuses_get_on_the_case_pages_forms(budi: Client, cast: Cast, path: str) -> None:
    case = _budis_case(cast)
    assert budi.get(f"/protection/my-reports/{case.pk}/{path}").status_code == 405


def test_it_sends_a_visitor_to_the_login_page(client: Client, cast: Cast) -> None:
    response = client.get("/protection/report/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
