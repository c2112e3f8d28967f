"""Benchmark: the audit log's hash chains verified at a million entries, one altered.

    .venv/bin/python bench/bench_audit.py [--entries 1000000] [--days 100] [--database jembatan_s_audit_bench]

Creates a throw-away PostgreSQL database (``--database``, dropped afterwards;
never the shared ``jembatan_bench_web``), migrates it and writes
``--entries`` audit entries through the application's own bulk path
(``audit.actions.record_for_each``: each entry hashed into its chain), spread
over ``--days`` days, so the log has a chain per day as production has (more
on busy days). Then, with DEBUG off:

* the write cost: 100,000 entries written by ``record_for_each`` (chained)
  and the same rows written as the path did before chains (``insert_rows``,
  no hash), each in a transaction rolled back afterwards (``write_s`` against
  ``write_plain_s``);
* the baseline: every entry read as model values in chain order, without
  recomputing anything (``read_s``): the floor of a verifier that rebuilt
  each hash in Python; ``ratio`` is how many times faster the verifier is
  (PostgreSQL recomputes the hashes itself, see audit.verify);
* one entry in the middle of the log altered around its protection (its
  changes rewritten with the triggers off, as only the owner role could),
  then ``manage.py verify_audit``, whole: it must fail and name that entry
  (``found_entry`` = ``altered_entry``).

Target (issue 18): the verifier finds a single altered row among 1,000,000
entries in under 60 s. The last line is the result.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench_deadlines import POSTGRES_URL, postgres_database

if TYPE_CHECKING:
    from audit.actions import TargetChanges

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "jembatan_s_audit_bench"
WRITE_SAMPLE = 100_000
BATCH = 20_000
START = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--database", default=BENCH_DATABASE, help="the throw-away database's name")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="an existing database to create the bench one")
    args = parser.parse_args()
    if args.database == "jembatan_bench_web":
        parser.error("jembatan_bench_web is the shared load-test database: name another")

    # Before django.setup(): settings read these from the environment.
    os.environ["DEBUG"] = "false"  # Django's query log would otherwise be part of what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    with postgres_database(args.postgres_url, args.database) as url:
        os.environ["DATABASE_URL"] = url
        run(entries=args.entries, days=args.days, seed=args.seed)


def run(*, entries: int, days: int, seed: int) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_log(entries=entries, days=days, seed=seed)
    seed_s = time.perf_counter() - started
    print(f"wrote {entries} entries over {days} days in {seed_s:.1f} s")
    write_s, write_plain_s = measure_writes(seed=seed)
    print(f"{WRITE_SAMPLE} entries: chained {write_s:.2f} s, as before chains {write_plain_s:.2f} s")
    read_s = measure_read()
    print(f"every entry read as model values, nothing recomputed: {read_s:.1f} s")
    altered = alter_one(seed=seed)
    verify_s, found, output = run_verifier()
    print(output.rstrip())
    from audit.models import AuditChain, AuditEntry  # noqa: PLC0415

    print(
        f"BENCH audit entries={AuditEntry.objects.count()} chains={AuditChain.objects.count()} "
        f"verify_s={verify_s:.1f} altered_entry={altered} found_entry={found} found={found == altered} "
        f"baseline=read_every_entry read_s={read_s:.1f} ratio={read_s / verify_s:.1f} "
        f"write_s={write_s:.2f} write_plain_s={write_plain_s:.2f} write_sample={WRITE_SAMPLE} "
        f"seed_s={seed_s:.1f} target_verify_s=60 db=postgresql debug={settings.DEBUG}"
    )


def _targets(count: int, offset: int, rng: random.Random) -> list[TargetChanges]:
    from audit.actions import TargetChanges  # noqa: PLC0415

    return [
        TargetChanges(
            target_id=offset + i,
            target_repr=f"Peserta {offset + i}",
            changes={
                "phone": [f"08{rng.randrange(10**9, 10**10)}", f"08{rng.randrange(10**9, 10**10)}"],
                "address": ["•••", "•••"],
                "status": ["registered", "in_training"],
            },
        )
        for i in range(count)
    ]


def seed_log(*, entries: int, days: int, seed: int) -> None:
    """``entries`` entries through ``record_for_each``, each day's share on its own day."""
    import time_machine  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from audit import actions as audit  # noqa: PLC0415
    from audit.models import AuditAction  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415

    rng = random.Random(seed)
    per_day, written = -(-entries // days), 0
    for day in range(days):
        with time_machine.travel(START + datetime.timedelta(days=day), tick=True):
            for start in range(0, min(per_day, entries - written), BATCH):
                count = min(BATCH, per_day - start, entries - written)
                with transaction.atomic():
                    audit.record_for_each(
                        actor=None,
                        action=AuditAction.UPDATED,
                        model=Participant,
                        targets=_targets(count, written, rng),
                    )
                written += count


def measure_writes(*, seed: int) -> tuple[float, float]:
    """``WRITE_SAMPLE`` entries chained, then the same rows as written before chains; both rolled back."""
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from audit import actions as audit  # noqa: PLC0415
    from audit.chain import canonical_changes  # noqa: PLC0415
    from audit.models import AuditAction, AuditEntry  # noqa: PLC0415
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415

    targets = _targets(WRITE_SAMPLE, 0, random.Random(seed + 1))
    with transaction.atomic():
        started = time.perf_counter()
        audit.record_for_each(actor=None, action=AuditAction.UPDATED, model=Participant, targets=targets)
        chained = time.perf_counter() - started
        transaction.set_rollback(True)
    with transaction.atomic():
        started = time.perf_counter()
        rows = [(str(t.target_id), t.target_repr, canonical_changes(t.changes)) for t in targets]
        insert_rows(
            AuditEntry,
            fields=("target_id", "target_repr", "changes"),
            rows=rows,
            same_for_all={
                "at": timezone.now(),
                "actor_id": None,
                "action": AuditAction.UPDATED,
                "target_type": "participants.participant",
            },
        )
        plain = time.perf_counter() - started
        transaction.set_rollback(True)
    return chained, plain


def measure_read() -> float:
    """Every entry's columns as model values, in the verifier's order: what a
    verifier that rebuilt each entry in Python would read before hashing any."""
    from audit import verify  # noqa: PLC0415
    from audit.models import AuditEntry  # noqa: PLC0415

    started = time.perf_counter()
    rows = AuditEntry.objects.filter(chain__isnull=False).order_by("chain_id", "seq")
    for _ in rows.values_list(*verify._COLUMNS, "prev_hash", "hash").iterator(chunk_size=verify.CHUNK):
        pass
    return time.perf_counter() - started


def alter_one(*, seed: int) -> int:
    """One entry in the middle of the log with its changes rewritten, the triggers off for it."""
    from django.db import connection, transaction  # noqa: PLC0415

    from audit.models import AuditEntry  # noqa: PLC0415

    ids = AuditEntry.objects.order_by("pk").values_list("pk", flat=True)
    count = ids.count()
    victim = ids[random.Random(seed).randrange(count // 4, 3 * count // 4)]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditentry SET changes = jsonb_set(changes, '{status,1}', '\"placed\"') WHERE id = %s",
            [victim],
        )
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    return victim


def run_verifier() -> tuple[float, int | None, str]:
    """``manage.py verify_audit`` whole: its time, the entry it names, its output."""
    from django.core.management import call_command  # noqa: PLC0415
    from django.core.management.base import CommandError  # noqa: PLC0415

    out = io.StringIO()
    started = time.perf_counter()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError as error:
        out.write(f"{error}\n")
    seconds = time.perf_counter() - started
    named = re.search(r"entry (\d+): entry altered", out.getvalue())
    return seconds, int(named.group(1)) if named else None, out.getvalue()


if __name__ == "__main__":
    main()
