"""What the API tests share: a token for a persona, and a client that sends it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from api import actions


@pytest.fixture(autouse=True)
def fresh_counters() -> Iterator[None]:
    """Rate-limit counters live in the cache, keyed by token id: start each test at zero."""
    cache.clear()
    yield
    cache.clear()


def secret_for(user: User, **overrides: Any) -> str:
    values: dict[str, Any] = {"name": "Partner system", "expires_on": None}
    values.update(overrides)
    return actions.issue_token(user=user, by=user, **values).secret


def api_client(secret: str, *, language: str = "en") -> Client:
    """A client that calls the API with ``secret`` as a partner's system would (no session, no cookie)."""
    return Client(headers={"Authorization": f"Bearer {secret}", "Accept-Language": language})


def client_for(user: User, *, language: str = "en") -> Client:
    return api_client(secret_for(user), language=language)
