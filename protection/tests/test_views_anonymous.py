"""Reporting without login, and coming back with the tracking code and PIN.
Nothing ties the report to an account, an address or a device; wrong PINs
are limited and never tell whether a code exists; a flood is throttled."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from audit.models import AuditEntry
from protection import throttle
from protection.actions.cases import CaseDetails, open_case
from protection.actions.conversation import write_note
from protection.models import Case, Category, Door, Note, Visibility
from protection.tests.files import PNG, PROGRAM, upload
from protection.views.anonymous import CASE_COOKIE, SALT
from tests.cast import Cast

pytestmark = pytest.mark.django_db

PIN = "482913"
ADDRESS = "198.51.100.23"


def _report(**extra: object) -> dict[str, object]:
    return {
        "category": Category.WAGES,
        "severity": "normal",
        "description": "Gaji dipotong di pabrik roti.",
        "pin": PIN,
        "pin_again": PIN,
        **extra,
    }


def _anonymous_case(description: str = "Asrama bocor.") -> Case:
    return open_case(
        details=CaseDetails(category=Category.HOUSING, description=description), door=Door.ANONYMOUS, by=None, pin=PIN
    )


def _opened(client: Client, case: Case) -> Client:
    response = client.post("/protection/anonymous/follow/", {"code": case.tracking_code, "pin": PIN})
    assert response.status_code == 302
    return client


def test_it_opens_the_form_without_login(client: Client) -> None:
    response = client.get("/protection/anonymous/")
    assert response.status_code == 200
    assert "pin" in response.context["form"].fields


def test_it_takes_a_report_and_shows_its_code_once(client: Client, cast: Cast) -> None:
    response = client.post("/protection/anonymous/", _report(file=upload(PNG)), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.door, case.recorded_by, case.participant) == (Door.ANONYMOUS, None, None)
    assert case.attachments.get().uploaded_by is None
    shown = client.get(response["Location"])
    assert case.tracking_code in shown.content.decode()
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert case.tracking_code not in again.content.decode()


def test_it_keeps_nothing_that_ties_the_report_to_an_address_or_a_device(client: Client, cast: Cast) -> None:
    client.post("/protection/anonymous/", _report(), REMOTE_ADDR=ADDRESS)
    case = Case.objects.get()
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    stored = " ".join(str(value) for value in Case.objects.values().get().values())
    assert ADDRESS not in stored
    assert not any(ADDRESS in str(entry.changes) for entry in AuditEntry.objects.all())
    assert case.tracking_code not in client.cookies[CASE_COOKIE].value


def test_it_also_keeps_a_logged_in_workers_anonymous_report_apart_from_their_account(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.participant_user)
    client.post("/protection/anonymous/", _report())
    case = Case.objects.get()
    assert (case.recorded_by, case.participant) == (None, None)
    assert not client.get("/protection/my-reports/").context["cases"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"pin_again": "482914"}, "pin_again"),
        ({"pin": "12ab56", "pin_again": "12ab56"}, "pin"),
        ({"pin": "1234", "pin_again": "1234"}, "pin"),
        ({"file": upload(PROGRAM, "foto.jpg")}, "file"),
    ],
)
def test_it_refuses_a_bad_report_and_keeps_the_story(client: Client, extra: dict[str, object], field: str) -> None:
    response = client.post("/protection/anonymous/", _report(**extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Gaji dipotong di pabrik roti." in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("pin", ["1234", "12345", "1234567890123"])
@pytest.mark.parametrize(
    ("language", "said"), [("en", "A PIN has 6 to 12 digits."), ("id", "PIN terdiri dari 6 sampai 12 angka.")]
)
def test_it_says_how_many_digits_a_pin_has(client: Client, pin: str, language: str, said: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/protection/anonymous/", _report(pin=pin, pin_again=pin))
    assert response.status_code == 400
    assert response.context["form"].errors["pin"] == [said]


def test_it_throttles_a_flood_from_one_address(cast: Cast) -> None:
    flooder, neighbour = Client(), Client()
    for _report_number in range(throttle.ANONYMOUS_REPORTS.attempts):
        assert flooder.post("/protection/anonymous/", _report(), REMOTE_ADDR=ADDRESS).status_code == 302
    refused = flooder.post("/protection/anonymous/", _report(), REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429
    assert "Gaji dipotong di pabrik roti." in refused.content.decode()
    assert Case.objects.count() == throttle.ANONYMOUS_REPORTS.attempts
    assert neighbour.post("/protection/anonymous/", _report(), REMOTE_ADDR="198.51.100.24").status_code == 302


def test_it_opens_the_case_with_its_code_and_pin_as_people_type_them(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    typed = case.tracking_code.lower().replace("-", " ")
    response = client.post("/protection/anonymous/follow/", {"code": typed, "pin": PIN})
    assert response.status_code == 302
    page = client.get("/protection/anonymous/case/")
    assert page.status_code == 200
    assert page.context["case"] == case
    assert "no-store" in page["Cache-Control"]


def test_it_answers_a_wrong_pin_and_an_unknown_code_alike(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    wrong_pin = client.post("/protection/anonymous/follow/", {"code": case.tracking_code, "pin": "000000"})
    unknown = client.post("/protection/anonymous/follow/", {"code": "AAAA-BBBB-CCCC", "pin": PIN})
    assert wrong_pin.status_code == unknown.status_code == 400
    assert wrong_pin.context["form"].errors == unknown.context["form"].errors
    assert CASE_COOKIE not in client.cookies


def test_it_limits_wrong_pins_from_one_address_even_for_the_right_pin_afterwards(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    for _try in range(throttle.PIN_TRIES_FROM_ADDRESS.attempts):
        client.post("/protection/anonymous/follow/", {"code": "AAAA-BBBB-CCCC", "pin": "000000"}, REMOTE_ADDR=ADDRESS)
    refused = client.post(
        "/protection/anonymous/follow/", {"code": case.tracking_code, "pin": PIN}, REMOTE_ADDR=ADDRESS
    )
    assert refused.status_code == 429
    assert CASE_COOKIE not in client.cookies


@pytest.mark.parametrize("exists", [True, False])
def test_it_limits_guesses_at_one_code_from_many_addresses_whether_it_exists_or_not(cast: Cast, exists: bool) -> None:
    code = _anonymous_case().tracking_code if exists else "AAAA-BBBB-CCCC"
    for number in range(throttle.PIN_TRIES_FOR_CODE.attempts):
        Client().post(
            "/protection/anonymous/follow/", {"code": code, "pin": "000000"}, REMOTE_ADDR=f"203.0.113.{number}"
        )
    refused = Client().post("/protection/anonymous/follow/", {"code": code, "pin": PIN}, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429


def test_it_shows_the_handlers_question_and_takes_the_answer(client: Client, cast: Cast) -> None:
    case = _anonymous_case(description='<img src=x onerror="alert(1)">')
    write_note(
        case_id=case.pk,
        text="Di kota mana asramanya?",
        visibility=Visibility.REPORTER,
        by=cast.ministry_officer,
        organization=cast.ministry,
    )
    write_note(
        case_id=case.pk,
        text="Rahasia",
        visibility=Visibility.INTERNAL,
        by=cast.ministry_officer,
        organization=cast.ministry,
    )
    _opened(client, case)
    page = client.get("/protection/anonymous/case/").content.decode()
    assert "Di kota mana asramanya?" in page
    assert "Rahasia" not in page
    assert '<img src=x onerror="alert(1)">' not in page
    assert client.post("/protection/anonymous/case/reply/", {"text": "Di Sendai."}).status_code == 302
    answer = Note.objects.get(case=case, from_reporter=True)
    assert (answer.text, answer.author) == ("Di Sendai.", None)


def test_it_takes_files_and_consents_through_the_code(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    _opened(client, case)
    assert client.post("/protection/anonymous/case/files/", {"file": upload(PNG)}).status_code == 302
    assert client.post("/protection/anonymous/case/files/", {"file": upload(PROGRAM)}).status_code == 400
    assert (
        client.post("/protection/anonymous/case/consents/", {"purpose": "referral", "body": "police"}).status_code
        == 302
    )
    consent = case.consents.get()
    assert consent.recorded_by is None
    assert client.post(f"/protection/anonymous/case/consents/{consent.pk}/withdraw/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert case.attachments.count() == 1


@pytest.mark.parametrize("path", ["case/reply/", "case/files/", "case/consents/", "case/consents/1/withdraw/"])
def test_it_answers_404_to_a_post_without_the_cases_cookie(client: Client, cast: Cast, path: str) -> None:
    _anonymous_case()
    assert (
        client.post(f"/protection/anonymous/{path}", {"text": "hai", "purpose": "referral", "body": "otit"}).status_code
        == 404
    )
    assert not Note.objects.exists()


def test_it_refuses_a_forged_cookie(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    client.cookies[CASE_COOKIE] = str(case.pk)
    assert client.get("/protection/anonymous/case/").status_code == 302
    assert client.post("/protection/anonymous/case/reply/", {"text": "hai"}).status_code == 404


def _signed(case: Case) -> str:
    """The cookie the pages would set for ``case`` (as ``set_signed_cookie`` signs it)."""
    return signing.get_cookie_signer(salt=CASE_COOKIE + SALT).sign(str(case.pk))


def test_it_never_opens_a_named_case_through_the_anonymous_pages(client: Client, cast: Cast) -> None:
    named = open_case(
        details=CaseDetails(category=Category.WAGES, description="x", participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )
    client.cookies[CASE_COOKIE] = _signed(_anonymous_case())
    assert client.get("/protection/anonymous/case/").status_code == 200
    client.cookies[CASE_COOKIE] = _signed(named)
    assert client.get("/protection/anonymous/case/").status_code == 302


def test_it_closes_the_report_on_this_phone(client: Client, cast: Cast) -> None:
    case = _anonymous_case()
    _opened(client, case)
    client.post("/protection/anonymous/leave/")
    assert client.get("/protection/anonymous/case/").status_code == 302
