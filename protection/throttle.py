"""Counting attempts without keeping who made them.

The anonymous pages promise that nothing identifies the reporter, their
address included. A flood from one address must still be slowed, and PIN
guesses must be limited. So each attempt is counted in the cache under a
keyed hash (HMAC with the secret key) of the address, never the address
itself, and the counter expires with its window: after the window nothing is
left, in the cache or in the database. The hash is keyed so that the small
space of IPv4 addresses cannot be hashed in advance and looked up.

The cache is the project's default cache: in one process it is memory; with
REDIS_URL set, Redis, shared by every process (so the limits hold across them).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from accounts.lockout import client_ip


@dataclass(frozen=True)
class Limit:
    """``attempts`` per ``window_seconds`` for one scope (one kind of attempt)."""

    scope: str
    attempts: int
    window_seconds: int

    @property
    def window_minutes(self) -> int:
        return max(1, self.window_seconds // 60)


# A worker with a real grievance sends one report, perhaps a second with a
# forgotten detail: five an hour from one address leaves room for a shared
# dormitory connection and none for a script.
ANONYMOUS_REPORTS = Limit(scope="protection-report", attempts=5, window_seconds=60 * 60)
# Ten wrong PINs in a quarter of an hour from one address, and ten against one
# tracking code from anywhere: enough for a person who mistypes, far too few
# to walk through the 10,000 four-digit PINs.
PIN_TRIES_FROM_ADDRESS = Limit(scope="protection-pin-address", attempts=10, window_seconds=15 * 60)
PIN_TRIES_FOR_CODE = Limit(scope="protection-pin-code", attempts=10, window_seconds=15 * 60)


def _key(limit: Limit, subject: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{limit.scope}\n{subject}".encode(), hashlib.sha256)
    return f"throttle:{limit.scope}:{digest.hexdigest()}"


def address_of(request: HttpRequest) -> str:
    """The client's address as the login lockout reads it (behind LOGIN_PROXY_COUNT proxies)."""
    return client_ip(request)


def is_exhausted(limit: Limit, subject: str) -> bool:
    """Whether ``subject`` has used up its attempts in the current window."""
    count = cache.get(_key(limit, subject), 0)
    return isinstance(count, int) and count >= limit.attempts


def count_attempt(limit: Limit, subject: str) -> None:
    """Count one attempt. The window starts with the first attempt and is not
    extended by later ones, so the counter is gone ``window_seconds`` after it began."""
    key = _key(limit, subject)
    # add() only sets a missing key: two requests at once both land on incr().
    cache.add(key, 0, timeout=limit.window_seconds)
    try:
        cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this attempt opens a new window.
        cache.add(key, 1, timeout=limit.window_seconds)


def forget(limit: Limit, subject: str) -> None:
    """Drop the count (a right PIN ends the count of wrong ones)."""
    cache.delete(_key(limit, subject))
