"""The throttle counts attempts per address or code without keeping either."""

from __future__ import annotations

import datetime

import time_machine
from django.core.cache import cache

from protection import throttle

LIMIT = throttle.Limit(scope="test", attempts=3, window_seconds=60)
ADDRESS = "203.0.113.7"


def test_it_allows_attempts_up_to_the_limit() -> None:
    for _attempt in range(LIMIT.attempts - 1):
        throttle.count_attempt(LIMIT, ADDRESS)
    assert not throttle.is_exhausted(LIMIT, ADDRESS)
    throttle.count_attempt(LIMIT, ADDRESS)
    assert throttle.is_exhausted(LIMIT, ADDRESS)


def test_it_counts_each_address_and_each_scope_apart() -> None:
    for _attempt in range(LIMIT.attempts):
        throttle.count_attempt(LIMIT, ADDRESS)
    other_scope = throttle.Limit(scope="other", attempts=3, window_seconds=60)
    assert not throttle.is_exhausted(LIMIT, "203.0.113.8")
    assert not throttle.is_exhausted(other_scope, ADDRESS)


def test_it_forgets_the_count_when_the_window_ends() -> None:
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        for _attempt in range(LIMIT.attempts):
            throttle.count_attempt(LIMIT, ADDRESS)
        assert throttle.is_exhausted(LIMIT, ADDRESS)
        traveller.shift(datetime.timedelta(seconds=LIMIT.window_seconds + 1))
        assert not throttle.is_exhausted(LIMIT, ADDRESS)
        throttle.count_attempt(LIMIT, ADDRESS)
        assert not throttle.is_exhausted(LIMIT, ADDRESS)


def test_it_keeps_no_address_in_the_cache() -> None:
    throttle.count_attempt(LIMIT, ADDRESS)
    stored = cache._cache  # type: ignore[attr-defined]  # the local-memory cache's own dictionary
    assert stored
    assert not any(ADDRESS in str(key) for key in stored)
    assert all(ADDRESS.encode() not in value for value in stored.values())
