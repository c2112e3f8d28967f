"""A request that loses the database (a restart, a failover) answers 503 with
Retry-After: the page in the reader's language without the menu (which needs the
database), JSON in the API's error shape under /api/; never a 500 with a traceback.
Any other failure keeps Django's plain 500."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory

from config.views import RETRY_AFTER_SECONDS, server_error
from tests.cast import Cast

pytestmark = pytest.mark.django_db

LOST = [
    OperationalError("could not connect to server: Connection refused"),
    OperationalError("terminating connection due to administrator command"),
    InterfaceError("connection already closed"),
]


@contextmanager
def database_lost(error: Exception) -> Iterator[None]:
    """Every query fails as it does when PostgreSQL is gone."""
    with mock.patch.object(CursorWrapper, "execute", side_effect=error):
        yield


@pytest.fixture
def browser(cast: Cast) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(cast.blk_officer)
    return client


@pytest.mark.parametrize("error", LOST, ids=["refused", "terminated", "closed"])
def test_it_answers_a_page_with_503_when_the_database_is_lost(browser: Client, error: Exception) -> None:
    with database_lost(error):
        response = browser.get("/participants/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'href="/participants/"' in page  # try again: the same address
    assert "Traceback" not in page


def test_it_writes_the_page_in_the_readers_language(browser: Client) -> None:
    browser.cookies["django_language"] = "en"
    with database_lost(LOST[0]):
        english = browser.get("/participants/")
    browser.cookies["django_language"] = "ja"
    with database_lost(LOST[0]):
        japanese = browser.get("/participants/")

    assert "Jembatan is unavailable for a moment" in english.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="ja">' in japanese.content.decode()


def test_it_answers_the_page_even_for_an_anonymous_visitor(cast: Cast) -> None:
    client = Client(raise_request_exception=False)
    with database_lost(LOST[0]):
        response = client.post("/accounts/login/", {"username": "blk.officer", "password": "x"})

    assert response.status_code == 503


@pytest.mark.parametrize("error", LOST, ids=["refused", "terminated", "closed"])
def test_it_answers_the_api_with_json_in_its_error_shape(cast: Cast, error: Exception) -> None:
    client = Client(raise_request_exception=False, headers={"Authorization": "Bearer jbt_" + "x" * 40})
    client.cookies["django_language"] = "en"
    with database_lost(error):
        response = client.get("/api/v1/participants/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {
        "error": {
            "code": "database_unavailable",
            "message": "The database is unavailable for a moment. Try again in a minute.",
            "fields": {},
        }
    }


def test_it_serves_again_once_the_database_is_back(browser: Client) -> None:
    with database_lost(LOST[1]):
        assert browser.get("/participants/").status_code == 503

    assert browser.get("/participants/").status_code == 200


def test_it_keeps_the_plain_500_for_any_other_failure(rf: RequestFactory) -> None:
    request = rf.get("/participants/")
    try:
        raise ValueError("a fault in the code")  # the handler reads the exception being handled
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert "Retry-After" not in response
