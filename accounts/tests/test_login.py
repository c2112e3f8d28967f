"""Signing in and out, resetting a password by e-mail, switching language."""

from __future__ import annotations

import re

from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client, override_settings

from accounts.models import User
from tests.cast import PASSWORD, Cast


def test_it_logs_in_and_out(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/login/", {"username": "lpk_officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405  # logging out takes a POST
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_it_refuses_a_wrong_password_and_keeps_the_username(client: Client, cast: Cast) -> None:
    response = client.post("/accounts/login/", {"username": "lpk_officer", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="lpk_officer"' in response.content.decode()


def test_it_resets_a_password_by_email(client: Client, cast: Cast) -> None:
    client.post("/accounts/password_reset/", {"email": "lpk_officer@example.org"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith("Seseorang meminta")  # plain text, in Indonesian, not indented
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    new_password = "a-new-long-passphrase-42"
    client.post(form_page.request["PATH_INFO"], {"new_password1": new_password, "new_password2": new_password})
    response = client.post("/accounts/login/", {"username": "lpk_officer", "password": new_password})
    assert response.status_code == 302


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_it_hashes_passwords_with_argon2(db: None) -> None:
    user = User.objects.create_user(username="someone", password=PASSWORD)
    assert identify_hasher(user.password).algorithm == "argon2"


def test_it_speaks_indonesian_by_default_and_switches_to_japanese(client: Client, cast: Cast) -> None:
    client.force_login(cast.lpk_officer)
    assert '<html lang="id">' in client.get("/participants/").content.decode()
    client.post("/i18n/setlang/", {"language": "ja", "next": "/participants/"})
    assert '<html lang="ja">' in client.get("/participants/").content.decode()


def test_it_refuses_a_username_longer_than_any_as_a_wrong_login(client: Client, cast: Cast) -> None:
    # Never looked up, so never recorded by django-axes (whose 255 characters overflowed on PostgreSQL).
    for username in ("x" * 151, "x" * 100_000, cast.lpk_officer.username + "x" * 200):
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()
