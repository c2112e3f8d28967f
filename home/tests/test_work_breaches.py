"""The ministry's home item for data breaches waiting for their notices."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from breaches.tests.world import a_breach, told_everyone
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _home(client: Client, user: object) -> str:
    client.cookies["django_language"] = "en"
    client.force_login(user)  # type: ignore[arg-type]
    return client.get("/").content.decode()


def test_it_puts_a_breach_waiting_for_its_notices_first_on_the_ministrys_home(client: Client, cast: Cast) -> None:
    breach = a_breach(cast, found_at=timezone.now() - datetime.timedelta(hours=3))
    page = _home(client, cast.ministry_officer)
    assert "1 data breach: the people and the authority must be told by" in page
    assert f"/breaches/{breach.pk}/" in page
    assert "data breach:" not in _home(client, cast.lpk_officer)


def test_it_drops_the_item_once_everyone_was_told(client: Client, cast: Cast) -> None:
    breach = a_breach(cast)
    told_everyone(cast, breach)
    assert "data breach:" not in _home(client, cast.ministry_admin)
