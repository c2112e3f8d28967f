"""Only a valid bearer token opens the API: no header, another scheme, an
unknown, revoked or expired token, and a browser session all answer 401 with
the error object; too many requests for one token answer 429."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from api import actions
from api.models import ApiToken
from api.tests.conftest import api_client, secret_for
from tests.cast import Cast

URL = "/api/v1/participants/"


def _refused(response: object) -> None:
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert response.json()["error"]["code"] == "not_authenticated"  # type: ignore[attr-defined]
    assert response["WWW-Authenticate"].startswith("Bearer")  # type: ignore[index]


def test_it_answers_a_valid_token(cast: Cast) -> None:
    response = api_client(secret_for(cast.lpk_officer)).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_it_refuses_a_request_without_a_token(cast: Cast) -> None:
    _refused(Client().get(URL))


@pytest.mark.parametrize("header", ["Token {secret}", "bearer {secret}", "Bearer", "Bearer {secret} extra", "{secret}"])
def test_it_refuses_a_malformed_header(cast: Cast, header: str) -> None:
    secret = secret_for(cast.lpk_officer)
    _refused(Client(headers={"Authorization": header.format(secret=secret)}).get(URL))


def test_it_refuses_an_unknown_token(cast: Cast) -> None:
    _refused(api_client(actions.SECRET_PREFIX + "x" * 43).get(URL))


def test_it_refuses_a_revoked_token(cast: Cast) -> None:
    secret = secret_for(cast.lpk_officer)
    actions.revoke_token(token_id=ApiToken.objects.get().pk, by=cast.lpk_officer)
    _refused(api_client(secret).get(URL))


def test_it_refuses_an_expired_token(cast: Cast) -> None:
    secret = secret_for(cast.lpk_officer, expires_on=timezone.localdate())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        _refused(api_client(secret).get(URL))


def test_it_does_not_accept_a_browser_session(client: Client, cast: Cast) -> None:
    """No session authentication: a page's cookie cannot make an API call, so there is no CSRF surface."""
    client.force_login(cast.ministry_admin)
    _refused(client.get(URL))
    _refused(client.post(URL, {}, content_type="application/json"))


def test_it_notes_when_a_token_was_last_used(cast: Cast) -> None:
    secret = secret_for(cast.lpk_officer)
    assert ApiToken.objects.get().last_used_at is None
    api_client(secret).get(URL)
    assert ApiToken.objects.get().last_used_at is not None


def test_it_throttles_each_token_on_its_own(cast: Cast, settings: Settings) -> None:
    settings.API_RATE_LIMIT = "3/minute"
    busy, quiet = api_client(secret_for(cast.lpk_officer)), api_client(secret_for(cast.lpk_officer))
    assert [busy.get(URL).status_code for _ in range(3)] == [200, 200, 200]
    refused = busy.get(URL)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert quiet.get(URL).status_code == 200
