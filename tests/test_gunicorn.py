"""config/gunicorn.py as the app servers run it: values from the environment, a
real gunicorn answering with JSON access lines that carry the request id."""

from __future__ import annotations

import gc
import json
import os
import runpy
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lib.crypto import new_key

BASE_DIR = Path(__file__).resolve().parent.parent
CONFIG = BASE_DIR / "config" / "gunicorn.py"
# How long tests/slow_wsgi.py takes to answer /slow.
SLOW_SECONDS = 1.5
VARIABLES = [
    "GUNICORN_BIND",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_WORKER_CONNECTIONS",
    "GUNICORN_KEEPALIVE",
]


def load(monkeypatch: pytest.MonkeyPatch, **variables: str) -> dict[str, object]:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_it_listens_on_loopback_with_two_single_threaded_workers_per_core_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    values = load(monkeypatch)

    assert values["bind"] == ["127.0.0.1:8000"]
    assert values["workers"] == 5
    assert values["threads"] == 1
    assert values["worker_class"] == "gthread"
    assert values["max_requests"] == 1000


def test_it_takes_bind_workers_and_threads_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    values = load(
        monkeypatch, GUNICORN_BIND="127.0.0.1:8001,unix:/run/j.sock", WEB_CONCURRENCY="3", GUNICORN_THREADS="8"
    )

    assert values["bind"] == ["127.0.0.1:8001", "unix:/run/j.sock"]
    assert values["workers"] == 3
    assert values["threads"] == 8


def test_a_worker_holds_one_connection_per_thread_and_none_past_its_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load(monkeypatch)["worker_connections"] == 1
    assert load(monkeypatch)["keepalive"] == 0
    assert load(monkeypatch, GUNICORN_THREADS="4")["worker_connections"] == 4


def test_a_worker_may_be_given_more_connections_than_threads_and_then_keeps_them_alive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    values = load(monkeypatch, GUNICORN_THREADS="2", GUNICORN_WORKER_CONNECTIONS="100")

    assert values["worker_connections"] == 100
    assert values["keepalive"] == 5


def test_it_refuses_a_malformed_number_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="WEB_CONCURRENCY='many'"):
        load(monkeypatch, WEB_CONCURRENCY="many")


def test_a_loaded_worker_puts_what_it_loaded_beyond_the_garbage_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    hook = load(monkeypatch)["post_worker_init"]
    assert callable(hook)
    gc.unfreeze()
    try:
        hook(None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped: {process.communicate()[1]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310  (loopback URL built above)
        except OSError:
            time.sleep(0.3)
        else:
            return
    pytest.fail("gunicorn did not answer within 60 s")


def production_environment(tmp_path: Path, port: int) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "JEMBATAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": new_key(),
        "BLIND_INDEX_KEY": new_key(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "SECURE_SSL_REDIRECT": "false",
        "JEMBATAN_VAR_DIR": str(tmp_path / "var"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }


def start_gunicorn(environment: dict[str, str], *app: str) -> subprocess.Popen[str]:
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), *app]
    return subprocess.Popen(  # noqa: S603  (this interpreter, fixed arguments)
        gunicorn, cwd=BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_it_serves_and_writes_a_json_access_line_with_the_request_id(tmp_path: Path) -> None:
    port = free_port()
    environment = production_environment(tmp_path, port) | {"WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    process = start_gunicorn(environment)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz?probe=1", headers={"X-Request-ID": "lb-42"})
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310  (loopback)
            assert response.headers["X-Request-ID"] == "lb-42"
    finally:
        process.terminate()
        stdout, stderr = process.communicate(timeout=60)

    access = [json.loads(line) for line in stdout.splitlines() if '"lb-42"' in line]
    assert access, stdout + stderr
    assert access[0]["name"] == "gunicorn.access"
    assert access[0]["method"] == "GET"
    assert access[0]["path"] == "/healthz"
    assert access[0]["query"] == "probe=1"
    assert access[0]["status"] == 200
    assert isinstance(access[0]["duration_ms"], float)
    # gunicorn's own lines are JSON too.
    assert all(json.loads(line)["name"].startswith("gunicorn") for line in stderr.splitlines() if line.startswith("{"))


def test_a_request_never_waits_for_another_in_a_busy_worker(tmp_path: Path) -> None:
    """Two single-threaded workers: while one writes a slow answer, every other
    request goes to the other one. With gthread's default of 1,000 connections
    a worker, the busy one took about half of them and answered each after
    the slow one."""
    port = free_port()
    environment = production_environment(tmp_path, port) | {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "1"}
    process = start_gunicorn(environment, "tests.slow_wsgi:application")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/fast", process)
        slow = ThreadPoolExecutor(max_workers=1).submit(timed_read, f"{base}/slow")
        time.sleep(0.3)  # the slow request has reached its worker
        timed = [timed_read(f"{base}/fast") for _ in range(12)]
        busy_worker, _ = slow.result(timeout=10)
    finally:
        process.terminate()
        process.communicate(timeout=60)

    assert max(seconds for _, seconds in timed) < SLOW_SECONDS / 2, timed
    assert busy_worker not in {worker for worker, _ in timed}


def timed_read(url: str) -> tuple[str, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  (loopback)
        worker = response.read().decode()
    return worker, time.monotonic() - started
