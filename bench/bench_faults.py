"""Benchmark: the production set keeps answering while its parts fail.

    make bench-faults                       (or .venv/bin/python bench/bench_faults.py)
    .venv/bin/python bench/bench_faults.py --only kill-app restart-primary --users 10 --keep

Starts the loopback cluster (scripts/cluster.sh: primary + replica PostgreSQL,
Redis, two gunicorn behind nginx, two Celery workers, beat), seeds it if it is
empty, and runs each fault while locust (bench/faults_locustfile.py, headless)
reads pages through the balancer:

* kill-app: app1 is SIGKILLed (master and workers); nginx must take it out and
  answer from app2. Restarted at the end.
* restart-primary: the primary PostgreSQL stops (fast shutdown), stays down
  for --down seconds and starts again. Meanwhile pages must be the 503 "database
  unavailable" page with Retry-After, never a 500; after it they must recover
  by themselves. recovered_s: from the primary accepting connections again to
  the last failed answer.
* kill-worker-import: a 10,000-row participant import (background: larger than
  IMPORT_BACKGROUND_ROWS) is started; the worker checking it is SIGKILLed half-way,
  then, after confirmation, the worker writing it is SIGKILLed half-way through
  its transaction. Each killed worker is started again after 2 s (as systemd's
  Restart= would). The job must end committed with every row written once.
* kill-worker-safety: a safety check asks the workers placed in Japan (given an
  e-mail address) in the smallest prefectures that hold SAFETY_CHECK_WORKERS of
  them; the worker sending its e-mails is SIGKILLed half-way, and the wait for
  the rest grows with their number. Every
  question must be e-mailed exactly once (counted by Message-ID in the files of
  Django's file-based e-mail backend, EMAIL_FILE_PATH).

Lost and duplicated work is counted by demo/task_ledger.py from what the work
wrote (tasks_lost / tasks_duplicated: 0 or 1 per fault; the rows and e-mails
behind them are printed too).
* disk-full: a tmpfs of --disk-kib is mounted on the media folder and filled;
  document uploads must be refused with a clear message (no 500, no stored row,
  no file left behind), and accepted again once space is freed.

Each fault prints ``BENCH faults fault=<name> requests= failed= tasks_lost=
tasks_duplicated=`` (and what else it measured), then the line over all faults.
The cluster is stopped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "scripts" / "cluster.sh"
LOCUSTFILE = ROOT / "bench" / "faults_locustfile.py"
BALANCER = "http://127.0.0.1:8080"
IMPORTER = "lpk.officer"
LPK_CODE = "lpk-karya-nusantara"
PASSWORD = "jembatan-demo"  # noqa: S105 - the demo logins' published password
SEED_PARTICIPANTS = 10_000
IMPORT_ROWS = 10_000
INSUFFICIENT_STORAGE = 507
SAFETY_EVENT = "Gempa bench-faults"
# Workers the killed safety check asks, at least: the smallest prefectures
# holding as many. At a million participants every worker in Japan is 189,319
# e-mails, half an hour under load; the smallest of its prefectures 32,054.
SAFETY_CHECK_WORKERS = 2_000
# The slowest sending the wait allows for after the redelivery: measured
# 110 e-mails a second under the faults' load at a million participants.
SAFETY_EMAILS_PER_SECOND = 50
FAULTS = ("kill-app", "restart-primary", "kill-worker-import", "kill-worker-safety", "disk-full")


@dataclass
class Result:
    fault: str
    requests: int = 0
    failed: int = 0
    tasks_lost: int = 0
    tasks_duplicated: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        extra = " ".join(f"{key}={value}" for key, value in self.extra.items())
        return (
            f"BENCH faults fault={self.fault} requests={self.requests} failed={self.failed} "
            f"tasks_lost={self.tasks_lost} tasks_duplicated={self.tasks_duplicated} {extra}"
        ).rstrip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=FAULTS, default=list(FAULTS))
    parser.add_argument("--users", type=int, default=10, help="locust users reading pages during each fault")
    parser.add_argument("--seconds", type=int, default=40, help="load per fault (the task faults run longer)")
    parser.add_argument("--down", type=int, default=8, help="seconds the primary stays down")
    parser.add_argument("--disk-kib", type=int, default=512, help="size of the media tmpfs")
    parser.add_argument("--keep", action="store_true", help="leave the cluster running at the end")
    args = parser.parse_args()

    cluster("start")
    results: list[Result] = []
    try:
        setup_django()
        seed()
        cluster("wait-ready", "120")
        runs: dict[str, Callable[[], Result]] = {
            "kill-app": lambda: kill_app(args),
            "restart-primary": lambda: restart_primary(args),
            "kill-worker-import": lambda: kill_worker_import(args),
            "kill-worker-safety": lambda: kill_worker_safety(args),
            "disk-full": lambda: disk_full(args),
        }
        for name in args.only:
            print(f"--- fault {name}", flush=True)
            close_connections()  # a restarted primary dropped this process's connection
            result = runs[name]()
            print(result.line(), flush=True)
            results.append(result)
            cluster("start")  # whatever a fault left down comes back before the next one
            cluster("wait-ready", "120")
    finally:
        if not args.keep:
            cluster("stop")
    print("\n".join(result.line() for result in results))
    total = Result(
        fault="all",
        requests=sum(r.requests for r in results),
        failed=sum(r.failed for r in results),
        tasks_lost=sum(r.tasks_lost for r in results),
        tasks_duplicated=sum(r.tasks_duplicated for r in results),
    )
    total.extra["faults"] = len(results)
    print(total.line())


# --- the cluster ------------------------------------------------------------------


def cluster(*args: str) -> None:
    subprocess.run([str(CLUSTER), *args], check=True)  # noqa: S603 - our own script


def cluster_env() -> dict[str, str]:
    out = subprocess.run([str(CLUSTER), "env"], check=True, capture_output=True, text=True).stdout  # noqa: S603
    pairs = (line.removeprefix("export ").split("=", 1) for line in out.splitlines() if line.startswith("export "))
    return {pair[0]: pair[1] for pair in pairs}


def setup_django() -> None:
    """This process talks to the cluster's database and broker as the app does."""
    os.environ.update(cluster_env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()


def close_connections() -> None:
    from django.db import connections  # noqa: PLC0415

    connections.close_all()


def seed() -> None:
    from participants.models import Participant  # noqa: PLC0415

    if Participant.objects.count() >= 2000:
        return
    manage = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "load_reference"], check=True, cwd=ROOT)  # noqa: S603
    seed_demo = [*manage, "seed_demo", "--participants", str(SEED_PARTICIPANTS), "--if-empty"]
    subprocess.run(seed_demo, check=True, cwd=ROOT)  # noqa: S603


# --- load -------------------------------------------------------------------------


@dataclass
class Answers:
    events: list[dict[str, Any]]

    @property
    def requests(self) -> int:
        return len(self.events)

    def failed(self, since: float = 0.0) -> list[dict[str, Any]]:
        return [e for e in self.events if e["t"] >= since and (e["error"] or e["status"] >= 400)]

    def count(self, predicate: Callable[[dict[str, Any]], bool]) -> int:
        return sum(1 for e in self.events if predicate(e))


@contextmanager
def load(args: argparse.Namespace, seconds: int) -> Iterator[Callable[[], Answers]]:
    """locust reading pages for ``seconds`` (users logged in before the block runs)."""
    events = Path(tempfile.mkstemp(prefix="faults-", suffix=".jsonl")[1])
    env = {
        **os.environ,
        "FAULTS_EVENTS": str(events),
        "FAULTS_USERNAME": IMPORTER,
        "FAULTS_PASSWORD": PASSWORD,
        "FAULTS_PARTICIPANTS": ",".join(str(pk) for pk in visible_participants()),
    }
    command = [
        str(ROOT / ".venv" / "bin" / "locust"),
        *("-f", str(LOCUSTFILE), "--headless", "--only-summary", "--loglevel", "WARNING"),
        *("-u", str(args.users), "-r", str(args.users), "-t", f"{seconds}s", "--host", BALANCER),
        "--stop-timeout",
        "5",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    answers: list[Answers] = []
    ready = Path(f"{events}.ready")
    try:
        # Every user signed in (a sign-in is a POST, which no balancer may repeat) and reading.
        wait_until(lambda: ready.exists() and len(ready.read_text().split()) >= args.users, 60, 0.2)
        time.sleep(2)
        yield lambda: answers[0]
    finally:
        process.wait(timeout=seconds + 60)
        answers.append(Answers([json.loads(line) for line in events.read_text().splitlines() if line]))
        events.unlink()
        ready.unlink(missing_ok=True)


def visible_participants() -> list[int]:
    from participants.models import Participant  # noqa: PLC0415

    return list(
        Participant.objects.filter(sending_organization__code=LPK_CODE)
        .order_by("-pk")
        .values_list("pk", flat=True)[:300]
    )


def run_with_load(
    args: argparse.Namespace, seconds: int, fault: Callable[[], dict[str, Any]]
) -> tuple[Answers, dict[str, Any]]:
    with load(args, seconds) as answers:
        measured = fault()
    return answers(), measured


# --- the faults -------------------------------------------------------------------


def kill_app(args: argparse.Namespace) -> Result:
    def fault() -> dict[str, Any]:
        time.sleep(4)
        cluster("kill", "app1")
        return {"killed_at": time.time()}

    answers, measured = run_with_load(args, args.seconds, fault)
    failed = answers.failed()
    return Result(
        "kill-app",
        requests=answers.requests,
        failed=len(failed),
        extra={
            "failed_pct": f"{100 * len(failed) / max(answers.requests, 1):.3f}",
            "after_kill": answers.count(lambda e: e["t"] >= measured["killed_at"]),
            "status_500": answers.count(lambda e: e["status"] == 500),
        },
    )


def restart_primary(args: argparse.Namespace) -> Result:
    def fault() -> dict[str, Any]:
        time.sleep(4)
        stopped = time.time()
        cluster("stop", "primary")
        time.sleep(args.down)
        cluster("start", "primary")
        return {"stopped_at": stopped, "up_at": time.time()}

    answers, measured = run_with_load(args, args.seconds, fault)
    failed = answers.failed()
    late = [e["t"] for e in failed if e["t"] >= measured["up_at"]]
    recovered_s = max(late) - measured["up_at"] if late else 0.0
    return Result(
        "restart-primary",
        requests=answers.requests,
        failed=len(failed),
        extra={
            "down_s": f"{measured['up_at'] - measured['stopped_at']:.1f}",
            "status_503_page": answers.count(lambda e: e["unavailable_page"]),
            "status_500": answers.count(lambda e: e["status"] == 500),
            "tracebacks": answers.count(lambda e: e["traceback"]),
            "recovered_s": f"{recovered_s:.1f}",
            "failed_after_recovery": sum(1 for t in late if t > measured["up_at"] + 10),
        },
    )


# --- Celery workers -----------------------------------------------------------------


@contextmanager
def only_worker1() -> Iterator[None]:
    """worker2 stopped while a task is handed out, so worker1 takes it and is the
    one to kill; worker2 comes back at the end of the block (after the kill)."""
    cluster("stop", "worker2")
    try:
        yield
    finally:
        cluster("start", "worker2")


def wait_until(condition: Callable[[], Any], timeout: float, every: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    return None


def redelivery_seconds() -> float:
    from django.conf import settings  # noqa: PLC0415

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}) or {}
    # kombu's Redis transport restores unacknowledged messages after this (default one hour).
    return float(options.get("visibility_timeout", 3600))


def kill_and_restart(name: str) -> None:
    cluster("kill", name)
    time.sleep(2)
    cluster("start", name)


def kill_worker_import(args: argparse.Namespace) -> Result:
    from django.db import close_old_connections  # noqa: PLC0415

    from demo import task_ledger  # noqa: PLC0415
    from spreadsheets.models import ImportJob, ImportState  # noqa: PLC0415

    niks: list[str] = []
    patience = min(redelivery_seconds(), 600) + 60
    measured: dict[str, Any] = {}

    def fault() -> dict[str, Any]:
        from spreadsheets import actions  # noqa: PLC0415

        with only_worker1():
            job, user = start_import(niks)
            measured["job"] = job.pk
            # Half-way through the check: some rows done, not all.
            if wait_until(lambda: in_progress(job.pk), 120):
                kill_and_restart("worker1")
                measured["killed_validate"] = "worker1"
        validated = wait_until(lambda: state(job.pk) in {ImportState.VALIDATED, ImportState.FAILED}, patience, 0.5)
        measured["validated"] = bool(validated) and state(job.pk) == ImportState.VALIDATED
        if not measured["validated"]:
            return measured
        with only_worker1():
            actions.commit_import(job_id=job.pk, by=user)
            # Half-way through its transaction: participants inserted, not committed.
            if wait_until(writing_participants, 60, 0.02):
                kill_and_restart("worker1")
                measured["killed_commit"] = "worker1"
        wait_until(lambda: state(job.pk) in {ImportState.COMMITTED, ImportState.FAILED}, patience, 0.5)
        return measured

    def state(pk: int) -> str:
        close_old_connections()
        return str(ImportJob.objects.values_list("state", flat=True).get(pk=pk))

    def in_progress(pk: int) -> bool:
        done, total, current = ImportJob.objects.values_list("rows_done", "rows_total", "state").get(pk=pk)
        return current == ImportState.VALIDATING and 0 < (done or 0) < (total or 1)

    answers, _ = run_with_load(args, args.seconds, fault)
    close_old_connections()
    count = task_ledger.count_import(measured["job"], niks)
    return Result(
        "kill-worker-import",
        requests=answers.requests,
        failed=len(answers.failed()),
        tasks_lost=count.tasks_lost,
        tasks_duplicated=count.tasks_duplicated,
        extra={
            "rows": count.expected,
            "written": count.done,
            "rows_lost": count.lost,
            "rows_duplicated": count.duplicated,
            "state": ImportJob.objects.values_list("state", flat=True).get(pk=measured["job"]),
            "killed_validate": measured.get("killed_validate") or "none",
            "killed_commit": measured.get("killed_commit") or "none",
        },
    )


def writing_participants() -> bool:
    """A worker's commit transaction is inserting participants now."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'participants_participant' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def start_import(niks: list[str]) -> tuple[Any, Any]:
    from django.core.files import File  # noqa: PLC0415

    from accounts import access  # noqa: PLC0415
    from accounts.models import User  # noqa: PLC0415
    from spreadsheets import actions  # noqa: PLC0415
    from spreadsheets.models import ImportKind  # noqa: PLC0415

    sys.path.insert(0, str(ROOT / "bench"))
    import bench_import  # noqa: PLC0415

    user = User.objects.get(username=IMPORTER)
    organization = access.import_organization(user)
    if organization is None:
        raise SystemExit(f"{IMPORTER} may not import: seed the demo data")
    path = Path(tempfile.mkstemp(prefix="faults-import-", suffix=".csv")[1])
    try:
        write_import_file(path, niks, bench_import)
        with path.open("rb") as stream:
            job = actions.start_import(
                kind=ImportKind.PARTICIPANTS,
                upload=File(stream, name="faults.csv"),
                organization=organization,
                by=user,
            )
    finally:
        path.unlink()
    return job, user


def write_import_file(path: Path, niks: list[str], bench_import: Any) -> None:
    """A CSV of bench_import's rows with NIKs no earlier run used (a fresh random seed)."""
    from participants.models import Participant  # noqa: PLC0415

    rng = random.Random()
    rows: list[list[str]] = [list(bench_import.HEADINGS)]
    taken = set()
    while len(niks) < IMPORT_ROWS:
        born = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 10))
        sex = rng.choice("LP")
        day = born.day + (40 if sex == "P" else 0)
        regency = rng.choice(bench_import.REGENCIES)
        nik = f"{regency}{rng.randrange(1, 40):02d}{day:02d}{born:%m%y}{rng.randrange(1, 9999):04d}"
        if nik in taken:
            continue
        taken.add(nik)
        niks.append(nik)
        name = f"{rng.choice(bench_import.FIRST)} {rng.choice(bench_import.MIDDLE)} {rng.choice(bench_import.LAST)}"
        rows.append(
            [
                nik,
                name,
                "",
                sex,
                born.strftime("%d/%m/%Y"),
                "Bekasi",
                f"Jl. Merdeka {rng.randrange(1, 200)}",
                f"08{rng.randrange(10**9, 10**10)}",
                "",
                rng.choice(bench_import.TRADE_CODES),
                rng.choice(bench_import.BLK_CODES),
                LPK_CODE,
                "",
            ]
        )
    existing = set(Participant.objects.with_niks(niks).values_list("nik", flat=True))
    if existing:  # astronomically rare: drop them so "written" counts this run only
        niks[:] = [nik for nik in niks if nik not in existing]
    # CSV: its line count tells the import at once that it belongs in the background.
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


def kill_worker_safety(args: argparse.Namespace) -> Result:
    from django.db import close_old_connections  # noqa: PLC0415

    from demo import task_ledger  # noqa: PLC0415
    from protection.models import SafetyQuestion  # noqa: PLC0415

    measured: dict[str, Any] = {}
    mail_dir = Path(os.environ["EMAIL_FILE_PATH"])

    def fault() -> dict[str, Any]:
        def emailed() -> int:
            close_old_connections()
            return SafetyQuestion.objects.filter(safety_check_id=check_id, emailed_at__isnull=False).count()

        with only_worker1():
            check_id, asked = open_check()
            measured.update(check=check_id, asked=asked)
            # Half-way through the e-mails: some sent, not all.
            if wait_until(lambda: 0 < emailed() < asked, 60, 0.01):
                measured["emailed_when_killed"] = emailed()
                kill_and_restart("worker1")
                measured["killed"] = "worker1"
        patience = min(redelivery_seconds(), 600) + 60 + asked / SAFETY_EMAILS_PER_SECOND
        wait_until(lambda: emailed() >= asked, patience, 0.5)
        time.sleep(2)  # the last file written
        return measured

    answers, _ = run_with_load(args, args.seconds, fault)
    close_old_connections()
    count = task_ledger.count_safety_check(measured["check"], mail_dir)
    return Result(
        "kill-worker-safety",
        requests=answers.requests,
        failed=len(answers.failed()),
        tasks_lost=count.tasks_lost,
        tasks_duplicated=count.tasks_duplicated,
        extra={
            "asked": measured["asked"],
            "emailed": count.done,
            "emails_lost": count.lost,
            "emails_duplicated": count.duplicated,
            "killed": measured.get("killed") or "none",
            "emailed_when_killed": measured.get("emailed_when_killed", "-"),
        },
    )


def open_check() -> tuple[int, int]:
    """A safety check over the smallest prefectures with workers in Japan that
    together hold SAFETY_CHECK_WORKERS (every one on a small set), all given an address."""
    from django.db.models import Count  # noqa: PLC0415

    from accounts.models import Membership, OrganizationKind, Role  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415
    from placements.models import Placement, PlacementStatus  # noqa: PLC0415
    from protection.actions.safety import open_safety_check  # noqa: PLC0415
    from protection.models import SafetyCheck  # noqa: PLC0415

    placed = Placement.objects.filter(status=PlacementStatus.IN_JAPAN)
    Participant.objects.filter(pk__in=placed.values("participant_id"), email="").update(email="peserta@example.org")
    SafetyCheck.objects.filter(closed_at__isnull=True).update(closed_at=datetime.datetime.now(tz=datetime.UTC))
    officer = (
        Membership.objects.filter(organization__kind=OrganizationKind.MINISTRY, role__in=[Role.OFFICER, Role.ADMIN])
        .select_related("user")
        .first()
    )
    if officer is None:
        raise SystemExit("no ministry officer to open the safety check: seed the demo data")
    workers = placed.values_list("prefecture_id").annotate(workers=Count("id")).order_by()
    prefectures = smallest_prefectures(dict(workers), SAFETY_CHECK_WORKERS)
    opened = open_safety_check(event=f"{SAFETY_EVENT} {time.time():.0f}", prefecture_ids=prefectures, by=officer.user)
    return opened.check.pk, opened.asked


def smallest_prefectures(workers: dict[int, int], at_least: int) -> list[int]:
    """The prefectures with the fewest workers that together hold ``at_least``
    (all of them when they hold fewer), by key."""
    chosen: list[int] = []
    held = 0
    for prefecture, count in sorted(workers.items(), key=lambda item: (item[1], item[0])):
        if held >= at_least:
            break
        chosen.append(prefecture)
        held += count
    return sorted(chosen)


# --- the media disk -----------------------------------------------------------------


def disk_full(args: argparse.Namespace) -> Result:
    from participants.models import Document  # noqa: PLC0415

    media = Path(os.environ["MEDIA_ROOT"])
    if os.geteuid() != 0:
        print("disk-full needs root to mount a tmpfs; skipped")
        return Result("disk-full", extra={"skipped": "not-root"})
    measured: dict[str, Any] = {}

    def fault() -> dict[str, Any]:
        with full_media(media, args.disk_kib) as filler:
            before = Document.objects.count()
            files_before = files_under(media)
            answers = [upload_document() for _ in range(3)]
            measured["refused"] = sum(1 for _, refused in answers if refused)
            measured["server_errors"] = sum(1 for status, refused in answers if status >= 500 and not refused)
            measured["rows_added"] = Document.objects.count() - before
            measured["files_added"] = len(files_under(media) - files_before)
            filler.unlink()  # space again: the next upload must be accepted
            status, _ = upload_document()
            measured["accepted_after"] = status == 302  # back to the record: stored
            new = Document.objects.order_by("-pk").first()
            measured["stored_file_ok"] = bool(new and new.file and Path(new.file.path).exists())
        return measured

    answers, _ = run_with_load(args, args.seconds, fault)
    return Result(
        "disk-full",
        requests=answers.requests + 4,
        failed=len(answers.failed()) + measured["server_errors"] + (0 if measured["accepted_after"] else 1),
        extra={
            "uploads_refused": f"{measured['refused']}/3",
            "rows_without_file": measured["rows_added"],
            "partial_files": measured["files_added"],
            "accepted_after_freeing": "yes" if measured["accepted_after"] else "no",
        },
    )


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file() and path.name != "filler"}


@contextmanager
def full_media(media: Path, kib: int) -> Iterator[Path]:
    """A tmpfs of ``kib`` KiB over the media folder (its files copied in), filled to the last byte."""
    media.mkdir(parents=True, exist_ok=True)
    saved = Path(tempfile.mkdtemp(prefix="faults-media-"))
    shutil.copytree(media, saved, dirs_exist_ok=True)
    mount = ["/usr/bin/mount", "-t", "tmpfs", "-o", f"size={kib}k,mode=0755", "tmpfs", str(media)]
    subprocess.run(mount, check=True)  # noqa: S603
    try:
        with suppress(OSError):
            shutil.copytree(saved, media, dirs_exist_ok=True)
        filler = media / "filler"
        with suppress(OSError), filler.open("wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        yield filler
    finally:
        subprocess.run(["/usr/bin/umount", str(media)], check=True)  # noqa: S603
        shutil.rmtree(saved)


def upload_document() -> tuple[int, bool]:
    """One photo uploaded through the balancer: the status, and whether
    the page answered with the refusal (the form again, with an error)."""
    import requests  # noqa: PLC0415

    from participants.models import Participant  # noqa: PLC0415

    participant = Participant.objects.filter(sending_organization__code=LPK_CODE).order_by("pk").first()
    if participant is None:
        raise SystemExit(f"no participant of {LPK_CODE}: seed the demo data")
    session = requests.Session()
    session.get(f"{BALANCER}/accounts/login/")
    session.post(
        f"{BALANCER}/accounts/login/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"], "username": IMPORTER, "password": PASSWORD},
        headers={"Referer": f"{BALANCER}/accounts/login/"},
    )
    url = f"{BALANCER}/participants/{participant.pk}/documents/new/"
    session.get(url)
    response = session.post(
        url,
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"], "kind": "photo"},
        files={"file": ("photo.jpg", tiny_jpeg(), "image/jpeg")},
        headers={"Referer": url},
        allow_redirects=False,
    )
    # The form again with the error at the file (400), or the "storage full" page (507).
    refused = (response.status_code in {200, 400} and 'class="errorlist' in response.text) or (
        response.status_code == INSUFFICIENT_STORAGE
    )
    return response.status_code, refused


def tiny_jpeg() -> bytes:
    """A real 64 KiB-ish JPEG (larger than what is left on the full disk)."""
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    image = Image.effect_noise((300, 300), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


if __name__ == "__main__":
    main()
