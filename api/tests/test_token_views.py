"""The account's API tokens page: create (the secret shown once, on that
answer only), list, revoke with a confirmation; only one's own tokens."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from api import actions
from api.models import ApiToken
from tests.cast import Cast

URL = "/accounts/api-tokens/"


@pytest.fixture
def officer(english: Client, cast: Cast) -> Client:
    english.force_login(cast.lpk_officer)
    return english


def test_it_shows_the_secret_once_on_creation(officer: Client, cast: Cast) -> None:
    response = officer.post(URL, {"name": "SIAKAD LPK Sakura", "expires_on": ""})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["issued"].secret
    assert secret.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert token.user == cast.lpk_officer
    assert actions.token_for_secret(secret, now=timezone.now()) == token
    listed = officer.get(URL)
    assert secret.encode() not in listed.content
    assert token.prefix.encode() in listed.content


def test_it_refuses_a_nameless_token_or_a_past_last_day(officer: Client) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert officer.post(URL, {"name": ""}).status_code == 400
    response = officer.post(URL, {"name": "x", "expires_on": yesterday.isoformat()})
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"] == ["The last day cannot be in the past."]
    assert not ApiToken.objects.exists()


def test_it_asks_before_revoking(officer: Client, cast: Cast) -> None:
    token = actions.issue_token(user=cast.lpk_officer, name="SIAKAD", expires_on=None, by=cast.lpk_officer).token
    asked = officer.post(f"{URL}{token.pk}/revoke/")
    assert asked.status_code == 200
    assert asked.context["revoking"] == token
    assert ApiToken.objects.get().revoked_at is None
    done = officer.post(f"{URL}{token.pk}/revoke/", {"confirmed": "true"})
    assert done.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None


def test_it_revokes_only_ones_own_tokens(client: Client, cast: Cast) -> None:
    token = actions.issue_token(user=cast.lpk_officer, name="SIAKAD", expires_on=None, by=cast.lpk_officer).token
    client.force_login(cast.other_lpk_officer)
    assert client.post(f"{URL}{token.pk}/revoke/", {"confirmed": "true"}).status_code == 404
    assert token.pk not in [listed.pk for listed in client.get(URL).context["tokens"]]
    assert ApiToken.objects.get().revoked_at is None


def test_it_refuses_get_on_revoke(officer: Client, cast: Cast) -> None:
    token = actions.issue_token(user=cast.lpk_officer, name="SIAKAD", expires_on=None, by=cast.lpk_officer).token
    assert officer.get(f"{URL}{token.pk}/revoke/").status_code == 405


@pytest.mark.parametrize("url", [URL, f"{URL}1/revoke/"])
def test_it_needs_a_login(client: Client, cast: Cast, url: str) -> None:
    response = client.post(url, {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ApiToken.objects.exists()


def test_it_gives_a_participant_no_tokens_page(client: Client, cast: Cast) -> None:
    client.force_login(cast.participant_user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"name": "phone"}).status_code == 404
    assert not ApiToken.objects.exists()
