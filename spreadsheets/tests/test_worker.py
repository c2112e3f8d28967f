"""A large import goes through a real Celery worker on Redis, the way
production runs it: the upload returns at once, the page shows the progress,
and the worker validates and then commits.

Runs on PostgreSQL and needs Redis: ``make test`` starts it and sets JEMBATAN_TEST_REDIS_URL and
JEMBATAN_REQUIRE_REDIS=1, so in CI a missing Redis fails this test instead of
skipping it.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from config.celery import app
from participants.models import Participant
from spreadsheets.models import ImportJob, ImportState
from spreadsheets.tests.files import person, upload, xlsx
from tests.cast import Cast

REDIS_URL = os.environ.get("JEMBATAN_TEST_REDIS_URL", "")
REQUIRED = os.environ.get("JEMBATAN_REQUIRE_REDIS") == "1"


def _redis_or_skip() -> str:
    problem = "" if REDIS_URL else "JEMBATAN_TEST_REDIS_URL is not set"
    if not problem:
        try:
            redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            problem = f"Redis at {REDIS_URL} does not answer: {error}"
    if problem and REQUIRED:
        pytest.fail(f"{problem} (scripts/services.sh redis starts it)")
    if problem:
        pytest.skip(problem)
    return REDIS_URL


@pytest.fixture
def worker(transactional_db: None) -> Iterator[None]:
    url = _redis_or_skip()
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager", "task_default_queue")}
    # A queue of this test's own: parallel test processes share the Redis server.
    app.conf.update(
        broker_url=url, result_backend=url, task_always_eager=False, task_default_queue=f"test-{uuid.uuid4().hex}"
    )
    _forget_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(saved)
        _forget_connections()


def _forget_connections() -> None:
    """An eager task run earlier in this process made the app cache its
    connection pool and queues from the settings then (the in-memory broker,
    the default queue); dropped, they are made again from the settings now."""
    app.close()
    app.__dict__.pop("amqp", None)  # a cached property


def wait_for(job: ImportJob, state: ImportState, seconds: float = 30) -> ImportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state == state:
            return job
        if job.state in (ImportState.FAILED, ImportState.CANCELLED):
            break
        time.sleep(0.1)
    raise AssertionError(f"job is {job.state} ({job.problem}), expected {state}")


# Workers run beside PostgreSQL in production; the embedded default (SQLite)
# runs tasks in the web process, as the other import tests do. SQLite's
# shared in-memory test database locks whole tables across threads, so a
# worker thread writing while the test reads fails at random there.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Celery workers run beside PostgreSQL")
def test_it_validates_and_commits_a_large_file_in_a_worker(
    worker: None, cast: Cast, client: Client, settings: Settings
) -> None:
    settings.IMPORT_BACKGROUND_ROWS = 2  # "large" for this test
    client.force_login(cast.lpk_officer)
    content = xlsx([person(cast, serial) for serial in range(1, 6)])

    response = client.post("/spreadsheets/", {"kind": "participants", "file": upload(content)})

    job = ImportJob.objects.get()
    assert response["Location"] == f"/spreadsheets/{job.pk}/"
    assert job.background
    job = wait_for(job, ImportState.VALIDATED)
    assert (job.new, job.rows_done) == (5, 5)
    assert client.get(f"/spreadsheets/{job.pk}/progress/")["HX-Refresh"] == "true"  # done: show the preview

    client.post(f"/spreadsheets/{job.pk}/commit/")

    wait_for(job, ImportState.COMMITTED)
    assert Participant.objects.filter(sending_organization=cast.lpk, full_name__startswith="Peserta").count() == 5
