"""Endpoint secrets and the ``Jembatan-Signature`` header.

The header is ``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>``.
The receiver recomputes the HMAC over the exact bytes it received, compares
in constant time, and refuses a timestamp too far from its clock, so a
captured request cannot be replayed later. ``verify`` below is the reference
implementation (the README shows the same few lines for receivers).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix every secret starts with, not a secret
# How far a receiver should accept the signature's timestamp from its own clock.
TOLERANCE_SECONDS = 300
_DERIVATION_LABEL = b"jembatan webhook secret:"


def new_salt() -> str:
    return secrets.token_hex(32)


def secret_for(salt: str) -> str:
    """The endpoint's secret: derived from WEBHOOK_SECRET_KEY and its salt,
    never stored, so the database alone cannot sign a delivery."""
    key = settings.WEBHOOK_SECRET_KEY.encode()
    digest = hmac.new(key, _DERIVATION_LABEL + salt.encode(), hashlib.sha256).digest()
    return SECRET_PREFIX + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def hint_of(secret: str) -> str:
    """The first characters of a secret, enough to tell two apart on the page."""
    return secret[: len(SECRET_PREFIX) + 4]


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance`` seconds of ``now``."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, given) for given in parts.get("v1", []))
