"""The second factor: enrolling an authenticator app, signing in with its
code, turning it off, and the rule that ministry administrators must use one
where JEMBATAN_REQUIRE_2FA_FOR_MINISTRY_ADMINS is on (production)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from accounts import two_factor
from accounts.models import User
from audit.models import AuditEntry
from tests.cast import PASSWORD, Cast

PAGE = "/accounts/two-factor/"
CODE_PAGE = "/accounts/login/code/"


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the app shows now (or a later step's, for a second sign-in within the same 30 s)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, t0=-steps_ahead * device.step):06d}"


def enrolled(user: User) -> TOTPDevice:
    device = two_factor.start_enrolment(user=user)
    return two_factor.confirm_enrolment(device=device, token=code(device), by=user)


def sign_in(client: Client, username: str, next_page: str = "") -> HttpResponseBase:
    data = {"username": username, "password": PASSWORD, **({"next": next_page} if next_page else {})}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302
    return response


def test_a_staff_user_enrols_by_scanning_and_typing_one_code(english: Client, cast: Cast) -> None:
    english.force_login(cast.lpk_officer)
    page = english.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg width="' in html  # the QR code, drawn on the server
    secret = page.context["secret"]
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{4})+", secret)
    device = TOTPDevice.objects.get(user=cast.lpk_officer, confirmed=False)
    assert english.get(PAGE).context["secret"] == secret  # a reload keeps the secret already scanned

    wrong = english.post(PAGE, {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.content.decode()

    done = english.post(PAGE, {"code": code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.for_object(cast.lpk_officer).latest("pk")
    assert (entry.actor, entry.changes) == (cast.lpk_officer, {"two_factor": [None, "TOTP"]})
    assert english.get(PAGE).context["device"] == device


def test_signing_in_asks_for_the_code_after_the_password(english: Client, cast: Cast) -> None:
    device = enrolled(cast.lpk_officer)

    response = sign_in(english, "lpk_officer", next_page="/participants/")
    assert response["Location"] == "/accounts/login/code/"
    assert english.get("/").status_code == 302  # the password alone does not sign in

    wrong = english.post(CODE_PAGE, {"code": "12345"})
    assert wrong.status_code == 400
    right = english.post(CODE_PAGE, {"code": code(device, steps_ahead=1)})
    assert right.status_code == 302
    assert right["Location"] == "/participants/"
    assert english.get("/").status_code == 200


def test_a_code_is_not_accepted_twice(client: Client, cast: Cast) -> None:
    device = enrolled(cast.lpk_officer)
    sign_in(client, "lpk_officer")
    used = code(device, steps_ahead=1)
    assert client.post(CODE_PAGE, {"code": used}).status_code == 302
    client.post("/accounts/logout/")

    sign_in(client, "lpk_officer")
    assert client.post(CODE_PAGE, {"code": used}).status_code == 400


def test_the_password_step_expires_if_no_code_follows(client: Client, cast: Cast, settings: Settings) -> None:
    device = enrolled(cast.lpk_officer)
    sign_in(client, "lpk_officer")

    later = timezone.now() + datetime.timedelta(seconds=settings.LOGIN_CODE_TIMEOUT_SECONDS + 1)
    with time_machine.travel(later):
        response = client.post(CODE_PAGE, {"code": code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert client.get("/").status_code == 302


def test_wrong_codes_lock_out_like_wrong_passwords(client: Client, cast: Cast, settings: Settings) -> None:
    device = enrolled(cast.lpk_officer)
    sign_in(client, "lpk_officer")
    right = code(device, steps_ahead=1)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(CODE_PAGE, {"code": wrong})

    assert client.post(CODE_PAGE, {"code": right}).status_code == 429
    assert client.get("/").status_code == 302


def test_turning_it_off_needs_a_current_code_and_is_audited(english: Client, cast: Cast) -> None:
    device = enrolled(cast.lpk_officer)
    english.force_login(cast.lpk_officer)

    english.post("/accounts/two-factor/remove/", {"code": "99999x"}, follow=True)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()

    response = english.post("/accounts/two-factor/remove/", {"code": code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.lpk_officer).exists()
    entry = AuditEntry.objects.for_object(cast.lpk_officer).latest("pk")
    assert entry.changes == {"two_factor": ["TOTP", None]}
    assert sign_in(english, "lpk_officer")["Location"] == "/"


@pytest.mark.parametrize("persona", ["participant_user", "outsider"])
def test_only_staff_have_the_pages(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get(PAGE).status_code == 404
    assert client.post("/accounts/two-factor/remove/", {"code": "123456"}).status_code == 404


def test_a_ministry_administrator_removes_a_lost_phones_device_in_the_admin(client: Client, cast: Cast) -> None:
    device = enrolled(cast.lpk_officer)
    client.force_login(cast.ministry_admin)

    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page  # whoever reads the key can make the codes
    assert client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}).status_code == 302

    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    entry = AuditEntry.objects.filter(target_type="otp_totp.totpdevice").latest("pk")
    assert entry.action == "deleted"
    assert entry.changes["key"] == ["•••", "•••"]


# --- required for ministry administrators ---------------------------------------


@pytest.fixture
def required(settings: Settings) -> None:
    settings.REQUIRE_2FA_FOR_MINISTRY_ADMINS = True


def test_a_ministry_administrator_without_a_device_must_enrol_first(client: Client, cast: Cast, required: None) -> None:
    sign_in(client, "ministry_admin")

    for page in ("/", "/audit/", "/admin/", "/participants/?q=x"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith("/accounts/two-factor/?next="), page

    assert client.get(PAGE).status_code == 200
    device = TOTPDevice.objects.get(user=cast.ministry_admin, confirmed=False)
    response = client.post(PAGE, {"code": code(device), "next": "/audit/"})
    assert response["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_ministry_administrator_with_a_device_gives_its_code_to_go_on(
    client: Client, cast: Cast, required: None
) -> None:
    device = enrolled(cast.ministry_admin)
    client.force_login(cast.ministry_admin)  # a session that never gave a code

    response = client.get("/audit/")
    assert response["Location"] == "/accounts/login/code/?next=%2Faudit%2F"
    response = client.post(CODE_PAGE + "?next=/audit/", {"code": code(device, steps_ahead=1), "next": "/audit/"})
    assert response["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200


def test_a_code_page_refuses_to_send_anywhere_else(client: Client, cast: Cast, required: None) -> None:
    device = enrolled(cast.ministry_admin)
    client.force_login(cast.ministry_admin)

    response = client.post(CODE_PAGE, {"code": code(device, steps_ahead=1), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_other_staff_are_not_forced(client: Client, cast: Cast, required: None) -> None:
    sign_in(client, "ministry_officer")
    assert client.get("/").status_code == 200


def test_nobody_is_forced_where_it_is_not_required(client: Client, cast: Cast) -> None:
    sign_in(client, "ministry_admin")
    assert client.get("/audit/").status_code == 200
