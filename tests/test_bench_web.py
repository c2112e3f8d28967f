"""The web benchmark (bench/bench_web.py with bench/locustfile.py) in short:
a few seconds of the same mix of users against a live server on a small demo,
with no error, every page kind answered and the report's lines complete."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.bench_scripts import bench_script

pytestmark = pytest.mark.django_db(transaction=True)
BENCH = Path(__file__).resolve().parent.parent / "bench"
KINDS = {"list", "search", "detail", "joborders", "shortlists", "import", "dashboard", "api", "admin_baseline"}


@pytest.fixture(scope="module")
def bench() -> Iterator[ModuleType]:
    with bench_script("bench_web") as module:
        yield module


def test_it_answers_the_days_mix_without_errors(
    bench: ModuleType, live_server: LiveServer, settings: Settings, tmp_path: Path
) -> None:
    settings.ROOT_URLCONF = "tests.bench_web_urls"
    settings.REQUIRE_2FA_FOR_MINISTRY_ADMINS = True  # as in production: the users pass the code step
    call_command("seed_demo", "--participants", "300", stdout=io.StringIO())
    plan, times = tmp_path / "plan.json", tmp_path / "times.json"
    plan.write_text(json.dumps({**bench.plan(users=1, folder=tmp_path), "tour": True}))
    env = dict(os.environ, BENCH_WEB_PLAN=str(plan))
    samples: list[dict[str, Any]] = []
    # One simulated user at a time: the live server's in-memory SQLite is one
    # connection shared by its threads, which concurrent requests would trip.
    for user_class, seconds in (("StaffUser", "20s"), ("ImportingOfficer", "8s")):
        env["BENCH_WEB_TIMES"] = str(times)
        locust = [str(Path(sys.executable).parent / "locust"), "-f", str(BENCH / "locustfile.py"), user_class]
        command = [
            *locust,
            "--headless",
            "-u",
            "1",
            "-r",
            "1",
            "-t",
            seconds,
            "--host",
            live_server.url,
            "--only-summary",
        ]
        # Fixed arguments: this interpreter's locust on the repository's locustfile.
        subprocess.run(command, env=env, check=False, timeout=120)  # noqa: S603
        samples += json.loads(times.read_text())["samples"]

    assert [sample for sample in samples if not sample["ok"]] == []
    assert {sample["name"] for sample in samples} >= KINDS
    lines = bench.report(samples, participants=300, users=2, seconds=28.0, rss_mb=100.0, seeded=0, seed_seconds=None)
    assert {line.split()[2] for line in lines[:-1]} >= {f"kind={kind}" for kind in KINDS}
    assert " errors=0 " in lines[-1]
    for field in (
        "participants=300",
        "users=2",
        "p50_ms=",
        "p95_ms=",
        "p99_ms=",
        "rps=",
        "baseline_p95_ms=",
        "rss_mb=",
    ):
        assert field in lines[-1]


def test_it_measures_from_the_moment_the_last_user_has_signed_in(bench: ModuleType) -> None:
    recorded = {
        "spawned_at": 100.0,
        "signed_in": [101.0, 112.0],
        "samples": [
            {"name": "login", "ms": 900.0, "ok": True, "at": 111.0},
            {"name": "list", "ms": 2000.0, "ok": True, "at": 105.0},  # a page among the last sign-ins
            {"name": "list", "ms": 40.0, "ok": True, "at": 113.0},
        ],
    }

    samples, seconds = bench.after_ramp(recorded, users=2, ended=132.0)

    assert [(sample["name"], sample["at"]) for sample in samples] == [("login", 111.0), ("list", 113.0)]
    assert seconds == 20.0


def test_it_measures_from_the_spawn_when_not_every_user_signed_in(bench: ModuleType) -> None:
    recorded = {
        "spawned_at": 100.0,
        "signed_in": [101.0],
        "samples": [{"name": "list", "ms": 40, "ok": True, "at": 105}],
    }

    samples, seconds = bench.after_ramp(recorded, users=2, ended=130.0)

    assert len(samples) == 1
    assert seconds == 30.0


def test_it_stops_the_set_it_started_itself(bench: ModuleType) -> None:
    assert bench.any_down("primary  up    pid 8215\napp1     down\nbeat     down\n")
    assert not bench.any_down("primary  up    pid 8215\napp1     up    pid 9124\n")


def test_it_visits_only_participants_that_exist(bench: ModuleType) -> None:
    call_command("seed_demo", "--participants", "40", stdout=io.StringIO())
    from participants.models import Participant  # noqa: PLC0415

    keys = sorted(Participant.objects.values_list("pk", flat=True))
    gone = keys[len(keys) // 2]
    Participant.objects.filter(pk=gone).delete()  # as an import rolled back leaves a gap

    visited = bench.existing_ids(keys[0], keys[-1], size=2_000)

    assert gone not in visited
    assert set(visited) == set(keys) - {gone}
