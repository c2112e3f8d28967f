"""A small world with known outcomes for the partner scorecards, on the
cast (tests/cast.py) and its Japanese side (joborders.tests.world).

As of NOW (15 October 2026):

- LPK Sakura sent 12 welders (trade LAS) in March 2025 to Sendai Steel
  under JOE Cooperative, TITP stage i: 9 in welding (7-7, the same job type
  as LAS), 3 in casting (6-1, only similar). In 2026 one came home early
  (February), one went missing (May), and one moved to Nagoya Metal (June,
  a transfer: a new placement that follows, no departure).
- LPK Fuji sent 2 workers in January 2026 to Nagoya Metal, SSW i in
  construction (建設), no supervising organization: one a welder (LAS lists
  建設 as its SSW field: the same job type), one with no trade.
- Skill tests at Sendai Steel: 1 passed in 2025; 10 in 2026, 8 passed.
- Cases naming Sendai Steel and JOE, of Sakura's workers, opened in 2026:
  resolved after 2 and after 5 days, and one still open; an anonymous case
  naming Nagoya Metal only, resolved after 10 days.
- Check-ins at Sendai Steel: the August 2026 round (closed) has 10 answers,
  3 signalling a problem; the October round (still open) 2 answers.
- Ledger: 4 of Sakura's workers paid LPK Sakura in 2025, one payment broke
  the fee policy; another violation was reversed (not counted).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from django.utils import timezone

from accounts.models import Organization
from joborders.tests.world import Japan, build_japan
from ledger.models import CostClass, LedgerEntry, Payer
from participants import actions as participant_actions
from participants.models import Participant, Status
from placements.models import (
    Ending,
    Placement,
    PlacementStatus,
    SkillTest,
    SkillTestResult,
    StayStage,
    Upskilling,
    UpskillingKind,
)
from protection.models import Case, Category, CheckIn, CheckInRound, Door
from protection.models import Status as CaseStatus
from reference.models import Fit, ProgrammeJobFit
from reports.compute import FigureRow
from reports.compute.scorecards import compute
from reports.models import Figure, Snapshot
from tests.cast import Cast, details
from tests.nik import make_nik

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 10, 15, 10, tzinfo=JAKARTA)
SAKURA_FLIGHT = datetime.date(2025, 3, 10)
FUJI_FLIGHT = datetime.date(2026, 1, 20)


@dataclasses.dataclass
class World:
    cast: Cast
    japan: Japan
    sakura_workers: list[Participant]
    sakura_placements: list[Placement]
    fuji_workers: list[Participant]
    transferred: Placement

    @property
    def sendai(self) -> Organization:
        return self.cast.company

    @property
    def nagoya(self) -> Organization:
        return self.japan.other_company


def person(cast: Cast, serial: int, *, lpk: Organization, trade: bool = True) -> Participant:
    birth = datetime.date(2001, 1, 1) + datetime.timedelta(days=serial)
    return participant_actions.register_participant(
        details=details(
            cast,
            full_name=f"Pekerja {serial}",
            nik=make_nik(birth, sex="M", serial=8000 + serial),
            birth_date=birth,
            sending_organization=lpk,
            vocational_programme=cast.programme if trade else None,
        ),
        by=cast.ministry_officer,
    )


def _placed(cast: Cast, japan: Japan, participant: Participant, **fields: object) -> Placement:
    values: dict[str, object] = {
        "company": cast.company,
        "supervising_organization": cast.supervising,
        "prefecture": japan.miyagi,
        "stage": StayStage.TITP_I,
        "job_category": japan.welding,
        "status": PlacementStatus.IN_JAPAN,
        "starts_on": SAKURA_FLIGHT,
        "departed_on": SAKURA_FLIGHT,
        "created_by": cast.ministry_officer,
    }
    values.update(fields)
    placement = Placement.objects.create(participant=participant, **values)
    Participant.objects.filter(pk=participant.pk).update(status=Status.PLACED)
    return placement


def _ended(placement: Placement, ending: Ending, on: datetime.date) -> None:
    Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.ENDED, ending=ending, ended_on=on)
    placement.refresh_from_db()


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=JAKARTA)


def build(cast: Cast) -> World:
    japan = build_japan(cast)
    ProgrammeJobFit.objects.create(programme=cast.programme, job_category_code="7-7", fit=Fit.SAME)
    ProgrammeJobFit.objects.create(programme=cast.programme, job_category_code="6-1", fit=Fit.SIMILAR)
    sakura = [person(cast, n, lpk=cast.lpk) for n in range(12)]
    placements = [
        _placed(cast, japan, worker, job_category=japan.welding if n < 9 else japan.casting)
        for n, worker in enumerate(sakura)
    ]
    _ended(placements[0], Ending.RETURNED_EARLY, datetime.date(2026, 2, 1))
    _ended(placements[1], Ending.MISSING, datetime.date(2026, 5, 1))
    _ended(placements[2], Ending.TRANSFERRED, datetime.date(2026, 5, 31))
    transferred = _placed(
        cast, japan, sakura[2], company=japan.other_company, follows=placements[2], starts_on=datetime.date(2026, 6, 1)
    )
    fuji = [person(cast, 20, lpk=cast.other_lpk), person(cast, 21, lpk=cast.other_lpk, trade=False)]
    for worker in fuji:
        _placed(
            cast,
            japan,
            worker,
            company=japan.other_company,
            supervising_organization=None,
            stage=StayStage.SSW_I,
            job_category=None,
            ssw_field=japan.construction,
            starts_on=FUJI_FLIGHT,
            departed_on=FUJI_FLIGHT,
        )
    world = World(cast, japan, sakura, placements, fuji, transferred)
    _skill_tests(world)
    _cases(world)
    _checkins(world)
    _payments(world)
    return world


def _skill_tests(world: World) -> None:
    by = world.cast.ministry_officer
    tests = [(placement, datetime.date(2026, 4, 1), n < 8) for n, placement in enumerate(world.sakura_placements[2:])]
    tests.append((world.sakura_placements[3], datetime.date(2025, 11, 1), True))
    Upskilling.objects.bulk_create(
        Upskilling(
            placement=placement,
            kind=UpskillingKind.SKILL_TEST,
            skill_test=SkillTest.BASIC,
            taken_on=day,
            result=SkillTestResult.PASSED if passed else SkillTestResult.FAILED,
            recorded_by=by,
        )
        for placement, day, passed in tests
    )


def _case(
    world: World, *, participant: Participant | None, company: Organization, days: int | None, **fields: object
) -> Case:
    opened = _moment(datetime.date(2026, 7, 1))
    return Case.objects.create(
        door=Door.HOTLINE if participant else Door.ANONYMOUS,
        participant=participant,
        company=company,
        category=Category.WAGES,
        description="Gaji tidak dibayar penuh.",
        status=CaseStatus.NEW if days is None else CaseStatus.RESOLVED,
        opened_at=opened,
        acknowledge_by=opened + datetime.timedelta(hours=24),
        resolved_at=None if days is None else opened + datetime.timedelta(days=days, hours=3),
        **fields,
    )


def _cases(world: World) -> None:
    sakura, supervising = world.sakura_workers, world.cast.supervising
    placements = world.sakura_placements
    for n, days in enumerate([2, 5, None]):
        _case(
            world,
            participant=sakura[n + 3],
            company=world.sendai,
            days=days,
            supervising_organization=supervising,
            placement=placements[n + 3],
        )
    _case(world, participant=None, company=world.nagoya, days=10)


def _checkins(world: World) -> None:
    closed = CheckInRound.objects.create(
        month=datetime.date(2026, 8, 1),
        opened_at=_moment(datetime.date(2026, 8, 1)),
        closes_on=datetime.date(2026, 9, 10),
    )
    still_open = CheckInRound.objects.create(
        month=datetime.date(2026, 10, 1),
        opened_at=_moment(datetime.date(2026, 10, 1)),
        closes_on=datetime.date(2026, 11, 10),
    )
    asked = [(closed, placement, n < 3) for n, placement in enumerate(world.sakura_placements[2:])]
    asked += [(still_open, placement, False) for placement in world.sakura_placements[3:5]]
    CheckIn.objects.bulk_create(
        CheckIn(
            round=checkin_round,
            participant=placement.participant,
            placement=placement,
            company=placement.company,
            supervising_organization=placement.supervising_organization,
            asked_at=_moment(checkin_round.month),
            answered_at=_moment(checkin_round.month, 12),
            wages_paid_in_full=not problem,
            signals_problem=problem,
        )
        for checkin_round, placement, problem in asked
    )


def _payments(world: World) -> None:
    fee = CostClass.objects.filter(code="recruitment_fee").order_by("-effective_from").first()
    assert fee is not None
    by, lpk = world.cast.lpk_officer, world.cast.lpk
    entries = [
        LedgerEntry.objects.create(
            participant=worker,
            cost_class=fee,
            amount=300_000,
            currency="IDR",
            payer=Payer.PARTICIPANT,
            payee_organization=lpk,
            payee_name=lpk.name,
            paid_on=datetime.date(2025, 2, 1),
            breaks_policy=n in (0, 1),
            booked_by=by,
            booked_at=timezone.now(),
        )
        for n, worker in enumerate(world.sakura_workers[:4])
    ]
    LedgerEntry.objects.create(
        participant=entries[1].participant,
        cost_class=fee,
        amount=-300_000,
        currency="IDR",
        payer=Payer.PARTICIPANT,
        payee_organization=lpk,
        payee_name=lpk.name,
        paid_on=datetime.date(2025, 3, 1),
        reverses=entries[1],
        booked_by=by,
        booked_at=timezone.now(),
    )


def snapshot_of(rows: Iterable[FigureRow], *, taken_at: datetime.datetime = NOW) -> Snapshot:
    """A complete snapshot holding ``rows``, as the scheduled refresh writes one."""
    snapshot = Snapshot.objects.create(taken_at=taken_at)
    written = Figure.objects.bulk_create(
        Figure(
            snapshot=snapshot,
            table=row.table,
            scope=row.scope,
            year=row.year,
            programme=row.programme,
            key=row.key,
            position=row.position,
            values=row.values,
        )
        for row in rows
    )
    Snapshot.objects.filter(pk=snapshot.pk).update(finished_at=taken_at, figures=len(written))
    snapshot.refresh_from_db()
    return snapshot


def scored(cast: Cast) -> tuple[World, Snapshot]:
    """The world, and a snapshot of its scorecards."""
    world = build(cast)
    return world, snapshot_of(compute(now=NOW))


def scorecards_of_the_cast(cast: Cast) -> Snapshot:
    """A snapshot of the cast's scorecards (every partner at zero), written once however often asked."""
    return Snapshot.objects.latest_complete() or snapshot_of(compute(now=NOW))
