"""Benchmark: the day's mix of pages and API reads through the load balancer.

    .venv/bin/python bench/bench_web.py [--participants 1000000] [--users 50] [--seconds 120]
    make bench-web

By default it runs on the production set of scripts/cluster.sh: it starts the
set (with Django admin's stock participant list mounted at /bench-admin/ as
the baseline: ``JEMBATAN_BENCH_ADMIN_BASELINE=true``), seeds the primary with
``seed_demo`` up to ``--participants`` if it holds fewer (and reports how long
that took), drives ``--users`` locust users (bench/locustfile.py, headless)
for ``--seconds`` through the balancer on :8080, and stops the set at the end
if it started it. ``--url URL --database-url URL --app-pid PID...`` runs
against app servers that are already up instead (no start, no stop).

Before the run it prepares, on the same database, one ministry administrator
per user (``bench.admin.NN``, with an authenticator device whose key the plan
carries: production asks administrators for a code), an API token, and the
plan the locustfile reads (var/bench/web-plan.json). While locust runs it
samples the resident memory of every app worker process.

It prints one line per page kind and then the overall line over the day's
mix (every kind but the admin baseline and the sign-in):

    BENCH web kind=<kind> requests= errors= p50_ms= p95_ms= p99_ms=
    BENCH web participants= users= seconds= requests= p50_ms= p95_ms= p99_ms= errors= rps=
        baseline_p95_ms= list_p95_ms= list_speedup= rss_mb= seed_participants= seed_seconds=
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "scripts" / "cluster.sh"
CACHE = ROOT / "var" / "bench"
BALANCER = "http://127.0.0.1:8080"
PASSWORD = "bench-web-2026"  # noqa: S105 -- throw-away logins on a benchmark database
IMPORTER = "lpk.officer"
IMPORT_ROWS = 20
SPAWN_RATE = 2  # users signing in per second: the ramp is not measured
# Sign-ins go on after the last user is spawned (each is a slow hash and a home
# page): the run is this much longer, so the measured window keeps its seconds.
SIGN_IN_SLACK_SECONDS = 30
MIX_EXCLUDES = frozenset({"login", "admin_baseline"})
# The kinds the targets speak of: p95 within 200 ms at a million participants.
TARGET_KINDS = ("list", "search", "detail", "api")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--url", help="app servers already running here (default: start the cluster, use :8080)")
    parser.add_argument("--database-url", help="their database (with --url)")
    parser.add_argument("--app-pid", type=int, nargs="*", default=[], help="gunicorn masters to sample (with --url)")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # internal: write the plan to this path
    args = parser.parse_args()
    if args.prepare:
        prepare(Path(args.prepare), users=args.users)
        return
    started_cluster = False
    if args.url:
        url, env, masters = args.url, dict(os.environ, DATABASE_URL=args.database_url or ""), args.app_pid
    else:
        env = cluster_env()
        started_cluster = run_cluster("start", env)
        run_cluster("wait-ready", env)
        url, masters = BALANCER, [pid_of("app1"), pid_of("app2")]
    try:
        result = measure(args, url=url, env=env, masters=masters)
    finally:
        if started_cluster:
            run_cluster("stop", env)
    print("\n".join(result))


# --- the set and its database ------------------------------------------------------


def run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    # Fixed commands only: this repository's scripts, this interpreter and its locust.
    return subprocess.run(command, **options)  # noqa: S603, PLW1510 (each caller says whether to check)


def cluster_env() -> dict[str, str]:
    exports = run([str(CLUSTER), "env"], check=True, capture_output=True, text=True).stdout
    env = dict(os.environ, JEMBATAN_BENCH_ADMIN_BASELINE="true")
    for line in exports.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        env[name] = value.strip("'\"")
    return env


def run_cluster(command: str, env: dict[str, str]) -> bool:
    """True when ``start`` started something (then this run stops it)."""
    before = run([str(CLUSTER), "status"], check=False, capture_output=True, text=True, env=env).stdout
    run([str(CLUSTER), command], check=True, env=env)
    return command == "start" and any_down(before)


def any_down(status: str) -> bool:
    """Whether ``cluster.sh status`` (a line per part: ``app1     down``) names a part that is down."""
    return re.search(r"\bdown\b", status) is not None


def pid_of(name: str) -> int:
    return int((ROOT / "var" / "cluster" / "run" / f"{name}.pid").read_text().split()[0])


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def participant_count(env: dict[str, str]) -> int:
    code = "from participants.models import Participant; print(Participant.objects.count())"
    return int(manage(env, "shell", "-c", code).stdout.split()[-1])


def seed_up_to(participants: int, env: dict[str, str]) -> tuple[int, float | None]:
    """Seeds the missing participants; (participants seeded, seconds) or (0, None)."""
    missing = participants - participant_count(env)
    if missing <= 0:
        return 0, None
    started = time.perf_counter()
    run([sys.executable, "manage.py", "seed_demo", "--participants", str(missing)], cwd=ROOT, env=env, check=True)
    seconds = time.perf_counter() - started
    vacuum(env)
    return missing, seconds


def vacuum(env: dict[str, str]) -> None:
    """What autovacuum does in the hours after a bulk load, done before the
    measurement: without it the tables written last have no visibility map, so
    every index-only read goes to the table, and the first run measures that."""
    code = "from django.db import connection; connection.cursor().execute('VACUUM (ANALYZE)')"
    manage(env, "shell", "-c", code)


# --- the run -------------------------------------------------------------------------


def measure(args: argparse.Namespace, *, url: str, env: dict[str, str], masters: list[int]) -> list[str]:
    seeded, seed_seconds = seed_up_to(args.participants, env)
    participants = participant_count(env)
    CACHE.mkdir(parents=True, exist_ok=True)
    plan, times = CACHE / "web-plan.json", CACHE / "web-times.json"
    run([sys.executable, __file__, "--prepare", str(plan), "--users", str(args.users)], cwd=ROOT, env=env, check=True)
    sampler = MemorySampler(masters)
    sampler.start()
    run_locust(url=url, plan=plan, times=times, users=args.users, seconds=args.seconds)
    ended = time.time()  # wall clock, as locust stamps its samples
    sampler.stop()
    samples, measured = after_ramp(json.loads(times.read_text()), users=args.users, ended=ended)
    return report(
        samples,
        participants=participants,
        users=args.users,
        seconds=measured,
        rss_mb=sampler.peak_mb,
        seeded=seeded,
        seed_seconds=seed_seconds,
    )


def after_ramp(recorded: dict[str, Any], *, users: int, ended: float) -> tuple[list[dict[str, Any]], float]:
    """The samples from the moment every user was in and signed in, and that
    window's seconds. Sign-ins (a deliberately slow password hash, then the
    home page) are the ramp, not a day's traffic: their own line reports them."""
    first = min((sample["at"] for sample in recorded["samples"]), default=ended)
    start = recorded["spawned_at"] or first
    signed_in = recorded.get("signed_in") or []
    if len(signed_in) >= users:
        start = max(start, *signed_in)
    samples = [sample for sample in recorded["samples"] if sample["at"] >= start or sample["name"] == "login"]
    return samples, max(1.0, ended - start)


def run_locust(*, url: str, plan: Path, times: Path, users: int, seconds: int) -> None:
    env = dict(os.environ, BENCH_WEB_PLAN=str(plan), BENCH_WEB_TIMES=str(times))
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--run-time",
        f"{seconds + users // SPAWN_RATE + SIGN_IN_SLACK_SECONDS}s",  # the ramp, then the measured seconds
        "--host",
        url,
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    # locust exits 1 when a request failed: the errors are counted in the report.
    run(command, cwd=ROOT, env=env, check=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def report(
    samples: list[dict[str, Any]],
    *,
    participants: int,
    users: int,
    seconds: float,
    rss_mb: float,
    seeded: int,
    seed_seconds: float | None,
) -> list[str]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    for sample in samples:
        by_kind[sample["name"]].append(sample["ms"])
        errors[sample["name"]] += 0 if sample["ok"] else 1
    lines = []
    for kind in sorted(by_kind):
        ms = by_kind[kind]
        lines.append(
            f"BENCH web kind={kind} requests={len(ms)} errors={errors[kind]} p50_ms={percentile(ms, 0.5):.0f} "
            f"p95_ms={percentile(ms, 0.95):.0f} p99_ms={percentile(ms, 0.99):.0f}"
        )
    mix = [ms for kind, values in by_kind.items() if kind not in MIX_EXCLUDES for ms in values]
    # The sign-ins of the whole run are reported on their own line, not in the rate of the measured window.
    answered = sum(len(values) for kind, values in by_kind.items() if kind != "login")
    if not mix:
        return [*lines, "BENCH web no requests answered"]
    baseline = percentile(by_kind["admin_baseline"], 0.95) if by_kind.get("admin_baseline") else float("nan")
    listed = percentile(by_kind["list"], 0.95) if by_kind.get("list") else float("nan")
    seed = f"seed_participants={seeded} seed_seconds={seed_seconds:.0f}" if seed_seconds is not None else "seed=already"
    lines.append(
        f"BENCH web participants={participants} users={users} seconds={seconds:.0f} requests={len(mix)} "
        f"p50_ms={percentile(mix, 0.5):.0f} p95_ms={percentile(mix, 0.95):.0f} p99_ms={percentile(mix, 0.99):.0f} "
        f"errors={sum(errors.values())} rps={answered / seconds:.1f} baseline_p95_ms={baseline:.0f} "
        f"list_p95_ms={listed:.0f} list_speedup={baseline / listed:.1f} rss_mb={rss_mb:.0f} {seed}"
    )
    return lines


class MemorySampler:
    """The largest resident set of any worker of the given gunicorn masters,
    read from /proc every second while the load runs."""

    def __init__(self, masters: list[int]) -> None:
        self.masters = masters
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(1.0):
            for pid in self.workers():
                self.peak_mb = max(self.peak_mb, rss_mb(pid))

    def workers(self) -> list[int]:
        found = []
        for master in self.masters:
            children = Path(f"/proc/{master}/task/{master}/children")
            found += [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return found or self.masters


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the worker was recycled between listing and reading
        return 0.0
    kilobytes = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return kilobytes / 1024


# --- the plan (runs inside Django) ---------------------------------------------------


def prepare(path: Path, *, users: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    path.write_text(json.dumps(plan(users=users, folder=path.parent)))


def existing_ids(low: int, high: int, *, size: int = 5_000) -> list[int]:
    """Participants picked evenly at random between the lowest and highest key,
    keeping only keys in use: an import rolled back, or a killed one, leaves
    gaps, and a page asked for a missing key is a 404 counted as an error."""
    from participants.models import Participant  # noqa: PLC0415

    rng = random.Random(low * 31 + high)
    wanted = {rng.randint(low, high) for _ in range(size)}
    return sorted(Participant.objects.filter(pk__in=wanted).values_list("pk", flat=True))


def plan(*, users: int, folder: Path) -> dict[str, Any]:
    """Logins, token and the records the locustfile visits (inside Django)."""
    from django.db.models import Count, Max, Min  # noqa: PLC0415

    from joborders.models import JobOrder  # noqa: PLC0415
    from matching.models import Shortlist  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415

    logins = bench_logins(users)
    ids = Participant.objects.aggregate(low=Min("pk"), high=Max("pk"))
    sample = Participant.objects.filter(pk__lte=ids["low"] + 5000).values_list("full_name", flat=True)
    surnames = [name for name, _ in _commonest(name.split()[-1] for name in sample)[:10]]
    provinces = Participant.objects.values("province").annotate(n=Count("pk")).order_by("-n")
    return {
        "logins": logins,
        "api_token": api_token(logins[0]["username"]),
        "importer": importer(),
        "import_file": str(import_file(folder)),
        "participant_ids": existing_ids(ids["low"], ids["high"]),
        "surnames": surnames,
        "statuses": ["ready", "in_training", "placed", "registered"],
        "province": provinces[:1][0]["province"],
        "job_orders": list(JobOrder.objects.order_by("-pk").values_list("pk", flat=True)[:200]),
        "shortlisted_orders": list(Shortlist.objects.order_by("-pk").values_list("job_order_id", flat=True)[:200]),
    }


def _commonest(values: Any) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def bench_logins(users: int) -> list[dict[str, str]]:
    """One ministry administrator per simulated user, each with a confirmed
    authenticator device (a code is accepted once per device and 30 s)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415

    from accounts.models import Membership, Organization, OrganizationKind, Role, User  # noqa: PLC0415

    ministry = Organization.objects.filter(kind=OrganizationKind.MINISTRY).order_by("pk").first()
    assert ministry is not None, "no ministry: seed_demo first"
    logins = []
    for number in range(1, users + 1):
        user, created = User.objects.get_or_create(username=f"bench.admin.{number:02d}")
        if created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, organization=ministry, defaults={"role": Role.ADMIN})
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        logins.append({"username": user.username, "password": PASSWORD, "key": device.key})
    return logins


def importer() -> dict[str, str]:
    """The LPK/SO officer who uploads, with no import of an earlier run left
    open (an organization has one open import at a time)."""
    from accounts import access  # noqa: PLC0415
    from accounts.models import User  # noqa: PLC0415
    from participants import demo_data  # noqa: PLC0415
    from spreadsheets import actions  # noqa: PLC0415
    from spreadsheets.models import ImportJob  # noqa: PLC0415

    user = User.objects.get(username=IMPORTER)
    for job in ImportJob.objects.active().filter(organization=access.import_organization(user)):
        actions.cancel_import(job_id=job.pk, by=user)
    return {"username": IMPORTER, "password": demo_data.DEMO_PASSWORD}


def api_token(username: str) -> str:
    import datetime  # noqa: PLC0415

    from django.utils import timezone  # noqa: PLC0415

    from accounts.models import User  # noqa: PLC0415
    from api import actions  # noqa: PLC0415

    user = User.objects.get(username=username)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return actions.issue_token(user=user, name="bench-web", expires_on=tomorrow, by=user).secret


def import_file(folder: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_import  # noqa: PLC0415

    return Path(bench_import.generated_file(IMPORT_ROWS))


if __name__ == "__main__":
    main()
