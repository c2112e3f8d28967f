"""The signed-in user comes with their participant record: the menu of every
page asks for it, and a staff user has none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import access
from accounts.backends import ModelBackend
from tests.cast import Cast


def own_record_queries(client: Client, url: str) -> list[str]:
    """The queries of a page that look for a participant record by its login."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        query["sql"] for query in queries.captured_queries if '"participants_participant"."user_id" =' in query["sql"]
    ]


def test_a_participant_is_loaded_with_their_record(cast: Cast) -> None:
    user = ModelBackend().get_user(cast.participant_user.pk)
    assert user is not None
    with CaptureQueriesContext(connection) as queries:
        own = access.own_participant_record(user)
    assert own is not None
    assert own.pk == cast.budi.pk
    assert queries.captured_queries == []


@pytest.mark.parametrize("persona", ["ministry_viewer", "lpk_officer"])
def test_a_staff_users_menu_asks_nothing_of_the_participants(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert own_record_queries(client, "/") == []
    assert own_record_queries(client, "/participants/") == []


def test_an_inactive_user_is_not_loaded(cast: Cast) -> None:
    cast.lpk_officer.is_active = False
    cast.lpk_officer.save(update_fields=["is_active"])
    assert ModelBackend().get_user(cast.lpk_officer.pk) is None
    assert ModelBackend().get_user(10**9) is None
