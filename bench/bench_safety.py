"""Benchmark: a disaster safety check for one prefecture, created and its board loaded.

    .venv/bin/python bench/bench_safety.py [--placements 300000] [--in-prefecture 20000] [--db postgres|sqlite]

Creates a throw-away database (the PostgreSQL database
``jembatan_bench_safety``, or a temporary SQLite file), migrates it and
writes ``--placements`` workers in Japan with the deadline benchmark's
seeding (``bench_deadlines``: organizations, participants and placements in
bulk, ten workers per company). The first ``--in-prefecture`` placements
(whole companies) stay in Miyagi; the others are spread over four other
prefectures, a company each at a time. One Miyagi worker in ten has an
e-mail address.

Then, with DEBUG off:

* the baseline: the same check's questions written one insert per worker
  (a loop over the placements in Miyagi, ``SafetyQuestion.objects.create``
  for each), in a transaction rolled back afterwards; it must ask exactly the
  workers the check asks;
* the check created (``protection.actions.safety.open_safety_check``: the
  check, its prefectures, one ``INSERT … SELECT … ON CONFLICT DO NOTHING``
  for every worker, the audit row), as an officer's request does; its e-mail
  task is enqueued on commit and measured apart (``mail_s``, to the locmem
  backend), as a Celery worker runs it in production;
* the same check created again: it must ask nobody (``again_asked=0``);
* the board: after six in ten workers answered "safe" and one in twenty
  "needs help", the board page (``/protection/safety/<pk>/``) fetched through
  Django's test client as a ministry officer, whole: access, the aggregate
  queries and the template. ``board_s`` is the median of ten fetches after a
  first one (``board_first_s``); its totals must be the answers written.

Targets (issue 14): created ≤ 5 s, board ≤ 300 ms. The last line is the result.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from bench_deadlines import (
    NOW,
    POSTGRES_URL,
    _organizations,
    _participants,
    _placements,
    postgres_database,
    refresh_statistics,
)

if TYPE_CHECKING:
    from accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "jembatan_bench_safety"
PER_COMPANY = 10  # bench_deadlines' companies employ ten workers each
OTHER_PREFECTURES = (
    ("13", "東京都", "Tokyo"),
    ("23", "愛知県", "Aichi"),
    ("27", "大阪府", "Osaka"),
    ("40", "福岡県", "Fukuoka"),
)
BOARD_FETCHES = 10
EVENT = "Gempa Miyagi 15 Januari 2027"


@dataclasses.dataclass(frozen=True)
class Measured:
    placements: int
    in_prefecture: int
    asked: int
    emailed: int
    created_s: float
    again_s: float
    again_asked: int
    mail_s: float
    baseline_s: float
    board_first_s: float
    board_s: float

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.created_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--placements", type=int, default=300_000)
    parser.add_argument("--in-prefecture", type=int, default=20_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="an existing database to create the bench one")
    args = parser.parse_args()
    if not 0 < args.in_prefecture <= args.placements:
        parser.error("--in-prefecture must be between 1 and --placements")

    # Before django.setup(): settings read these from the environment.
    os.environ["DEBUG"] = "false"  # Django's query log would otherwise be part of what is measured
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    sizes = {"placements": args.placements, "in_prefecture": args.in_prefecture, "seed": args.seed, "db": args.db}
    if args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-safety-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        try:
            run(**sizes)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    else:
        with postgres_database(args.postgres_url, BENCH_DATABASE) as url:
            os.environ["DATABASE_URL"] = url
            run(**sizes)


def run(*, placements: int, in_prefecture: int, seed: int, db: str) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    miyagi = seed_world(placements=placements, in_prefecture=in_prefecture, seed=seed)
    print(f"seeded {placements} placements, {in_prefecture} in Miyagi, in {time.perf_counter() - started:.1f} s")
    refresh_statistics(db)
    result = measure(placements=placements, in_prefecture=in_prefecture, miyagi=miyagi)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"baseline (one insert per worker): {result.baseline_s:.2f} s; check created: {result.created_s:.2f} s")
    print(
        f"board: first {result.board_first_s * 1000:.0f} ms, median of {BOARD_FETCHES} {result.board_s * 1000:.0f} ms"
    )
    print(
        f"BENCH safety placements={result.placements} in_prefecture={result.in_prefecture} asked={result.asked} "
        f"created_s={result.created_s:.2f} again_s={result.again_s:.2f} again_asked={result.again_asked} "
        f"baseline=insert_per_worker baseline_s={result.baseline_s:.2f} ratio={result.ratio:.1f} "
        f"board_s={result.board_s:.3f} board_first_s={result.board_first_s:.3f} "
        f"emailed={result.emailed} mail_s={result.mail_s:.2f} "
        f"target_created_s=5 target_board_s=0.3 peak_mb={peak_mb:.0f} db={db} debug={settings.DEBUG}"
    )


# --- the world -------------------------------------------------------------------


def seed_world(*, placements: int, in_prefecture: int, seed: int) -> int:
    """bench_deadlines' organizations, participants and placements (all in
    Miyagi), then all but the first ``in_prefecture`` moved to four other
    prefectures; the Miyagi prefecture's id."""
    from django.db import transaction  # noqa: PLC0415

    from lib.bulk_insert import roomy_cache  # noqa: PLC0415

    rng = random.Random(seed)
    with transaction.atomic(), roomy_cache(mebibytes=256):
        world = _organizations(companies=max(1, placements // PER_COMPANY))
        participant_ids = _participants(placements, world)
        made = _placements(participant_ids, world, rng=rng, today=NOW.date())
        _spread(first_moved=made[0].pk + in_prefecture)
        _addresses(participant_ids[:in_prefecture])
    return world.prefecture_id


def _spread(*, first_moved: int) -> None:
    """Placements from ``first_moved`` on go to the other prefectures, ten (a company) at a time."""
    from django.db import connection  # noqa: PLC0415

    from placements.models import Placement  # noqa: PLC0415
    from reference.models import Prefecture  # noqa: PLC0415

    others = [Prefecture.objects.create(jis_code=c, name_ja=ja, name_en=en).pk for c, ja, en in OTHER_PREFECTURES]
    cases = " ".join(f"WHEN {index} THEN {pk}" for index, pk in enumerate(others))
    table = connection.ops.quote_name(Placement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET prefecture_id = CASE ((id - %s) / %s) %% {len(others)} {cases} END "  # noqa: S608 - ids written by this script
            "WHERE id >= %s",
            [first_moved, PER_COMPANY, first_moved],
        )


def _addresses(participant_ids: list[int]) -> None:
    from participants.models import Participant  # noqa: PLC0415

    chosen = participant_ids[::10]
    for start in range(0, len(chosen), 5000):
        batch = chosen[start : start + 5000]
        Participant.objects.filter(pk__in=batch).update(email="peserta@example.org")


# --- the measurements ----------------------------------------------------------------


def measure(*, placements: int, in_prefecture: int, miyagi: int) -> Measured:
    officer = ministry_officer()
    baseline_s, baseline_workers = timed_baseline(miyagi=miyagi, by=officer)
    created_s, check_id, asked, again_s, again_asked = timed_creation(miyagi=miyagi, by=officer)
    if asked != baseline_workers:
        raise SystemExit(f"the check asked {asked} workers, the baseline {baseline_workers}")
    mail_s, emailed = timed_mail(check_id)
    board_first_s, board_s = timed_board(check_id, by=officer, expected=answer_some(check_id))
    return Measured(
        placements=placements,
        in_prefecture=in_prefecture,
        asked=asked,
        emailed=emailed,
        created_s=created_s,
        again_s=again_s,
        again_asked=again_asked,
        mail_s=mail_s,
        baseline_s=baseline_s,
        board_first_s=board_first_s,
        board_s=board_s,
    )


def ministry_officer() -> User:
    from accounts.models import Membership, Organization, OrganizationKind, Role, User  # noqa: PLC0415

    ministry = Organization.objects.create(kind=OrganizationKind.MINISTRY, code="kemnaker-bench", name="Kemnaker")
    officer = User.objects.create_user(username="bench-officer", password=None)
    Membership.objects.create(user=officer, organization=ministry, role=Role.OFFICER)
    return officer


def timed_baseline(*, miyagi: int, by: User) -> tuple[float, int]:
    """Seconds and workers asked by one insert per worker; rolled back."""
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from placements.models import Placement, PlacementStatus  # noqa: PLC0415
    from protection.models import SafetyCheck, SafetyQuestion  # noqa: PLC0415

    started = time.perf_counter()
    with transaction.atomic():
        check = SafetyCheck.objects.create(event=EVENT, same_as="baseline", opened_by=by)
        check.prefectures.set([miyagi])
        asked = 0
        placed = Placement.objects.filter(status=PlacementStatus.IN_JAPAN, prefecture_id=miyagi)
        for placement in placed.select_related("participant").iterator(chunk_size=2000):
            SafetyQuestion.objects.create(
                safety_check=check,
                participant_id=placement.participant_id,
                placement=placement,
                prefecture_id=placement.prefecture_id,
                company_id=placement.company_id,
                supervising_organization_id=placement.supervising_organization_id,
                support_organization_id=placement.support_organization_id,
                sending_organization_id=placement.participant.sending_organization_id,
                asked_at=timezone.now(),
            )
            asked += 1
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, asked


def timed_creation(*, miyagi: int, by: User) -> tuple[float, int, int, float, int]:
    """The check created, then created again; its e-mail task held back for timed_mail."""
    from protection.actions.safety import open_safety_check  # noqa: PLC0415

    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        started = time.perf_counter()
        opened = open_safety_check(event=EVENT, prefecture_ids=[miyagi], by=by)
        created_s = time.perf_counter() - started
        started = time.perf_counter()
        again = open_safety_check(event=EVENT, prefecture_ids=[miyagi], by=by)
        again_s = time.perf_counter() - started
    if again.check.pk != opened.check.pk:
        raise SystemExit("the same check created twice made two checks")
    return created_s, opened.check.pk, opened.asked, again_s, again.asked


def timed_mail(check_id: int) -> tuple[float, int]:
    from protection.models import SafetyQuestion  # noqa: PLC0415
    from protection.tasks import send_safety_questions  # noqa: PLC0415

    started = time.perf_counter()
    send_safety_questions(check_id)
    seconds = time.perf_counter() - started
    return seconds, SafetyQuestion.objects.filter(safety_check_id=check_id, emailed_at__isnull=False).count()


def answer_some(check_id: int) -> dict[str, int]:
    """Six in ten safe, one in twenty needing help, in two set-based updates; the expected totals."""
    from django.db.models import F  # noqa: PLC0415
    from django.db.models.functions import Mod  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from protection.models import SafetyAnswer, SafetyQuestion  # noqa: PLC0415

    asked = SafetyQuestion.objects.filter(safety_check_id=check_id).annotate(slot=Mod(F("participant_id"), 20))
    now = timezone.now()
    helped = asked.filter(slot=0).update(answer=SafetyAnswer.NEEDS_HELP, answered_at=now)
    safe = asked.filter(slot__gte=8).update(answer=SafetyAnswer.SAFE, answered_at=now)
    total = asked.count()
    return {"total": total, "safe": safe, "needs_help": helped, "no_answer": total - safe - helped}


def timed_board(check_id: int, *, by: User, expected: dict[str, int]) -> tuple[float, float]:
    """The board page, first fetch and the median of the next ones; its totals checked."""
    from django.test import Client  # noqa: PLC0415

    from accounts import access  # noqa: PLC0415
    from protection.safety_board import board_of  # noqa: PLC0415

    totals = board_of(access.safety_questions_visible_to(by).filter(safety_check_id=check_id), page_number=None).totals
    if dataclasses.asdict(totals) != expected:
        raise SystemExit(f"the board counts {totals}, the answers written {expected}")
    client = Client()
    client.force_login(by)
    url = f"/protection/safety/{check_id}/"
    seconds = []
    for _ in range(BOARD_FETCHES + 1):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"the board answered {response.status_code}")
    return seconds[0], statistics.median(seconds[1:])


if __name__ == "__main__":
    main()
