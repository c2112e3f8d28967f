"""Benchmark: the deadline sweep over every placement in Japan.

    .venv/bin/python bench/bench_deadlines.py [--placements 300000] [--db postgres|sqlite]

Creates a throw-away database (the PostgreSQL database
``jembatan_bench_deadlines``, created and dropped here through the
``jembatan`` database, or a temporary SQLite file), migrates it and writes,
in bulk (``lib.bulk_insert``: COPY on PostgreSQL), ``--placements`` workers in
Japan: one in ten companies employs specified skilled workers (SSW i, most
with a registered support organization), the others technical interns in
stages i, ii and iii under a supervising organization; each worker with a
current stage period, a residence card and a passport, each company with its
monthly visits and audits or its quarterly reports, each SSW worker with
regular interviews. Dates are drawn around a fixed moment so that every kind
of obligation is upcoming, due or overdue somewhere.

Then, with DEBUG off:

* the sweep (``placements.deadlines.sweep``: every obligation computed by the
  database, a notice written for each one due, ``INSERT … SELECT … ON
  CONFLICT DO NOTHING``), run twice at the same moment; the second must write
  nothing;
* the baseline: the same obligations computed the way a loop over model
  instances does (each company, each of its placements, their stage period,
  passport and latest duty records read per instance, the due days computed
  in Python, each notice through ``get_or_create``) for the companies of a
  sample a tenth of the size, rolled back afterwards, its time multiplied by
  the ratio of placements. Its notices must be exactly the sweep's for the
  same companies, or the run fails.

``obligations`` counts every open obligation of every kind (whether due yet
or not), ``notices`` the first sweep's; ``peak_mb`` is the process's peak
resident memory (the seeding included). The last line is the result.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import Organization
    from placements.models import Placement, StagePeriod

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://jembatan:jembatan@127.0.0.1:5432/jembatan"
BENCH_DATABASE = "jembatan_bench_deadlines"
BASELINE_FRACTION = 10
PER_COMPANY = 10
# The moment both sweeps run at: 12:00 in Tokyo, 10:00 in Jakarta.
NOW = datetime.datetime(2027, 1, 15, 3, 0, tzinfo=datetime.UTC)
Key = tuple[str, int, datetime.date, int]


@dataclass(frozen=True)
class Measured:
    placements: int
    obligations: int
    notices: int
    sweep_s: float
    second_sweep_s: float
    second_sweep_new_notices: int
    sample_placements: int
    baseline_sample_s: float

    @property
    def baseline_s(self) -> float:
        return self.baseline_sample_s * self.placements / max(self.sample_placements, 1)

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.sweep_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--placements", type=int, default=300_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="an existing database to create the bench one")
    args = parser.parse_args()

    # Before django.setup(): settings read these from the environment.
    os.environ["DEBUG"] = "false"  # Django's query log would otherwise be part of what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    if args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-deadlines-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        try:
            run(placements=args.placements, seed=args.seed, db=args.db)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    else:
        with postgres_database(args.postgres_url) as url:
            os.environ["DATABASE_URL"] = url
            run(placements=args.placements, seed=args.seed, db=args.db)


@contextmanager
def postgres_database(admin_url: str, database: str = BENCH_DATABASE) -> Iterator[str]:
    """A fresh ``database`` next to the one ``admin_url`` names, dropped afterwards."""
    import psycopg  # noqa: PLC0415 - only needed for --db postgres
    from psycopg import sql  # noqa: PLC0415

    name = sql.Identifier(database)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{database}"
    finally:
        from django.db import connections  # noqa: PLC0415 - settings are configured by now

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def run(*, placements: int, seed: int, db: str) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed_world(placements=placements, seed=seed)
    print(f"seeded {placements} placements with their papers and duty records in {time.perf_counter() - started:.1f} s")
    refresh_statistics(db)
    result = measure(placements=placements)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"sweeps: {result.sweep_s:.2f} s, then {result.second_sweep_s:.2f} s ({result.second_sweep_new_notices} new)")
    print(f"baseline: {result.sample_placements} placements in {result.baseline_sample_s:.2f} s")
    print(
        f"BENCH deadlines placements={result.placements} obligations={result.obligations} notices={result.notices} "
        f"sweep_s={result.sweep_s:.2f} second_sweep_s={result.second_sweep_s:.2f} "
        f"second_sweep_new_notices={result.second_sweep_new_notices} baseline=instance_loop_extrapolated "
        f"baseline_sample={result.sample_placements} baseline_s={result.baseline_s:.2f} ratio={result.ratio:.1f} "
        f"peak_mb={peak_mb:.0f} db={db} debug={settings.DEBUG}"
    )


def refresh_statistics(db: str) -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load."""
    if db != "postgres":
        return
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(*, placements: int) -> Measured:
    """Both sweeps, then the baseline on a tenth of the companies, checked against the sweep."""
    from placements import deadlines  # noqa: PLC0415

    sample = sample_companies()
    baseline_seconds, baseline_keys, sample_placements = timed_baseline(sample)
    started = time.perf_counter()
    first = deadlines.sweep(now=NOW)
    sweep_s = time.perf_counter() - started
    started = time.perf_counter()
    second = deadlines.sweep(now=NOW)
    second_s = time.perf_counter() - started
    swept = notice_keys(sample)
    if swept != baseline_keys:
        raise SystemExit(
            f"the baseline and the sweep disagree: {len(baseline_keys - swept)} only in the baseline, "
            f"{len(swept - baseline_keys)} only in the sweep, e.g. {sorted(baseline_keys ^ swept)[:3]}"
        )
    return Measured(
        placements=placements,
        obligations=count_obligations(),
        notices=first.total,
        sweep_s=sweep_s,
        second_sweep_s=second_s,
        second_sweep_new_notices=second.total,
        sample_placements=sample_placements,
        baseline_sample_s=baseline_seconds,
    )


def count_obligations() -> int:
    from placements.deadlines import registered  # noqa: PLC0415

    return sum(source.rows().order_by().count() for source in registered())


def sample_companies() -> list[int]:
    from accounts.models import Organization, OrganizationKind  # noqa: PLC0415

    companies = Organization.objects.filter(kind=OrganizationKind.COMPANY).order_by("pk")
    return list(companies.values_list("pk", flat=True)[::BASELINE_FRACTION])


def notice_keys(companies: list[int]) -> set[Key]:
    from placements.models import Notice  # noqa: PLC0415

    rows = Notice.objects.filter(company__in=companies).values_list("kind", "subject_id", "due_on", "days_ahead")
    return set(rows)


# --- the world -------------------------------------------------------------------


def seed_world(*, placements: int, seed: int) -> None:
    """Organizations, participants, placements, stage periods, passports and
    duty records, in bulk and in one transaction."""
    from django.db import transaction  # noqa: PLC0415

    from lib.bulk_insert import roomy_cache  # noqa: PLC0415

    rng = random.Random(seed)
    today = NOW.date()
    with transaction.atomic(), roomy_cache(mebibytes=256):
        world = _organizations(companies=max(1, placements // PER_COMPANY))
        participant_ids = _participants(placements, world)
        placement_rows = _placements(participant_ids, world, rng=rng, today=today)
        _periods(placement_rows, world, today=today, rng=rng)
        _passports(participant_ids, rng=rng, today=today)
        _duty_records(placement_rows, world, rng=rng, today=today)


@dataclass(frozen=True)
class World:
    user_id: int
    prefecture_id: int
    province_id: int
    centre_id: int
    companies: list[int]
    supervisors: list[int]
    supporters: list[int]

    def is_ssw(self, company_index: int) -> bool:
        return company_index % 10 == 0

    def supervisor_of(self, company_index: int) -> int:
        return self.supervisors[company_index % len(self.supervisors)]

    def supporter_of(self, company_index: int) -> int | None:
        # One SSW employer in five supports its workers itself (自社支援).
        return None if company_index % 50 == 0 else self.supporters[company_index % len(self.supporters)]


@dataclass(frozen=True)
class PlacementRow:
    pk: int
    company_index: int
    stage: str
    starts_on: datetime.date


def _organizations(*, companies: int) -> World:
    from accounts.models import Organization, OrganizationKind, User  # noqa: PLC0415
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from reference.models import Prefecture, Province  # noqa: PLC0415

    user = User.objects.create_user(username="bench", password=None)
    prefecture = Prefecture.objects.create(jis_code="04", name_ja="宮城県", name_en="Miyagi")
    province = Province.objects.create(code="32", name="Jawa Barat", name_en="West Java")
    centre = Organization.objects.create(kind=OrganizationKind.TRAINING_CENTRE, code="blk", name="BLK")

    def many(kind: str, prefix: str, count: int, parents: list[int] | None = None) -> list[int]:
        ids = reserve_ids(Organization, count)
        rows = (
            (
                pk,
                kind,
                f"{prefix}-{pk}",
                f"{prefix} {pk}",
                f"{prefix}{pk}",
                parents[i % len(parents)] if parents else None,
            )
            for i, pk in enumerate(ids)
        )
        insert_rows(Organization, fields=("id", "kind", "code", "name", "name_ja", "parent_id"), rows=rows)
        return ids

    supervisors = many(OrganizationKind.SUPERVISING_ORGANIZATION, "coop", max(1, companies // 30))
    supporters = many(OrganizationKind.SUPPORT_ORGANIZATION, "support", max(1, companies // 100))
    company_ids = many(OrganizationKind.COMPANY, "company", companies, parents=supervisors)
    return World(user.pk, prefecture.pk, province.pk, centre.pk, company_ids, supervisors, supporters)


def _participants(count: int, world: World) -> list[int]:
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from participants.models import Participant, Status  # noqa: PLC0415

    ids = reserve_ids(Participant, count)
    birth = datetime.date(2000, 1, 1)
    rows = ((pk, f"Peserta {pk}", f"peserta {pk}", f"{pk:016d}", "M", birth) for pk in ids)
    insert_rows(
        Participant,
        fields=("id", "full_name", "name_key", "nik", "sex", "birth_date"),
        rows=rows,
        same_for_all={
            "province": world.province_id,
            "training_centre": world.centre_id,
            "status": Status.PLACED,
        },
    )
    return ids


def _placements(
    participant_ids: list[int], world: World, *, rng: random.Random, today: datetime.date
) -> list[PlacementRow]:
    from lib.bulk_insert import insert_rows, reserve_ids  # noqa: PLC0415
    from placements.models import Placement, PlacementStatus, ResidenceStatus, StayStage  # noqa: PLC0415

    ids = reserve_ids(Placement, len(participant_ids))
    made: list[PlacementRow] = []
    titp = (StayStage.TITP_I, StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III)
    for index, pk in enumerate(ids):
        company_index = index // PER_COMPANY % len(world.companies)
        stage = StayStage.SSW_I if world.is_ssw(company_index) else titp[index % len(titp)]
        made.append(PlacementRow(pk, company_index, stage, today - datetime.timedelta(days=rng.randint(20, 700))))

    def rows() -> Iterator[tuple[Any, ...]]:
        for row, participant_id in zip(made, participant_ids, strict=True):
            ssw = row.stage == StayStage.SSW_I
            yield (
                row.pk,
                participant_id,
                world.companies[row.company_index],
                None if ssw else world.supervisor_of(row.company_index),
                world.supporter_of(row.company_index) if ssw else None,
                row.stage,
                row.starts_on,
                row.starts_on - datetime.timedelta(days=30),
                ResidenceStatus.for_stage(StayStage(row.stage)),
                f"AB{row.pk:08d}CD",
                today + datetime.timedelta(days=rng.randint(-20, 720)),
            )

    insert_rows(
        Placement,
        fields=(
            "id",
            "participant_id",
            "company_id",
            "supervising_organization_id",
            "support_organization_id",
            "stage",
            "starts_on",
            "arrived_on",
            "residence_status",
            "residence_card_number",
            "residence_card_expires_on",
        ),
        rows=rows(),
        same_for_all={
            "prefecture": world.prefecture_id,
            "status": PlacementStatus.IN_JAPAN,
            "created_by": world.user_id,
        },
    )
    return made


def _periods(made: list[PlacementRow], world: World, *, today: datetime.date, rng: random.Random) -> None:
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from placements.models import StagePeriod  # noqa: PLC0415

    rows = ((row.pk, row.stage, row.starts_on, today + datetime.timedelta(days=rng.randint(-10, 700))) for row in made)
    insert_rows(
        StagePeriod,
        fields=("placement_id", "stage", "started_on", "planned_end_on"),
        rows=rows,
        same_for_all={"created_by": world.user_id},
    )


def _passports(participant_ids: list[int], *, rng: random.Random, today: datetime.date) -> None:
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from participants.models import Document  # noqa: PLC0415
    from reference.models import DocumentKind  # noqa: PLC0415

    rows = ((pk, today + datetime.timedelta(days=rng.randint(-20, 1800))) for pk in participant_ids)
    insert_rows(
        Document,
        fields=("participant_id", "expires_on"),
        rows=rows,
        same_for_all={
            "kind": DocumentKind.PASSPORT,
            "file": "documents/bench/passport.pdf",
            "original_name": "passport.pdf",
            "content_type": "application/pdf",
            "size": 1,
            "sha256": "0" * 64,
        },
    )


def _duty_records(made: list[PlacementRow], world: World, *, rng: random.Random, today: datetime.date) -> None:
    """Two monthly visits and an audit for most TITP companies, a regular
    interview for most SSW workers, last quarter's report for most SSW
    employers; the rest have none yet (overdue, or new)."""
    from lib.bulk_insert import insert_rows  # noqa: PLC0415
    from placements.deadlines.dates import add_months, quarter_start  # noqa: PLC0415
    from placements.models import Audit, AuditOutcome, MonthlyVisit, QuarterlyReport, RegularInterview  # noqa: PLC0415

    def ago(low: int, high: int) -> datetime.date:
        return today - datetime.timedelta(days=rng.randint(low, high))

    shared = {"recorded_by": world.user_id}
    titp_companies = [index for index in range(len(world.companies)) if not world.is_ssw(index)]
    ssw_companies = [index for index in range(len(world.companies)) if world.is_ssw(index)]
    visited = [index for index in titp_companies if index % 7]
    visits = (
        (world.companies[i], world.supervisor_of(i), day, "監理責任者", "実習日誌")
        for i in visited
        for day in (ago(35, 70), ago(0, 45))
    )
    visit_fields = ("company_id", "supervising_organization_id", "visited_on", "visitor", "checked")
    insert_rows(MonthlyVisit, fields=visit_fields, rows=visits, same_for_all=shared)
    audits = (
        (world.companies[i], world.supervisor_of(i), ago(0, 110), "監査責任者", AuditOutcome.NO_FINDINGS)
        for i in titp_companies
        if i % 9
    )
    audit_fields = ("company_id", "supervising_organization_id", "audited_on", "auditor", "outcome")
    insert_rows(Audit, fields=audit_fields, rows=audits, same_for_all=shared)
    interviews = (
        (
            row.pk,
            world.supporter_of(row.company_index) or world.companies[row.company_index],
            ago(0, 100),
            "面談者",
            "上司",
        )
        for row in made
        if world.is_ssw(row.company_index) and row.pk % 6
    )
    interview_fields = ("placement_id", "organization_id", "interviewed_on", "interviewer", "supervisor")
    insert_rows(RegularInterview, fields=interview_fields, rows=interviews, same_for_all=shared)
    last_quarter = add_months(quarter_start(today), -3)
    reports = (
        (world.companies[i], world.supporter_of(i) or world.companies[i], last_quarter, add_months(last_quarter, 3))
        for i in ssw_companies
        if i % 4
    )
    report_fields = ("company_id", "organization_id", "quarter_start", "filed_on")
    insert_rows(QuarterlyReport, fields=report_fields, rows=reports, same_for_all=shared)


# --- the baseline: a loop over model instances --------------------------------------


@dataclass
class Baseline:
    today_tokyo: datetime.date
    today_jakarta: datetime.date
    keys: set[Key]
    placements: int = 0


def timed_baseline(companies: list[int]) -> tuple[float, set[Key], int]:
    """Seconds, notice keys and placements of the instance loop over these companies; rolled back."""
    from django.db import transaction  # noqa: PLC0415

    from placements.deadlines import JAKARTA, TOKYO  # noqa: PLC0415

    baseline = Baseline(NOW.astimezone(TOKYO).date(), NOW.astimezone(JAKARTA).date(), set())
    started = time.perf_counter()
    with transaction.atomic():
        for company in _instances(companies):
            _company_by_instances(company, baseline)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds, baseline.keys, baseline.placements


def _instances(companies: list[int]) -> Iterator[Organization]:
    from accounts.models import Organization  # noqa: PLC0415

    yield from Organization.objects.filter(pk__in=companies).order_by("pk").iterator()


def _company_by_instances(company: Organization, baseline: Baseline) -> None:
    from placements.models import PlacementStatus, StayStage  # noqa: PLC0415

    periods = []
    for placement in company.placements_employed.filter(status=PlacementStatus.IN_JAPAN).order_by("pk"):
        baseline.placements += 1
        period = placement.periods.filter(ended_on__isnull=True).first()
        if period is not None:
            periods.append((placement, period))
        _placement_by_instances(placement, period, baseline)
    titp = [(p, s) for p, s in periods if s.stage in (StayStage.TITP_I, StayStage.TITP_II, StayStage.TITP_III)]
    _visits_and_audits(company, titp, baseline)
    _reports(company, [(p, s) for p, s in periods if s.stage == StayStage.SSW_I], baseline)


def _placement_by_instances(placement: Placement, period: StagePeriod | None, baseline: Baseline) -> None:
    from participants.models import Document  # noqa: PLC0415
    from placements.deadlines.dates import next_quarterly_due  # noqa: PLC0415
    from placements.models import StayStage  # noqa: PLC0415
    from reference.models import DocumentKind  # noqa: PLC0415

    responsible = placement.supervising_organization_id or placement.support_organization_id or placement.company_id
    concerns = {"organization_id": responsible, "placement": placement, "participant_id": placement.participant_id}
    if period is not None and period.planned_end_on is not None:
        _notice(baseline, "stage_end", period.pk, period.planned_end_on, **concerns)
        if period.stage in (StayStage.TITP_I, StayStage.TITP_II):
            _notice(baseline, "skill_test", period.pk, period.planned_end_on, **concerns)
    if placement.residence_card_expires_on is not None:
        _notice(baseline, "residence_card", placement.pk, placement.residence_card_expires_on, **concerns)
    passport = Document.objects.filter(
        participant_id=placement.participant_id, kind=DocumentKind.PASSPORT, superseded_at__isnull=True
    ).first()
    if passport is not None and passport.expires_on is not None:
        _notice(baseline, "passport", passport.pk, passport.expires_on, **concerns)
    if period is not None and period.stage == StayStage.SSW_I:
        last = placement.regular_interviews.order_by("-interviewed_on").first()
        due = next_quarterly_due(last_done=last.interviewed_on if last else None, started=period.started_on)
        concerns["organization_id"] = placement.support_organization_id or placement.company_id
        _notice(baseline, "regular_interview", placement.pk, due, **concerns)


def _visits_and_audits(company: Organization, titp: list[tuple[Placement, StagePeriod]], baseline: Baseline) -> None:
    from placements.deadlines.dates import next_quarterly_due, next_visit_due  # noqa: PLC0415
    from placements.models import Audit, MonthlyVisit, StayStage  # noqa: PLC0415

    supervisors = {p.supervising_organization_id for p, _ in titp if p.supervising_organization_id is not None}
    for supervisor in sorted(supervisors):
        mine = [(p, s) for p, s in titp if p.supervising_organization_id == supervisor]
        stage_i = [s.started_on for p, s in mine if s.stage == StayStage.TITP_I]
        if stage_i:
            visit = MonthlyVisit.objects.filter(company=company, supervising_organization_id=supervisor).first()
            due = next_visit_due(last_visit=visit.visited_on if visit else None, stage_started=min(stage_i))
            _notice(baseline, "monthly_visit", company.pk, due, organization_id=supervisor, company_id=company.pk)
        audit = Audit.objects.filter(company=company, supervising_organization_id=supervisor).first()
        started = min(p.starts_on for p, _ in mine)
        due = next_quarterly_due(last_done=audit.audited_on if audit else None, started=started)
        _notice(baseline, "audit", company.pk, due, organization_id=supervisor, company_id=company.pk)


def _reports(company: Organization, ssw: list[tuple[Placement, StagePeriod]], baseline: Baseline) -> None:
    from placements.deadlines.dates import next_report_quarter, report_due  # noqa: PLC0415
    from placements.models import QuarterlyReport  # noqa: PLC0415

    filers = {p.support_organization_id or p.company_id for p, _ in ssw}
    for filer in sorted(filers):
        started = min(s.started_on for p, s in ssw if (p.support_organization_id or p.company_id) == filer)
        last = QuarterlyReport.objects.filter(company=company, organization_id=filer).first()
        quarter = next_report_quarter(last_reported=last.quarter_start if last else None, started=started)
        _notice(
            baseline, "quarterly_report", company.pk, report_due(quarter), organization_id=filer, company_id=company.pk
        )


LEADS = {
    "stage_end": (90, 30),
    "skill_test": (120, 60),
    "residence_card": (90, 30),
    "passport": (180, 30),
    "monthly_visit": (7,),
    "audit": (14,),
    "regular_interview": (14,),
    "quarterly_report": (14,),
}


def _notice(baseline: Baseline, kind: str, subject: int, due: datetime.date, **concerns: Any) -> None:
    """The notice this obligation is owed today, through get_or_create, as a per-instance loop writes it."""
    from placements.models import OVERDUE, Notice  # noqa: PLC0415

    today = baseline.today_jakarta if kind == "passport" else baseline.today_tokyo
    if due < today:
        stage = OVERDUE
    else:
        stage = next((lead for lead in sorted(LEADS[kind]) if due <= today + datetime.timedelta(days=lead)), 0)
        if not stage:
            return
    placement = concerns.pop("placement", None)
    if placement is not None:
        concerns["company_id"] = placement.company_id
        concerns["placement_id"] = placement.pk
    Notice.objects.get_or_create(kind=kind, subject_id=subject, due_on=due, days_ahead=stage, defaults=concerns)
    baseline.keys.add((kind, subject, due, stage))


if __name__ == "__main__":
    main()
