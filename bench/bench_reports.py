"""Benchmark: the reports' dashboards over a million participants.

    .venv/bin/python bench/bench_reports.py [--participants 1000000] [--placements 300000]
        [--grievances 50000] [--db postgres|sqlite]

Creates a throw-away database (the PostgreSQL database
``jembatan_bench_reports``, or a temporary SQLite file), migrates it and
writes in bulk (``lib.bulk_insert``: COPY on PostgreSQL) 47 prefectures, 34
provinces, 8 associations, 200 LPK/SOs, 100 BLKs, 1,000 companies; then
``--participants`` participants registered from 2016 on, each with the
status history of how far they got (registered … returned, one in ten of
those who stopped before departure withdrawn); ``--placements`` placements
(one in twenty a change from TITP to SSW in Japan that follows an ended TITP
placement; the others each a departure, about a third of them home again
with their three follow-ups, most answered), ``--grievances`` protection
cases (one in ten anonymous) and two ledger lines for one participant in
ten (3 % of them breaking the fee policy).

Then, with DEBUG off:

* ``refresh_s``: ``reports.actions.refresh_figures`` as of a fixed moment:
  every table of every dashboard for every scope, year and programme;
* each dashboard as a ministry officer reads it: the page
  ``/reports/<dashboard>/`` through Django's test client where that URL
  resolves in this tree, else every table of the dashboard read with
  ``reports.figures.read_table`` (``read=tables``); the partner scorecards
  (``/reports/scorecards/<kind>/``) and ``/open-data/`` too where they
  resolve. Each the median of ten reads after a first one;
* the baseline: the straightforward ORM aggregation of each dashboard on the
  live tables (the funnel counted over the status history and its medians
  from each participant's first entry into each stage, departures grouped
  over placements, …) for the whole programme only, the median of three
  (one when it takes more than ten seconds).
  Its funnel and departures must equal the snapshot's, or the run fails.

Target (issue 16): every dashboard ≤ 300 ms. The last line is the result.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from bench_deadlines import POSTGRES_URL, postgres_database, refresh_statistics

if TYPE_CHECKING:
    from accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "jembatan_bench_reports"
# The moment the figures are taken at; every date of the world is before it.
NOW = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)
FETCHES = 10
BASELINE_RUNS = 3
ASSOCIATIONS, LPKS, BLKS, COMPANIES, SUPERVISORS = 8, 200, 100, 1000, 30
JOB_CATEGORIES, SSW_FIELDS, TRADES, PROVINCES = 60, 14, 30, 34
# Statuses along the way, in order: a participant walks the first ``reach`` of them.
WALK = (
    "registered",
    "in_training",
    "ready",
    "shortlisted",
    "selected",
    "pre_departure",
    "departed",
    "placed",
    "returned",
)
DEPARTED_STEP = WALK.index("departed")
EPOCH = datetime.date(2016, 1, 1)


@dataclass(frozen=True)
class Measured:
    participants: int
    placements: int
    grievances: int
    refresh_s: float
    figures: int
    read: str
    pages_ms: dict[str, float]
    first_ms: dict[str, float]
    baseline_ms: dict[str, float]

    @property
    def worst_ms(self) -> float:
        return max(self.pages_ms.values())

    @property
    def median_ms(self) -> float:
        return statistics.median(self.pages_ms.values())

    @property
    def baseline_worst_ms(self) -> float:
        return max(self.baseline_ms.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--placements", type=int, default=300_000)
    parser.add_argument("--grievances", type=int, default=50_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="an existing database to create the bench one")
    args = parser.parse_args()
    if not 0 < args.placements <= args.participants:
        parser.error("--placements must be between 1 and --participants")

    # Before django.setup(): settings read these from the environment.
    os.environ["DEBUG"] = "false"  # Django's query log would otherwise be part of what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    sizes = {
        "participants": args.participants,
        "placements": args.placements,
        "grievances": args.grievances,
        "seed": args.seed,
        "db": args.db,
    }
    if args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-reports-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        try:
            run(**sizes)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    else:
        with postgres_database(args.postgres_url, BENCH_DATABASE) as url:
            os.environ["DATABASE_URL"] = url
            run(**sizes)


def run(*, participants: int, placements: int, grievances: int, seed: int, db: str) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_world(participants=participants, placements=placements, grievances=grievances, seed=seed)
    print(
        f"seeded {participants} participants, {placements} placements, {grievances} grievances "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    refresh_statistics(db)
    result = measure(participants=participants, placements=placements, grievances=grievances)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"refresh: {result.refresh_s:.1f} s, {result.figures} figures")
    for name, ms in result.pages_ms.items():
        print(
            f"{name}: first {result.first_ms[name]:.0f} ms, median of {FETCHES} {ms:.1f} ms; "
            f"baseline {result.baseline_ms.get(name, float('nan')):.0f} ms"
        )
    print(
        f"BENCH reports participants={result.participants} placements={result.placements} "
        f"grievances={result.grievances} dashboards={len(result.pages_ms)} read={result.read} "
        f"worst_ms={result.worst_ms:.1f} median_ms={result.median_ms:.1f} "
        f"baseline=orm_aggregation baseline_worst_ms={result.baseline_worst_ms:.0f} "
        f"ratio={result.baseline_worst_ms / max(result.worst_ms, 0.001):.0f} "
        f"refresh_s={result.refresh_s:.1f} figures={result.figures} target_ms=300 "
        f"peak_mb={peak_mb:.0f} db={db} debug={settings.DEBUG}"
    )


# --- the world -------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    user: int
    prefectures: list[int]
    provinces: list[int]
    associations: list[int]
    lpks: list[int]
    blks: list[int]
    companies: list[int]
    job_categories: list[int]
    ssw_fields: list[int]
    trades: list[int]
    programmes: dict[str, int]  # track -> sending programme id
    cost_class: int


def seed_world(*, participants: int, placements: int, grievances: int, seed: int) -> None:
    """Everything in bulk, in one transaction."""
    from django.db import connection, transaction  # noqa: PLC0415

    from lib.bulk_insert import roomy_cache  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    with transaction.atomic(), roomy_cache(mebibytes=256):
        reference = _reference()
        people = _participants(participants, placements - placements // 20, reference, rng)
        _history(people)
        placed = _placements(people, placements // 20, reference, rng)
        _returns(placed, rng)
        _grievances(placed, grievances, rng)
        _ledger(people, reference, rng)
        if connection.vendor == "postgresql":
            # Tables filled in one go (and, in the tests, never committed) have no
            # statistics: the planner takes each for one row and nests seq scans,
            # which took a scorecard query over a minute at 1,500 participants.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def _days(day: datetime.date) -> int:
    return (day - EPOCH).days


def _date(days: int) -> datetime.date:
    return EPOCH + datetime.timedelta(days=int(days))


def _moment(days: int) -> datetime.datetime:
    return datetime.datetime.combine(_date(days), datetime.time(2), tzinfo=datetime.UTC)


def _reference() -> Reference:
    from accounts.models import Organization, OrganizationKind, User  # noqa: PLC0415
    from ledger.models import CostClass, CostKind  # noqa: PLC0415
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from reference.models import (  # noqa: PLC0415
        JobCategory,
        ListKind,
        ListVersion,
        Prefecture,
        Province,
        SendingProgramme,
        SSWField,
        Track,
        VocationalProgramme,
    )

    user = User.objects.create_user(username="bench", password=None)

    def many(model: Any, count: int, fields: tuple[str, ...], row: Callable[[int, int], tuple[Any, ...]]) -> list[int]:
        ids = reserve_ids(model, count)
        insert_rows(model, fields=("id", *fields), rows=((pk, *row(i, pk)) for i, pk in enumerate(ids)))
        return ids

    prefectures = many(
        Prefecture, 47, ("jis_code", "name_ja", "name_en"), lambda i, _: (f"{i + 1:02d}", f"県{i}", f"P{i}")
    )
    provinces = many(
        Province, PROVINCES, ("code", "name", "name_en"), lambda i, _: (f"{i + 11:02d}", f"Prov {i}", f"P {i}")
    )

    def organizations(kind: str, prefix: str, count: int, parents: list[int] | None = None) -> list[int]:
        def row(i: int, pk: int) -> tuple[Any, ...]:
            # One LPK/SO in four belongs to no association.
            parent = parents[i % len(parents)] if parents and i % 4 else None
            return (kind, f"{prefix}-{pk}", f"{prefix} {pk}", f"{prefix}{pk}", parent)

        return many(Organization, count, ("kind", "code", "name", "name_ja", "parent_id"), row)

    associations = organizations(OrganizationKind.ASSOCIATION, "ap2ln", ASSOCIATIONS)
    lpks = organizations(OrganizationKind.SENDING_ORGANIZATION, "lpk", LPKS, associations)
    blks = organizations(OrganizationKind.TRAINING_CENTRE, "blk", BLKS)
    supervisors = organizations(OrganizationKind.SUPERVISING_ORGANIZATION, "coop", SUPERVISORS)
    companies = organizations(OrganizationKind.COMPANY, "company", COMPANIES, supervisors)
    since = datetime.date(2015, 1, 1)
    titp = ListVersion.objects.create(kind=ListKind.TITP_JOB_CATEGORIES, label="bench", effective_from=since)
    ssw = ListVersion.objects.create(kind=ListKind.SSW_FIELDS, label="bench", effective_from=since)
    trades = ListVersion.objects.create(kind=ListKind.VOCATIONAL_PROGRAMMES, label="bench", effective_from=since)
    return Reference(
        user=user.pk,
        prefectures=prefectures,
        provinces=provinces,
        associations=associations,
        lpks=lpks,
        blks=blks,
        companies=companies,
        job_categories=many(
            JobCategory,
            JOB_CATEGORIES,
            ("version_id", "sector", "code", "name_ja", "name_en", "max_stage"),
            lambda i, _: (titp.pk, "sector", f"{i}-1", f"職種{i}", f"Job {i}", 3),
        ),
        ssw_fields=many(
            SSWField,
            SSW_FIELDS,
            ("version_id", "number", "name_ja", "name_en", "ssw2_note", "status"),
            lambda i, _: (ssw.pk, i + 1, f"分野{i}", f"Field {i}", "yes", SSWField.Status.ACTIVE),
        ),
        trades=many(
            VocationalProgramme,
            TRADES,
            ("version_id", "code", "name_id", "name_en"),
            lambda i, _: (trades.pk, f"T{i}", f"Kejuruan {i}", f"Trade {i}"),
        ),
        programmes={
            track: SendingProgramme.objects.create(code=f"bench-{track}", name=f"Bench {track}", track=track).pk
            for track in Track.values
        },
        cost_class=CostClass.objects.create(
            code="bench-fee",
            name_en="Fee",
            name_id="Biaya",
            name_ja="手数料",
            kind=CostKind.RECRUITMENT_FEE,
            effective_from=since,
            source="bench",
        ).pk,
    )


@dataclass(frozen=True)
class People:
    ids: np.ndarray
    track: np.ndarray  # index into Track.values
    # Steps of WALK reached (1 = registered only) and the day each was reached (days since EPOCH).
    reach: np.ndarray
    step_days: np.ndarray
    withdrawn: np.ndarray
    departed: np.ndarray  # rows (indices) of those who flew


def _participants(count: int, heads: int, ref: Reference, rng: np.random.Generator) -> People:
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415
    from reference.models import Track  # noqa: PLC0415

    ids = np.array(reserve_ids(Participant, count), dtype=np.int64)
    flew = np.zeros(count, dtype=bool)
    flew[rng.choice(count, size=heads, replace=False)] = True
    # Those who flew registered by mid-2023, so that a long way to Japan still ends before NOW.
    last_registration = np.where(flew, _days(datetime.date(2023, 6, 30)), _days(datetime.date(2026, 10, 31)))
    registered = (rng.random(count) * last_registration).astype(np.int64)
    gaps = rng.integers(3, 90, size=(count, len(WALK))).astype(np.int64)
    gaps[:, 0] = 0
    gaps[:, WALK.index("returned")] = rng.integers(300, 1100, size=count)  # years in Japan
    step_days = registered[:, None] + np.cumsum(gaps, axis=1)
    stopped = rng.choice(np.arange(1, DEPARTED_STEP + 1), size=count, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    home = step_days[:, -1] < _days(NOW.date()) - 30
    reach = np.where(flew, np.where(home & (rng.random(count) < 0.5), len(WALK), DEPARTED_STEP + 2), stopped)
    reach = np.minimum(reach, 1 + np.sum(step_days <= _days(NOW.date()), axis=1))
    withdrawn = ~flew & (rng.random(count) < 0.1)
    track = rng.choice(len(Track.values), size=count, p=[0.6, 0.3, 0.05, 0.05])
    status = np.array(WALK)[reach - 1]
    status = np.where(withdrawn, "withdrawn", status)
    lpk = np.array(ref.lpks, dtype=np.int64)[rng.integers(0, len(ref.lpks), count)]
    has_lpk = rng.random(count) >= 0.05
    columns = zip(
        ids.tolist(),
        (ids % 10_000_000_000_000_000).tolist(),
        np.array(ref.provinces)[rng.integers(0, len(ref.provinces), count)].tolist(),
        np.array(ref.blks)[rng.integers(0, len(ref.blks), count)].tolist(),
        np.where(has_lpk, lpk, 0).tolist(),
        np.array([ref.programmes[t] for t in Track.values])[track].tolist(),
        np.array(ref.trades)[rng.integers(0, len(ref.trades), count)].tolist(),
        status.tolist(),
        registered.tolist(),
        strict=True,
    )
    birth = datetime.date(2000, 1, 1)
    insert_rows(
        Participant,
        fields=(
            "id",
            "full_name",
            "name_key",
            "nik",
            "sex",
            "birth_date",
            "province",
            "training_centre",
            "sending_organization",
            "sending_programme",
            "vocational_programme",
            "status",
            "registered_at",
            "status_changed_at",
        ),
        rows=(
            (
                pk,
                f"Peserta {pk}",
                f"peserta {pk}",
                f"{nik:016d}",
                "M",
                birth,
                prov,
                blk,
                lpk or None,
                prog,
                trade,
                st,
                _moment(day),
                _moment(day),
            )
            for pk, nik, prov, blk, lpk, prog, trade, st, day in columns
        ),
    )
    departed = np.flatnonzero(reach > DEPARTED_STEP)
    return People(ids, track, reach, step_days, withdrawn, departed)


def _history(people: People) -> None:
    """One status change per step walked, and a withdrawal after the last for some."""
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from participants.models import StatusChange  # noqa: PLC0415

    def rows() -> Iterator[tuple[Any, ...]]:
        for step, status in enumerate(WALK):
            walked = np.flatnonzero(people.reach > step)
            before = WALK[step - 1] if step else ""
            for pk, day in zip(people.ids[walked].tolist(), people.step_days[walked, step].tolist(), strict=True):
                yield pk, before, status, _moment(day)
        left = np.flatnonzero(people.withdrawn)
        last = people.step_days[left, people.reach[left] - 1] + 1
        for pk, reach, day in zip(people.ids[left].tolist(), people.reach[left].tolist(), last.tolist(), strict=True):
            yield pk, WALK[reach - 1], "withdrawn", _moment(day)

    insert_rows(StatusChange, fields=("participant_id", "from_status", "to_status", "changed_at"), rows=rows())


@dataclass(frozen=True)
class Placed:
    ids: np.ndarray
    participants: np.ndarray
    departed: np.ndarray  # days
    returned: np.ndarray  # days, -1 while in Japan


def _placements(people: People, followers: int, ref: Reference, rng: np.random.Generator) -> Placed:
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from placements.models import Ending, Placement, PlacementStatus, StayStage  # noqa: PLC0415

    rows = people.departed
    count = len(rows)
    ids = np.array(reserve_ids(Placement, count + followers), dtype=np.int64)
    heads, following = ids[:count], ids[count:]
    departed = people.step_days[rows, DEPARTED_STEP]
    home = people.reach[rows] == len(WALK)
    returned = np.where(home, people.step_days[rows, -1], -1)
    track = people.track[rows]
    titp_stage = np.array([StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III])[rng.integers(0, 3, count)]
    stage = np.select(
        [track == 0, track == 1, track == 2],
        [titp_stage, np.full(count, StayStage.SSW_I.value), np.full(count, StayStage.ESD.value)],
        StayStage.ENGINEER.value,
    )
    # Some TITP workers still in Japan moved on to SSW: their TITP placement ended the day before.
    movers = np.flatnonzero((track == 0) & ~home)[:followers]
    moved_on = np.minimum(departed[movers] + 1095, _days(NOW.date()) - 10)
    moved_on = np.maximum(moved_on, departed[movers] + 1)
    ended = returned.copy()
    ended[movers] = moved_on - 1
    ending = np.where(home, np.where(rng.random(count) < 0.8, Ending.COMPLETED, Ending.RETURNED_EARLY), "")
    ending[movers] = Ending.CHANGED_PROGRAMME
    prefecture = np.array(ref.prefectures)[np.minimum(rng.geometric(0.08, count) - 1, 46)]
    company = np.array(ref.companies)[rng.integers(0, len(ref.companies), count)]
    category = np.array(ref.job_categories)[rng.integers(0, len(ref.job_categories), count)]
    field = np.array(ref.ssw_fields)[rng.integers(0, len(ref.ssw_fields), count + followers)]
    fields = (
        "id",
        "participant_id",
        "company_id",
        "prefecture_id",
        "stage",
        "status",
        "starts_on",
        "departed_on",
        "ended_on",
        "ending",
        "job_category_id",
        "ssw_field_id",
        "follows_id",
    )

    def rows_out() -> Iterator[tuple[Any, ...]]:
        for i, pk in enumerate(heads.tolist()):
            ssw = stage[i] == StayStage.SSW_I
            titp = str(stage[i]).startswith("titp")
            gone = ended[i] >= 0
            yield (
                pk,
                int(people.ids[rows[i]]),
                int(company[i]),
                int(prefecture[i]),
                str(stage[i]),
                PlacementStatus.ENDED if gone else PlacementStatus.IN_JAPAN,
                _date(departed[i]),
                _date(departed[i]),
                _date(ended[i]) if gone else None,
                str(ending[i]),
                int(category[i]) if titp else None,
                int(field[i]) if ssw else None,
                None,
            )
        for j, pk in enumerate(following.tolist()):
            i = int(movers[j])
            yield (
                pk,
                int(people.ids[rows[i]]),
                int(company[i]),
                int(prefecture[i]),
                StayStage.SSW_I,
                PlacementStatus.IN_JAPAN,
                _date(moved_on[j]),
                _date(departed[i]),
                None,
                "",
                int(category[i]),
                int(field[count + j]),
                int(heads[i]),
            )

    insert_rows(Placement, fields=fields, rows=rows_out(), same_for_all={"created_by": ref.user})
    return Placed(heads, people.ids[rows], departed, returned)


def _returns(placed: Placed, rng: np.random.Generator) -> None:
    """The flight home of everyone back, and their follow-ups at 3, 6 and 12 months."""
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from placements.models import FollowUp, HomeReturn  # noqa: PLC0415
    from placements.models.returns import Work  # noqa: PLC0415

    back = np.flatnonzero(placed.returned >= 0)
    ids = reserve_ids(HomeReturn, len(back))
    user = _user()
    insert_rows(
        HomeReturn,
        fields=("id", "placement_id", "returned_on", "flight_number"),
        rows=((pk, int(placed.ids[i]), _date(placed.returned[i]), "GA881") for pk, i in zip(ids, back, strict=True)),
        same_for_all={"recorded_by": user},
    )
    today = _days(NOW.date())
    works = np.array(Work.values)

    def rows() -> Iterator[tuple[Any, ...]]:
        for months in (3, 6, 12):
            due = placed.returned[back] + months * 30
            answered = (due <= today + 30) & (rng.random(len(back)) < 0.7)
            work = works[rng.integers(0, len(works), len(back))]
            in_trade = rng.random(len(back)) < 0.5
            for k, pk in enumerate(ids):
                done = bool(answered[k])
                yield (
                    pk,
                    int(placed.ids[back[k]]),
                    months,
                    _date(due[k]),
                    str(work[k]) if done else "",
                    bool(in_trade[k]) if done and work[k] != "not_working" else None,
                    _moment(int(due[k])) if done else None,
                )

    insert_rows(
        FollowUp,
        fields=("home_return_id", "placement_id", "months", "due_on", "work", "in_trade", "entered_at"),
        rows=rows(),
    )


def _user() -> int:
    from accounts.models import User  # noqa: PLC0415

    return User.objects.get(username="bench").pk


def _grievances(placed: Placed, count: int, rng: np.random.Generator) -> None:
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from protection.models import Case, Category, Door  # noqa: PLC0415

    which = rng.integers(0, len(placed.ids), count)
    anonymous = rng.random(count) < 0.1
    opened = np.minimum(placed.departed[which] + rng.integers(10, 700, count), _days(NOW.date()) - 1)
    categories = np.array(Category.values)[rng.integers(0, len(Category.values), count)]

    def rows() -> Iterator[tuple[Any, ...]]:
        for k in range(count):
            hidden = bool(anonymous[k])
            at = _moment(int(opened[k]))
            yield (
                Door.ANONYMOUS if hidden else Door.HOTLINE,
                None if hidden else int(placed.participants[which[k]]),
                None if hidden else int(placed.ids[which[k]]),
                str(categories[k]),
                "bench",
                at,
                at + datetime.timedelta(days=1),
                f"BNCH-{k // 10000:04d}-{k % 10000:04d}" if hidden else "",
            )

    insert_rows(
        Case,
        fields=(
            "door",
            "participant_id",
            "placement_id",
            "category",
            "description",
            "opened_at",
            "acknowledge_by",
            "tracking_code",
        ),
        rows=rows(),
    )


def _ledger(people: People, ref: Reference, rng: np.random.Generator) -> None:
    from ledger.models import LedgerEntry, Payer  # noqa: PLC0415
    from lib.bulk_insert import insert_rows  # noqa: PLC0415

    paying = rng.choice(len(people.ids), size=len(people.ids) // 10, replace=False)

    def rows() -> Iterator[tuple[Any, ...]]:
        for _twice in range(2):
            paid = people.step_days[paying, 1] + rng.integers(0, 60, len(paying))
            breaks = rng.random(len(paying)) < 0.03
            for k, row in enumerate(paying.tolist()):
                broke = bool(breaks[k])
                yield (
                    int(people.ids[row]),
                    ref.cost_class,
                    1_500_000,
                    "IDR",
                    Payer.PARTICIPANT,
                    "LPK",
                    _date(min(int(paid[k]), _days(NOW.date()) - 1)),
                    broke,
                    "fees" if broke else "",
                )

    insert_rows(
        LedgerEntry,
        fields=(
            "participant_id",
            "cost_class_id",
            "amount",
            "currency",
            "payer",
            "payee_name",
            "paid_on",
            "breaks_policy",
            "policy_family",
        ),
        rows=rows(),
        same_for_all={"booked_by": ref.user},
    )


# --- the measurements ----------------------------------------------------------------


def measure(*, participants: int, placements: int, grievances: int) -> Measured:
    from reports.actions import refresh_figures  # noqa: PLC0415

    started = time.perf_counter()
    snapshot = refresh_figures(now=NOW)
    refresh_s = time.perf_counter() - started
    print(f"refreshed in {refresh_s:.1f} s (this process's CPU so far: {time.process_time():.0f} s)", flush=True)
    officer = ministry_officer()
    reads, how = dashboard_reads(officer)
    first_ms: dict[str, float] = {}
    pages_ms: dict[str, float] = {}
    for name, read in reads.items():
        first_ms[name], pages_ms[name] = timed(read)
    baseline_ms: dict[str, float] = {}
    for name, baseline in BASELINES.items():
        seconds: list[float] = []
        # A baseline of more than ten seconds is measured once: three would not change its order.
        while len(seconds) < BASELINE_RUNS and sum(seconds) < 10:
            started = time.perf_counter()
            answer = baseline()
            seconds.append(time.perf_counter() - started)
        baseline_ms[name] = statistics.median(seconds) * 1000
        check(name, answer)
    return Measured(
        participants=participants,
        placements=placements,
        grievances=grievances,
        refresh_s=refresh_s,
        figures=snapshot.figures,
        read=how,
        pages_ms=pages_ms,
        first_ms=first_ms,
        baseline_ms=baseline_ms,
    )


def ministry_officer() -> User:
    from accounts.models import Membership, Organization, OrganizationKind, Role, User  # noqa: PLC0415

    ministry = Organization.objects.create(kind=OrganizationKind.MINISTRY, code="kemnaker-bench", name="Kemnaker")
    officer = User.objects.create_user(username="bench-officer", password=None)
    Membership.objects.create(user=officer, organization=ministry, role=Role.OFFICER)
    return officer


def resolves(path: str) -> bool:
    from django.urls import Resolver404, resolve  # noqa: PLC0415

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def dashboard_reads(officer: User) -> tuple[dict[str, Callable[[], object]], str]:
    """What a reader of each dashboard waits for: the page where it exists in
    this tree, else the figures the page would read."""
    from django.test import Client  # noqa: PLC0415

    from reports.catalogue import DASHBOARDS  # noqa: PLC0415
    from reports.figures import latest_snapshot, read_table  # noqa: PLC0415
    from reports.slices import ALL, Slice  # noqa: PLC0415

    client = Client()
    client.force_login(officer)

    def page(path: str) -> Callable[[], object]:
        def fetch() -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return fetch

    def tables(name: str) -> Callable[[], object]:
        def read() -> object:
            snapshot = latest_snapshot()
            assert snapshot is not None
            return [read_table(snapshot, table, Slice(ALL)) for table in DASHBOARDS[name].tables]

        return read

    reads: dict[str, Callable[[], object]] = {}
    pages = all(resolves(f"/reports/{name}/") for name in DASHBOARDS)
    for name in DASHBOARDS:
        reads[name] = page(f"/reports/{name}/") if pages else tables(name)
    for kind in ("sending-organizations", "supervising-organizations", "companies"):
        if resolves(f"/reports/scorecards/{kind}/"):
            reads[f"scorecards.{kind}"] = page(f"/reports/scorecards/{kind}/")
    if resolves("/open-data/"):
        reads["open-data"] = page("/open-data/")
    return reads, "pages" if pages else "tables"


def timed(read: Callable[[], object]) -> tuple[float, float]:
    """The first read and the median of the next FETCHES, in milliseconds."""
    seconds = []
    for _ in range(FETCHES + 1):
        started = time.perf_counter()
        read()
        seconds.append(time.perf_counter() - started)
    return seconds[0] * 1000, statistics.median(seconds[1:]) * 1000


# --- the baseline: aggregation on the live tables, per dashboard ------------------------


def baseline_pipeline() -> dict[str, Any]:
    """Reached per stage as COUNT(DISTINCT) over the history (and the status
    now), and each stage's median days from each participant's first entry
    into it and into any later stage, read per participant."""
    from django.db.models import Min, Q  # noqa: PLC0415

    from participants.models import Participant, StatusChange  # noqa: PLC0415
    from reports.compute.pipeline import STAGE_OF_STATUS, STAGES  # noqa: PLC0415

    def statuses(stages: range) -> list[str]:
        return [status.value for status, stage in STAGE_OF_STATUS.items() if stage in stages]

    reached = {}
    for index, stage in enumerate(STAGES):
        later = statuses(range(index, len(STAGES)))
        reached[stage] = (
            Participant.objects.filter(Q(history__to_status__in=later) | Q(status__in=later)).distinct().count()
            if index
            else Participant.objects.count()
        )
    firsts = StatusChange.objects.values("participant").annotate(
        **{
            f"s{index}": Min("changed_at", filter=Q(to_status__in=statuses(range(index, index + 1))))
            for index in range(len(STAGES))
        }
    )
    spent: dict[int, list[int]] = {index: [] for index in range(len(STAGES) - 1)}
    for row in firsts.iterator(chunk_size=10_000):
        for index in range(len(STAGES) - 1):
            entered = row[f"s{index}"]
            onward = [row[f"s{later}"] for later in range(index + 1, len(STAGES)) if row[f"s{later}"] is not None]
            if entered is not None and onward and min(onward) >= entered:
                spent[index].append((min(onward) - entered).days)
    medians = {STAGES[index]: statistics.median(days) if days else None for index, days in spent.items()}
    return {"reached": reached, "medians": medians}


def baseline_departures() -> dict[str, Any]:
    from django.db.models import Count  # noqa: PLC0415
    from django.db.models.functions import ExtractMonth, ExtractYear  # noqa: PLC0415

    from placements.models import Placement, PlacementStatus  # noqa: PLC0415

    flown = Placement.objects.filter(departed_on__isnull=False, follows__isnull=True).exclude(
        status=PlacementStatus.CANCELLED
    )
    answer: dict[str, Any] = {}
    by_year = flown.annotate(y=ExtractYear("departed_on")).values("y").annotate(n=Count("id")).order_by("y")
    answer["by-year"] = {str(row["y"]): row["n"] for row in by_year}
    months = flown.annotate(y=ExtractYear("departed_on"), m=ExtractMonth("departed_on"))
    answer["by-month"] = list(months.values("y", "m").annotate(n=Count("id")).order_by("y", "m"))
    for key in (
        "stage",
        "prefecture",
        "participant__training_centre",
        "participant__sending_organization",
        "participant__vocational_programme",
        "job_category",
        "ssw_field",
        "participant__province",
    ):
        answer[key] = list(flown.values(key).annotate(n=Count("id")).order_by("-n"))
    return answer


def baseline_placements() -> dict[str, Any]:
    from django.db.models import Count  # noqa: PLC0415
    from django.db.models.functions import ExtractYear  # noqa: PLC0415

    from placements.models import Ending, Placement, PlacementStatus  # noqa: PLC0415
    from reports.compute.columns import ssw_stages, titp_stages  # noqa: PLC0415

    moves = Placement.objects.filter(stage__in=ssw_stages(), follows__stage__in=titp_stages())
    finished = Placement.objects.filter(
        stage__in=titp_stages(), status=PlacementStatus.ENDED, ending__in=[Ending.COMPLETED, Ending.CHANGED_PROGRAMME]
    )
    return {
        "active": list(Placement.objects.in_japan().values("prefecture").annotate(n=Count("id"))),
        "moved": list(moves.annotate(y=ExtractYear("follows__ended_on")).values("y").annotate(n=Count("id"))),
        "finished": list(finished.annotate(y=ExtractYear("ended_on")).values("y").annotate(n=Count("id"))),
        "by_field": list(moves.values("ssw_field").annotate(n=Count("id"))),
    }


def baseline_returnees() -> dict[str, Any]:
    from django.db.models import Count, Q  # noqa: PLC0415

    from placements.models import FollowUp  # noqa: PLC0415

    counted = FollowUp.objects.filter(Q(entered_at__isnull=False) | Q(due_on__lte=NOW.date()))
    return {
        "work": list(counted.values("months", "work").annotate(n=Count("id"))),
        "in_trade": list(
            counted.filter(entered_at__isnull=False)
            .values("months")
            .annotate(answered=Count("id"), in_trade=Count("id", filter=Q(in_trade=True)))
        ),
    }


def baseline_protection() -> dict[str, Any]:
    from django.db.models import Count, Q  # noqa: PLC0415

    from ledger.models import LedgerEntry  # noqa: PLC0415
    from placements.models import Placement, PlacementStatus  # noqa: PLC0415
    from protection.models import Case  # noqa: PLC0415

    workers = (
        Placement.objects.filter(departed_on__isnull=False)
        .exclude(status=PlacementStatus.CANCELLED)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__lte=NOW.date()))
        .values("participant")
        .distinct()
        .count()
    )
    return {
        "cases": list(Case.objects.values("category").annotate(n=Count("id"))),
        "workers": workers,
        "violations": list(LedgerEntry.objects.violations().values("policy_family").annotate(n=Count("id"))),
        "paying": LedgerEntry.objects.values("participant").distinct().count(),
    }


BASELINES: dict[str, Callable[[], dict[str, Any]]] = {
    "pipeline": baseline_pipeline,
    "departures": baseline_departures,
    "placements": baseline_placements,
    "returnees": baseline_returnees,
    "protection": baseline_protection,
}


def check(name: str, answer: dict[str, Any]) -> None:
    """The snapshot's whole-programme figures must be the live tables' answer."""
    from reports.catalogue import TABLES  # noqa: PLC0415
    from reports.figures import latest_snapshot, read_table  # noqa: PLC0415
    from reports.slices import ALL, Slice  # noqa: PLC0415

    snapshot = latest_snapshot()
    assert snapshot is not None

    def figures(table: str, column: str) -> dict[str, object]:
        return {row.key: row.values.get(column) for row in read_table(snapshot, TABLES[table], Slice(ALL))}

    if name == "pipeline":
        expected = {stage: count for stage, count in answer["reached"].items() if count}
        reached = {stage: count for stage, count in figures("pipeline.funnel", "reached").items() if count}
        medians = {k: v for k, v in figures("pipeline.funnel", "median_days").items() if k != "returned"}
        wanted = {k: None if v is None else int(v + 0.5) for k, v in answer["medians"].items() if k in medians}
        if reached != expected or medians != wanted:
            raise SystemExit(f"funnel: snapshot {reached} {medians}, live tables {expected} {wanted}")
    if name == "departures" and figures("departures.by-year", "departures") != answer["by-year"]:
        raise SystemExit(
            f"departures by year: snapshot {figures('departures.by-year', 'departures')}, "
            f"live tables {answer['by-year']}"
        )


if __name__ == "__main__":
    main()
