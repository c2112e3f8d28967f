"""/readyz: whether this app server can serve pages (database, Redis when
configured, every migration applied), for the balancer; 503 naming what failed."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
import redis
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from pytest_django.fixtures import Settings

from config import views

URL = "/readyz"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_memo() -> Iterator[None]:
    # The per-process memo of "every migration applied" must not carry between tests.
    views._migrations_applied = False
    yield
    views._migrations_applied = False


def test_it_reports_ready_without_redis_in_the_embedded_mode(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = ""

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "not configured", "migrations": "ok"},
        "failed": [],
    }
    assert "no-store" in response["Cache-Control"]


def test_it_reports_ready_when_redis_answers(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with mock.patch.object(redis.Redis, "ping", return_value=True):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


def test_it_answers_503_naming_redis_when_redis_is_down(client: Client, settings: Settings) -> None:
    # Port 1 on loopback refuses at once: a real connection attempt, no mock.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "unavailable", "migrations": "ok"}
    assert response.json()["failed"] == ["redis"]


def test_it_answers_503_naming_the_database_when_it_cannot_be_reached(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = ""
    with mock.patch("config.views.connection") as fake_connection:
        fake_connection.cursor.side_effect = OperationalError("connection refused")
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "unavailable", "redis": "not configured", "migrations": "unknown"},
        "failed": ["database"],
    }


def test_it_answers_503_while_a_migration_is_not_applied(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = ""
    pending = [(mock.sentinel.migration, False)]
    with mock.patch("config.views.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = pending
        response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "unapplied"
    assert response.json()["failed"] == ["migrations"]


def test_it_reads_the_migrations_once_they_are_all_applied(client: Client, settings: Settings) -> None:
    settings.REDIS_URL = ""
    with mock.patch("config.views.MigrationExecutor", wraps=MigrationExecutor) as executor:
        client.get(URL)
        client.get(URL)

    assert executor.call_count == 1


def test_it_rejects_methods_other_than_get(client: Client) -> None:
    response = client.post(URL)

    assert response.status_code == 405
