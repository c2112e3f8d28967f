"""Workers in Japan for the stage move, upskilling and placement page tests:
budi arrived for Sendai Steel's TITP stage i order, through the real arrival
action (stage i from 22 June 2026 to 21 June 2027)."""

from __future__ import annotations

import datetime

from joborders.models import CompanyProfile, SupervisingOrganizationProfile
from joborders.tests.world import Japan, build_japan, on_day
from placements.actions.arrival import ArrivalDetails, record_arrival
from placements.actions.stages import StageMoveDetails, move_stage
from placements.actions.upskilling import UpskillingDetails, record_upskilling
from placements.models import Placement, SkillTest, SkillTestResult, StagePeriod, Upskilling, UpskillingKind
from placements.tests.builders import FLIGHT_DAY, departed
from tests.cast import Cast

ARRIVAL = ArrivalDetails(
    arrived_on=FLIGHT_DAY + datetime.timedelta(days=1),
    work_starts_on=datetime.date(2026, 6, 22),
    work_site="宮城県仙台市若林区卸町1-2-3",
    residence_card_number="AB12345678CD",
    residence_card_expires_on=datetime.date(2027, 6, 21),
)
STAGE_I_STARTS = datetime.date(2026, 6, 22)
STAGE_I_ENDS = datetime.date(2027, 6, 21)
STAGE_II_STARTS = datetime.date(2027, 6, 22)
STAGE_II_ENDS = datetime.date(2029, 6, 21)


def working(cast: Cast, japan: Japan) -> Placement:
    """Budi in stage i at Sendai Steel, his arrival recorded."""
    placement = departed(cast, japan, cast.budi)
    return record_arrival(placement_id=placement.pk, details=ARRIVAL, by=cast.supervising_officer)


def passed(
    cast: Cast,
    placement: Placement,
    test: SkillTest,
    *,
    on: datetime.date,
    result: SkillTestResult = SkillTestResult.PASSED,
) -> Upskilling:
    return record_upskilling(
        placement_id=placement.pk,
        details=UpskillingDetails(kind=UpskillingKind.SKILL_TEST, skill_test=test, result=result, taken_on=on),
        by=cast.company_officer,
        today=on,
    )


def in_stage_ii(cast: Cast, japan: Japan) -> Placement:
    """Budi moved on to stage ii on 22 June 2027, the basic grade passed in May."""
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))
    placement.refresh_from_db()
    move_stage(
        placement_id=placement.pk,
        details=StageMoveDetails(moves_on=STAGE_II_STARTS),
        expected_version=placement.version,
        by=cast.supervising_officer,
        today=STAGE_II_STARTS,
    )
    placement.refresh_from_db()
    return placement


def excellent(cast: Cast, *, since: datetime.date = datetime.date(2025, 4, 1)) -> None:
    """Sendai Steel and JOE Cooperative rated excellent (優良) from ``since``."""
    CompanyProfile.objects.filter(organization=cast.company).update(excellent_since=since)
    SupervisingOrganizationProfile.objects.filter(organization=cast.supervising).update(excellent_since=since)


def current_period(placement: Placement) -> StagePeriod:
    return StagePeriod.objects.current().get(placement=placement)


# --- for the access matrix: made once per test, since it asks once per persona ---------


def at_work(cast: Cast) -> Placement:
    """Budi at work in Japan for Sendai Steel, his arrival recorded."""
    existing = Placement.objects.filter(participant=cast.budi, arrived_on__isnull=False).first()
    if existing is not None:
        return existing
    with on_day():
        return working(cast, build_japan(cast))


def awaiting_arrival(cast: Cast) -> Placement:
    """Budi landed in Japan for Sendai Steel, his arrival not yet recorded."""
    existing = Placement.objects.filter(participant=cast.budi).first()
    if existing is not None:
        return existing
    with on_day():
        return departed(cast, build_japan(cast), cast.budi)


def budis_course(cast: Cast) -> Upskilling:
    """A course Budi took at work in Japan, recorded once per test."""
    placement = at_work(cast)
    existing = Upskilling.objects.filter(placement=placement).first()
    if existing is not None:
        return existing
    return Upskilling.objects.create(
        placement=placement,
        kind=UpskillingKind.COURSE,
        title="玉掛け技能講習",
        taken_on=ARRIVAL.work_starts_on,
        recorded_by=cast.company_officer,
    )
