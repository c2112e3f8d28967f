"""The Jembatan-Signature header and the endpoint secrets."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from pytest_django.fixtures import Settings

from webhooks import signing

SECRET = "whsec_test-secret"
BODY = b'{"kind":"ping"}'
NOW = 1_780_000_000


def test_it_signs_the_timestamp_and_the_raw_body() -> None:
    header = signing.signature(SECRET, NOW, BODY)
    expected = hmac.new(SECRET.encode(), b"%d." % NOW + BODY, hashlib.sha256).hexdigest()
    assert header == f"t={NOW},v1={expected}"


def test_it_verifies_its_own_signature() -> None:
    assert signing.verify(SECRET, signing.signature(SECRET, NOW, BODY), BODY, now=NOW + 10)


@pytest.mark.parametrize(
    ("header", "body", "now"),
    [
        (signing.signature(SECRET, NOW, BODY), BODY + b" ", NOW),  # a changed body
        (signing.signature("whsec_other", NOW, BODY), BODY, NOW),  # another secret
        (signing.signature(SECRET, NOW, BODY), BODY, NOW + 301),  # replayed later
        (signing.signature(SECRET, NOW, BODY), BODY, NOW - 301),  # from the future
        (signing.signature(SECRET, NOW, BODY).replace(f"t={NOW}", f"t={NOW + 1}"), BODY, NOW),  # moved timestamp
        (f"t={NOW}", BODY, NOW),  # no signature
        ("v1=" + "0" * 64, BODY, NOW),  # no timestamp
        ("t=soon,v1=" + "0" * 64, BODY, NOW),  # a timestamp that is no number
        ("", BODY, NOW),
    ],
)
def test_it_refuses_what_was_not_signed_with_the_secret_just_now(header: str, body: bytes, now: int) -> None:
    assert not signing.verify(SECRET, header, body, now=now)


def test_it_accepts_any_of_several_signatures() -> None:
    good = signing.signature(SECRET, NOW, BODY)
    assert signing.verify(SECRET, f"{good},v1={'0' * 64}", BODY, now=NOW)


def test_it_derives_each_secret_from_the_key_and_the_salt(settings: Settings) -> None:
    salt = signing.new_salt()
    secret = signing.secret_for(salt)
    assert secret.startswith(signing.SECRET_PREFIX)
    assert len(secret) > 40
    assert signing.secret_for(salt) == secret
    assert signing.secret_for(signing.new_salt()) != secret
    settings.WEBHOOK_SECRET_KEY = "another key"
    assert signing.secret_for(salt) != secret
