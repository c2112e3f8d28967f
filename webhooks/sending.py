"""One signed POST to a receiver, and what came of it. No database here."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass

import requests
import urllib3
from django.conf import settings

from webhooks import signing
from webhooks.models import ERROR_CHARACTERS

USER_AGENT = "Jembatan-Webhooks/1"
# Of a refusing receiver's answer, enough to show why on the log page; the rest is never read.
_ANSWER_BYTES = 200


@dataclass(frozen=True)
class Answer:
    code: int | None  # None: no answer came (refused, timed out, TLS error)
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300


def body_of(payload: Mapping[str, object]) -> bytes:
    """The exact bytes sent and signed."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def headers_for(*, secret: str, kind: str, delivery_id: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "Jembatan-Event": kind,
        "Jembatan-Delivery": delivery_id,
        "Jembatan-Signature": signing.signature(secret, timestamp, body),
    }


def post(*, url: str, body: bytes, headers: Mapping[str, str]) -> Answer:
    """POST once. Redirects are not followed (a 3xx is a failure, shown as
    such): the signed request goes to the address the administrator gave."""
    started = time.monotonic()
    try:
        with requests.post(
            url,
            data=body,
            headers=dict(headers),
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            code = response.status_code
            head = b"" if 200 <= code < 300 else response.raw.read(_ANSWER_BYTES, decode_content=True)
    # Reading the refusal's first bytes goes through urllib3, which raises its own errors.
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        return Answer(None, f"{type(error).__name__}: {error}"[:ERROR_CHARACTERS], _since(started))
    refusal = "" if 200 <= code < 300 else f"HTTP {code}: {head.decode(errors='replace')}".strip()
    return Answer(code, refusal[:ERROR_CHARACTERS], _since(started))


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
