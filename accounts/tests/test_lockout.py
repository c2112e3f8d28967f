"""Repeated failed sign-ins lock the username from that address (django-axes)
until the cool-off passes or a ministry administrator unlocks it."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.lockout import client_ip
from audit.models import AuditEntry
from tests.cast import PASSWORD, Cast

LOGIN = "/accounts/login/"


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> int:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address).status_code


def signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def hammer(client: Client, username: str = "lpk_officer", times: int = 30) -> list[int]:
    return [sign_in(client, username, f"wrong-{i}") for i in range(times)]


def test_it_refuses_the_right_password_after_30_wrong_ones_until_the_cool_off_passes(
    english: Client, cast: Cast, settings: Settings
) -> None:
    statuses = hammer(english)

    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    response = english.post(LOGIN, {"username": "lpk_officer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Signing in is locked for now" in response.content.decode()
    assert f"Try again in {settings.LOGIN_COOLOFF_MINUTES} minutes" in response.content.decode()
    assert not signed_in(english)

    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1)):
        assert sign_in(english, "lpk_officer", PASSWORD) == 302
        assert signed_in(english)


def test_it_locks_the_username_from_that_address_only(client: Client, cast: Cast) -> None:
    hammer(client)

    assert sign_in(Client(), "lpk_officer", PASSWORD, address="10.0.0.2") == 302
    assert sign_in(Client(), "blk_officer", PASSWORD, address="10.0.0.1") == 302


def test_it_forgets_failures_after_a_successful_sign_in(client: Client, cast: Cast, settings: Settings) -> None:
    hammer(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "lpk_officer", PASSWORD) == 302
    client.post("/accounts/logout/")

    assert sign_in(client, "lpk_officer", "wrong") == 200
    assert sign_in(client, "lpk_officer", PASSWORD) == 302


def test_a_ministry_administrator_unlocks_in_the_admin(client: Client, cast: Cast) -> None:
    hammer(client)
    attempt = AccessAttempt.objects.get(username="lpk_officer")
    admin = Client()
    admin.force_login(cast.ministry_admin)

    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    assert admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code == 302

    assert sign_in(client, "lpk_officer", PASSWORD) == 302
    entry = AuditEntry.objects.filter(target_type="axes.accessattempt").latest("pk")
    assert (entry.actor, entry.action) == (cast.ministry_admin, "deleted")


@pytest.mark.parametrize("persona", ["ministry_officer", "lpk_officer"])
def test_nobody_else_sees_the_attempts(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert client.get("/admin/axes/accessattempt/").status_code == 302  # to the sign-in page


def test_the_unlock_command_unlocks_and_is_audited(client: Client, cast: Cast) -> None:
    hammer(client)
    out = io.StringIO()

    call_command("unlock_login", "lpk_officer", stdout=out)

    assert "lpk_officer" in out.getvalue()
    assert sign_in(client, "lpk_officer", PASSWORD) == 302
    entry = AuditEntry.objects.for_object(cast.lpk_officer).latest("pk")
    assert entry.changes == {"sign_in": ["locked", "unlocked"]}


def test_the_unlock_command_unlocks_one_address_when_asked(client: Client, cast: Cast) -> None:
    hammer(client)
    call_command("unlock_login", "lpk_officer", "--ip", "10.9.9.9", stdout=io.StringIO())
    assert sign_in(client, "lpk_officer", PASSWORD) == 429

    call_command("unlock_login", "lpk_officer", "--ip", "10.0.0.1", stdout=io.StringIO())
    assert sign_in(client, "lpk_officer", PASSWORD) == 302


def test_the_unlock_command_names_an_unknown_user(cast: Cast) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("unlock_login", "nobody", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.9"),  # no proxy trusted: the header is whatever the client sent
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # the client's own claim before the proxy's entry is ignored
        (2, "6.6.6.6, 1.1.1.1, 2.2.2.2", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.9"),  # fewer entries than proxies: not what the proxies write
    ],
)
def test_it_reads_the_address_the_trusted_proxies_saw(
    settings: Settings, proxies: int, forwarded: str, expected: str
) -> None:
    settings.LOGIN_PROXY_COUNT = proxies
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
