"""A delivery of a task tells a live worker's work from a dead one's by the
worker's database session: the claim is free exactly when nobody holds it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg
import pytest
from django.db import connection

from lib import worker_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_worker() -> Iterator[psycopg.Connection[tuple[int, ...]]]:
    """Another worker's own database session."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; the embedded default runs tasks in-process, one at a time")
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as session:
        yield session


def test_it_claims_work_nobody_holds_and_lets_go_after() -> None:
    with worker_claim.claim("test.work", 7) as mine:
        assert mine
    with worker_claim.claim("test.work", 7) as again:
        assert again


def test_it_leaves_work_a_live_worker_holds(other_worker: psycopg.Connection[tuple[int, ...]]) -> None:
    with worker_claim.claim("test.work", 7) as mine:
        assert mine
        held = other_worker.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [worker_claim._key("test.work"), 7]
        ).fetchone()
        assert held == (False,)
        other_kind = other_worker.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", [worker_claim._key("test.other"), 7]
        ).fetchone()
        assert other_kind == (True,)  # other work on the same row is not held


def test_it_takes_over_once_the_holding_worker_is_gone(other_worker: psycopg.Connection[tuple[int, ...]]) -> None:
    other_worker.execute("SELECT pg_advisory_lock(%s, %s)", [worker_claim._key("test.work"), 8])
    with worker_claim.claim("test.work", 8) as mine:
        assert not mine

    other_worker.close()  # the worker's process died: the server ends its session
    _wait_until_the_server_ended(8)

    with worker_claim.claim("test.work", 8) as mine:
        assert mine


def _wait_until_the_server_ended(objid: int) -> None:
    """The server ends a closed session a moment after the client went."""
    deadline = time.monotonic() + 10
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [objid],
            )
            if cursor.fetchone() == (0,):
                return
            time.sleep(0.05)
    raise AssertionError("the closed session still holds its lock")
