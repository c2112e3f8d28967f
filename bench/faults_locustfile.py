"""The load bench_faults.py keeps on the cluster while it breaks parts of it.

A day's reading mix of an LPK/SO officer (lists, search, detail pages,
reports, the public open-data figures), every page answered by the database.
Each answer is written to FAULTS_EVENTS (JSON lines) when the run stops: its
time, page kind, status, and whether it was the "database unavailable" page
(503 with Retry-After) or a page with a traceback, which bench_faults.py reads
to count failures and the time to recover.

    FAULTS_EVENTS=/tmp/events.jsonl FAULTS_PARTICIPANTS=1,2,3 \\
        .venv/bin/locust -f bench/faults_locustfile.py --headless -u 10 -t 30s --host http://127.0.0.1:8080
"""

from __future__ import annotations

import json
import os
import random
import time
from typing import Any

from locust import HttpUser, between, events, task

USERNAME = os.environ.get("FAULTS_USERNAME", "lpk.officer")
PASSWORD = os.environ.get("FAULTS_PASSWORD", "jembatan-demo")
PARTICIPANTS = [int(pk) for pk in os.environ.get("FAULTS_PARTICIPANTS", "").split(",") if pk]
SEARCHES = ("budi", "siti", "agus", "dewi", "putri", "sari")

_answers: list[dict[str, Any]] = []


@events.request.add_listener  # type: ignore[untyped-decorator]
def _record(request_type: str, name: str, response: Any, exception: BaseException | None, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0
    body = getattr(response, "content", b"") or b""
    headers = getattr(response, "headers", {}) or {}
    _answers.append(
        {
            "t": time.time(),
            "name": name,
            "status": status,
            "error": exception is not None,
            "unavailable_page": status == 503 and "Retry-After" in headers,
            "traceback": b"Traceback" in body,
        }
    )


@events.test_stop.add_listener  # type: ignore[untyped-decorator]
def _write(**_: Any) -> None:
    path = os.environ.get("FAULTS_EVENTS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            out.writelines(json.dumps(answer) + "\n" for answer in _answers)


class Officer(HttpUser):
    wait_time = between(0.3, 1.2)

    def on_start(self) -> None:
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )
        # One line per signed-in user: bench_faults.py waits for all before breaking anything.
        events_path = os.environ.get("FAULTS_EVENTS")
        if events_path:
            with open(f"{events_path}.ready", "a", encoding="utf-8") as ready:
                ready.write("ready\n")

    @task(4)
    def participant_list(self) -> None:
        self.client.get("/participants/", name="list")

    @task(2)
    def search(self) -> None:
        self.client.get(f"/participants/?q={random.choice(SEARCHES)}", name="search")

    @task(3)
    def detail(self) -> None:
        if PARTICIPANTS:
            self.client.get(f"/participants/{random.choice(PARTICIPANTS)}/", name="detail")

    @task(1)
    def reports(self) -> None:
        self.client.get("/reports/", name="reports")

    @task(1)
    def open_data(self) -> None:
        self.client.get("/open-data/", name="open_data")
