"""/healthz: liveness plus a round trip to the database, for load balancers and
monitoring. It answers without a login and is never cached."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

URL = "/healthz"

pytestmark = pytest.mark.django_db


def test_it_reports_ok_with_the_database_vendor(client: Client) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_it_is_never_cached(client: Client) -> None:
    response = client.get(URL)

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_rejects_methods_other_than_get(client: Client, method: str) -> None:
    response = getattr(client, method)(URL)

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_it_answers_503_when_the_database_cannot_be_reached(client: Client) -> None:
    with mock.patch("config.views.connection") as fake_connection:
        fake_connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_it_answers_503_when_the_query_fails(client: Client) -> None:
    with mock.patch("config.views.connection") as fake_connection:
        cursor = fake_connection.cursor.return_value.__enter__.return_value
        cursor.execute.side_effect = OperationalError("server closed the connection unexpectedly")
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
