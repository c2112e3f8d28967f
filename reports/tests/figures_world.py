"""A small world with exact dates, for the figures' tests.

On top of the cast (tests/cast.py: LPK Sakura, member of AP2LN, with BBPVP
Bekasi; LPK Fuji, in no association, with BBPVP Medan), rows are written
directly with the dates each test needs: registrations, status histories,
placements, returns, cases and ledger lines as the actions leave them. The
figures read only what is stored, so the tests pin every date that makes a
year, a month or a number of days.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from accounts.models import Organization
from joborders.tests.world import prefecture, ssw_list, titp_list
from ledger.models import CostClass, CostKind, LedgerEntry, Payer
from participants.models import Participant, Sex, Status, StatusChange
from placements.models import Ending, FollowUp, HomeReturn, Placement, PlacementStatus, StayStage
from protection.models import Case, Category, Door
from reference.models import JobCategory, Prefecture, SendingProgramme, SSWField, Track
from reports.figures import Row, read_table
from reports.models import Snapshot
from reports.slices import ALL, Scope, ScopeKind, Slice
from tests.cast import Cast

UTC = datetime.UTC
_NIKS = itertools.count(3201_0101_0100_0001)
# The moment the figures are "as of" in these tests.
NOW = datetime.datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def moment(day: datetime.date, hour: int = 3) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=UTC)


@dataclass
class Places:
    miyagi: Prefecture
    tokyo: Prefecture
    welding: JobCategory
    construction: SSWField
    titp: SendingProgramme
    ssw: SendingProgramme


def build(cast: Cast) -> Places:
    """The cast without its two participants (each test writes exactly whom it counts), and the places."""
    for someone in (cast.budi, cast.siti):
        someone.delete()
    titp_list()
    ssw_list()
    return Places(
        miyagi=prefecture(),
        tokyo=prefecture("13", "東京都", "Tokyo"),
        welding=JobCategory.objects.get(code="7-7"),
        construction=SSWField.objects.get(number=4),
        titp=SendingProgramme.objects.create(code="titp", name="Kemnaker x JOE", track=Track.TITP),
        ssw=SendingProgramme.objects.create(code="ssw", name="SSW", track=Track.SSW),
    )


def person(
    cast: Cast,
    *,
    lpk: Organization | None = None,
    blk: Organization | None = None,
    registered: datetime.date = datetime.date(2025, 1, 1),
    path: Sequence[tuple[Status, datetime.date]] = (),
    programme: SendingProgramme | None = None,
) -> Participant:
    """A participant registered on ``registered`` who moved along ``path`` (status, day)."""
    status = path[-1][0] if path else Status.REGISTERED
    participant = Participant.objects.create(
        full_name=f"Peserta {next(_NIKS) % 10000}",
        nik=str(next(_NIKS)),
        sex=Sex.MALE,
        birth_date=datetime.date(2000, 1, 1),
        province=cast.province,
        training_centre=blk or cast.blk,
        sending_organization=lpk,
        sending_programme=programme,
        vocational_programme=cast.programme,
        status=status,
        registered_at=moment(registered),
    )
    StatusChange.objects.create(participant=participant, to_status=Status.REGISTERED, changed_at=moment(registered))
    before = Status.REGISTERED
    for to, day in path:
        StatusChange.objects.create(participant=participant, from_status=before, to_status=to, changed_at=moment(day))
        before = to
    return participant


def placement(
    cast: Cast,
    participant: Participant,
    *,
    where: Prefecture,
    stage: StayStage = StayStage.TITP_I,
    departed: datetime.date | None = None,
    starts: datetime.date | None = None,
    ended: datetime.date | None = None,
    ending: Ending | None = None,
    follows: Placement | None = None,
    status: PlacementStatus | None = None,
    job_category: JobCategory | None = None,
    ssw_field: SSWField | None = None,
) -> Placement:
    if status is None:
        status = PlacementStatus.ENDED if ended else PlacementStatus.IN_JAPAN if departed else PlacementStatus.PREPARING
    return Placement.objects.create(
        participant=participant,
        company=cast.company,
        prefecture=where,
        stage=stage,
        status=status,
        starts_on=starts or departed or datetime.date(2025, 1, 1),
        departed_on=departed,
        ended_on=ended,
        ending=ending or "",
        follows=follows,
        job_category=job_category,
        ssw_field=ssw_field,
        created_by=cast.ministry_officer,
    )


def home_return(cast: Cast, placed: Placement, *, on: datetime.date) -> HomeReturn:
    return HomeReturn.objects.create(
        placement=placed, returned_on=on, flight_number="GA881", recorded_by=cast.lpk_officer
    )


def follow_up(
    back: HomeReturn,
    *,
    months: int,
    due: datetime.date,
    work: str = "",
    in_trade: bool | None = None,
    entered: bool = True,
) -> FollowUp:
    return FollowUp.objects.create(
        home_return=back,
        placement=back.placement,
        months=months,
        due_on=due,
        work=work,
        in_trade=in_trade,
        entered_at=moment(due) if entered else None,
    )


def case(
    *,
    category: Category,
    opened: datetime.date,
    participant: Participant | None = None,
    placed: Placement | None = None,
) -> Case:
    return Case.objects.create(
        door=Door.HOTLINE if participant else Door.ANONYMOUS,
        participant=participant,
        placement=placed,
        category=category,
        description="…",
        opened_at=moment(opened),
        acknowledge_by=moment(opened) + datetime.timedelta(days=1),
    )


def fee_class() -> CostClass:
    return CostClass.objects.create(
        code="placement-fee",
        name_en="Placement fee",
        name_id="Biaya penempatan",
        name_ja="紹介手数料",
        kind=CostKind.RECRUITMENT_FEE,
        effective_from=datetime.date(2020, 1, 1),
        source="test",
    )


def payment(
    cast: Cast,
    participant: Participant,
    *,
    paid: datetime.date,
    breaks: bool = False,
    family: str = "",
    cost: CostClass,
    reverses: LedgerEntry | None = None,
) -> LedgerEntry:
    amount = -reverses.amount if reverses is not None else 1_000_000
    return LedgerEntry.objects.create(
        participant=participant,
        cost_class=cost,
        amount=amount,
        currency="IDR",
        payer=Payer.PARTICIPANT,
        payee_name="LPK",
        paid_on=paid,
        breaks_policy=breaks,
        policy_family=family,
        reverses=reverses,
        booked_by=cast.lpk_officer,
    )


def scope(kind: ScopeKind, organization: Organization | Prefecture) -> Scope:
    return Scope(kind, organization.pk)


def table(snapshot: Snapshot, name: str, where: Scope = ALL, year: int = 0, programme: str = "") -> list[Row]:
    from reports.catalogue import TABLES  # noqa: PLC0415

    return read_table(snapshot, TABLES[name], Slice(where, year, programme))


def keyed(rows: list[Row], column: str | None = None) -> dict[str, object]:
    """The rows as {key: values}, or {key: one column's value}."""
    return {row.key: (row.values if column is None else row.values.get(column)) for row in rows}
