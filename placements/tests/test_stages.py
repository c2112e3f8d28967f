"""Stage moves (placements.actions.stages): TITP i → ii and ii → iii on the
same placement, each allowed or refused by the rules on the day of the move,
stored with the rule version it used; a refusal leaves everything as it was."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from placements.actions.stages import (
    NoStageMove,
    PlacementChanged,
    StageMoveDetails,
    StageMoveRefused,
    move_stage,
)
from placements.models import (
    Ending,
    Placement,
    PlacementStatus,
    ResidenceStatus,
    SkillTest,
    SkillTestResult,
    StagePeriod,
    StayStage,
)
from placements.tests.stay_world import (
    STAGE_I_ENDS,
    STAGE_I_STARTS,
    STAGE_II_ENDS,
    STAGE_II_STARTS,
    current_period,
    excellent,
    in_stage_ii,
    passed,
    working,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# Leaving for the home return a week before stage ii's planned end.
LEFT = datetime.date(2029, 6, 15)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def move(cast: Cast, placement: Placement, details: StageMoveDetails, *, today: datetime.date) -> StagePeriod:
    placement.refresh_from_db()
    return move_stage(
        placement_id=placement.pk,
        details=details,
        expected_version=placement.version,
        by=cast.supervising_officer,
        today=today,
    )


def refused(cast: Cast, placement: Placement, details: StageMoveDetails, *, today: datetime.date) -> StageMoveRefused:
    before = _state(placement)
    with pytest.raises(StageMoveRefused) as refusal:
        move(cast, placement, details, today=today)
    assert _state(placement) == before, "a refused move changed something"
    return refusal.value


def _state(placement: Placement) -> tuple[object, ...]:
    placement.refresh_from_db()
    periods = tuple(StagePeriod.objects.filter(placement=placement).values_list("stage", "ended_on"))
    audits = AuditEntry.objects.for_object(placement).count()
    return placement.stage, placement.version, placement.planned_end_on, periods, audits


# --- i → ii ---------------------------------------------------------------------


@pytest.mark.parametrize("test_day", [STAGE_I_ENDS - DAY, STAGE_I_ENDS], ids=["day before the end", "last day"])
def test_it_moves_on_to_stage_ii_after_the_basic_grade_passed_in_time(
    cast: Cast, japan: Japan, test_day: datetime.date
) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=test_day)

    period = move(cast, placement, StageMoveDetails(moves_on=STAGE_II_STARTS), today=STAGE_II_STARTS)

    assert (period.stage, period.started_on, period.planned_end_on) == (
        StayStage.TITP_II,
        STAGE_II_STARTS,
        STAGE_II_ENDS,
    )
    first = StagePeriod.objects.get(placement=placement, stage=StayStage.TITP_I)
    assert first.ended_on == STAGE_I_ENDS
    assert period.rule_family == "titp_stages"
    assert period.rule_version == "2026-initial"
    assert "passed, as stage ii requires" in period.explanation_en
    assert "within the 60-month limit" in period.explanation_en
    placement.refresh_from_db()
    assert placement.stage == StayStage.TITP_II
    assert placement.residence_status == ResidenceStatus.TITP_2B
    assert placement.planned_end_on == STAGE_II_ENDS
    assert placement.status == PlacementStatus.IN_JAPAN
    entry = AuditEntry.objects.for_object(placement).filter(action=AuditAction.UPDATED).latest("id")
    assert entry.changes["stage"] == [StayStage.TITP_I, StayStage.TITP_II]


def test_it_refuses_stage_ii_when_the_test_was_passed_the_day_after_stage_i_ended(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=STAGE_I_ENDS + DAY)

    refusal = refused(cast, placement, StageMoveDetails(moves_on=STAGE_II_STARTS), today=STAGE_II_STARTS)

    basic = "技能検定 基礎級 (Trade Skill Test, basic grade) or equivalent"
    assert refusal.reasons == [f"{basic} not passed: stage ii requires it"]
    assert refusal.answer is not None
    assert refusal.answer.refused_by == ("passed_test",)


@pytest.mark.parametrize(
    ("test", "result"),
    [
        (SkillTest.BASIC, SkillTestResult.FAILED),
        (SkillTest.GRADE_2, SkillTestResult.PASSED),  # not the kind stage ii asks for
        (SkillTest.SSW_I, SkillTestResult.PASSED),
    ],
)
def test_it_refuses_stage_ii_without_a_passed_test_of_its_kind(
    cast: Cast, japan: Japan, test: SkillTest, result: SkillTestResult
) -> None:
    placement = working(cast, japan)
    passed(cast, placement, test, on=datetime.date(2027, 5, 10), result=result)

    refusal = refused(cast, placement, StageMoveDetails(moves_on=STAGE_II_STARTS), today=STAGE_II_STARTS)

    assert refusal.answer is not None
    assert refusal.answer.refused_by == ("passed_test",)


def test_it_counts_the_evaluation_test_as_the_basic_grade(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.EVALUATION_ELEMENTARY, on=datetime.date(2027, 5, 10))

    period = move(cast, placement, StageMoveDetails(moves_on=STAGE_II_STARTS), today=STAGE_II_STARTS)

    assert period.stage == StayStage.TITP_II


@pytest.mark.parametrize(
    ("moves_on", "today"),
    [
        (STAGE_I_ENDS + 2 * DAY, STAGE_I_ENDS + 2 * DAY),  # a gap after stage i ended
        (STAGE_II_STARTS, STAGE_II_STARTS - DAY),  # in the future
        (STAGE_I_STARTS, STAGE_I_STARTS),  # the day stage i started
    ],
    ids=["after a gap", "in the future", "not after stage i started"],
)
def test_it_refuses_a_move_day_out_of_place_at_the_field(
    cast: Cast, japan: Japan, moves_on: datetime.date, today: datetime.date
) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=STAGE_I_STARTS + DAY)

    refusal = refused(cast, placement, StageMoveDetails(moves_on=moves_on), today=today)

    assert list(refusal.problems) == ["moves_on"]


def test_it_moves_early_and_ends_stage_i_the_day_before(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 3, 1))
    moves_on = datetime.date(2027, 5, 1)

    period = move(cast, placement, StageMoveDetails(moves_on=moves_on), today=moves_on)

    assert StagePeriod.objects.get(placement=placement, stage=StayStage.TITP_I).ended_on == moves_on - DAY
    assert period.planned_end_on == datetime.date(2029, 4, 30)


def test_it_refuses_a_test_passed_after_an_early_move(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    moves_on = datetime.date(2027, 5, 1)
    passed(cast, placement, SkillTest.BASIC, on=moves_on)

    refusal = refused(cast, placement, StageMoveDetails(moves_on=moves_on), today=moves_on)

    assert refusal.answer is not None
    assert refusal.answer.refused_by == ("passed_test",)


def test_it_refuses_a_move_based_on_an_older_copy(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))

    with pytest.raises(PlacementChanged):
        move_stage(
            placement_id=placement.pk,
            details=StageMoveDetails(moves_on=STAGE_II_STARTS),
            expected_version=placement.version - 1,
            by=cast.company_officer,
            today=STAGE_II_STARTS,
        )
    assert current_period(placement).stage == StayStage.TITP_I


def test_it_replaces_the_residence_card_when_a_new_one_is_given(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))
    details = StageMoveDetails(
        moves_on=STAGE_II_STARTS, residence_card_number="cd 8765 4321 ef", residence_card_expires_on=STAGE_II_ENDS
    )

    move(cast, placement, details, today=STAGE_II_STARTS)

    placement.refresh_from_db()
    assert (placement.residence_card_number, placement.residence_card_expires_on) == ("CD87654321EF", STAGE_II_ENDS)


@pytest.mark.parametrize(
    ("number", "expires", "field"),
    [
        ("CD8765432EF", STAGE_II_ENDS, "residence_card_number"),
        ("CD87654321EF", None, "residence_card_expires_on"),
        ("CD87654321EF", STAGE_II_STARTS, "residence_card_expires_on"),
        ("", STAGE_II_ENDS, "residence_card_number"),
    ],
)
def test_it_refuses_a_half_or_wrong_residence_card(
    cast: Cast, japan: Japan, number: str, expires: datetime.date | None, field: str
) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))
    details = StageMoveDetails(
        moves_on=STAGE_II_STARTS, residence_card_number=number, residence_card_expires_on=expires
    )

    refusal = refused(cast, placement, details, today=STAGE_II_STARTS)

    assert list(refusal.problems) == [field]


def test_it_moves_only_a_titp_worker_in_japan(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan)
    Placement.objects.filter(pk=placement.pk).update(stage=StayStage.SSW_I)
    StagePeriod.objects.filter(placement=placement).update(stage=StayStage.SSW_I)

    with pytest.raises(NoStageMove):
        move(cast, placement, StageMoveDetails(moves_on=STAGE_II_STARTS), today=STAGE_II_STARTS)


# --- the five-year total ----------------------------------------------------------


@pytest.mark.parametrize(("earlier_months", "allowed"), [(24, True), (25, False)])
def test_it_keeps_the_five_years_across_placements(
    cast: Cast, japan: Japan, earlier_months: int, allowed: bool
) -> None:
    placement = working(cast, japan)
    # An earlier TITP placement of the same person: 2 years (60 in all with i and ii here), or a month more.
    earlier = Placement.objects.create(
        participant=cast.budi,
        company=japan.other_company,
        prefecture=japan.miyagi,
        stage=StayStage.TITP_II,
        status=PlacementStatus.ENDED,
        ending=Ending.COMPLETED,
        starts_on=datetime.date(2020, 1, 1),
        created_by=cast.ministry_officer,
    )
    last = datetime.date(2020 + (earlier_months // 12), 1 + earlier_months % 12, 1) - DAY
    StagePeriod.objects.create(
        placement=earlier,
        stage=StayStage.TITP_II,
        started_on=datetime.date(2020, 1, 1),
        ended_on=last,
        created_by=cast.ministry_officer,
    )
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))
    details = StageMoveDetails(moves_on=STAGE_II_STARTS)

    if allowed:
        assert move(cast, placement, details, today=STAGE_II_STARTS).stage == StayStage.TITP_II
    else:
        refusal = refused(cast, placement, details, today=STAGE_II_STARTS)
        assert refusal.reasons == ["37 months completed + 24 planned = 61, above the 60-month limit"]


# --- ii → iii ------------------------------------------------------------------------


def stage_iii(left: datetime.date | None = LEFT, back: datetime.date | None = None) -> StageMoveDetails:
    back = back or LEFT + datetime.timedelta(days=40)
    return StageMoveDetails(moves_on=back, home_return_left_on=left, home_return_back_on=back)


@pytest.fixture
def ready_for_iii(cast: Cast, japan: Japan) -> Placement:
    """Budi in stage ii, grade 3 passed, both organizations excellent."""
    placement = in_stage_ii(cast, japan)
    passed(cast, placement, SkillTest.GRADE_3, on=datetime.date(2029, 3, 1))
    excellent(cast)
    return placement


@pytest.mark.parametrize(
    "back",
    [datetime.date(2029, 7, 15), LEFT + datetime.timedelta(days=364)],
    ids=["one month", "364 days"],
)
def test_it_moves_on_to_stage_iii_after_a_home_return_of_a_month_to_under_a_year(
    cast: Cast, ready_for_iii: Placement, back: datetime.date
) -> None:
    period = move(cast, ready_for_iii, stage_iii(back=back), today=back)

    assert (period.stage, period.started_on) == (StayStage.TITP_III, back)
    assert (period.home_return_left_on, period.home_return_back_on) == (LEFT, back)
    assert "home return from" in period.explanation_en
    assert "the company is excellent" in period.explanation_en
    stage_ii = StagePeriod.objects.get(placement=ready_for_iii, stage=StayStage.TITP_II)
    assert stage_ii.ended_on == LEFT - DAY
    ready_for_iii.refresh_from_db()
    assert ready_for_iii.residence_status == ResidenceStatus.TITP_3B


@pytest.mark.parametrize(
    ("back", "says"),
    [
        (LEFT + datetime.timedelta(days=29), "is too short"),
        (datetime.date(2030, 6, 15), "is too long"),  # a year to the day
    ],
    ids=["29 days", "one year"],
)
def test_it_refuses_a_home_return_too_short_or_too_long_at_the_field(
    cast: Cast, ready_for_iii: Placement, back: datetime.date, says: str
) -> None:
    refusal = refused(cast, ready_for_iii, stage_iii(back=back), today=back)

    assert says in refusal.problems["home_return_back_on"]
    assert refusal.answer is not None
    assert refusal.answer.refused_by == ("home_return",)


def test_it_asks_for_the_home_return(cast: Cast, ready_for_iii: Placement) -> None:
    details = StageMoveDetails(moves_on=datetime.date(2029, 8, 1))

    refusal = refused(cast, ready_for_iii, details, today=datetime.date(2029, 8, 1))

    assert set(refusal.problems) == {"home_return_left_on", "home_return_back_on"}


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (
            StageMoveDetails(
                moves_on=STAGE_II_ENDS + 60 * DAY,
                home_return_left_on=STAGE_II_ENDS + 2 * DAY,
                home_return_back_on=STAGE_II_ENDS + 60 * DAY,
            ),
            "home_return_left_on",
        ),
        (
            StageMoveDetails(moves_on=LEFT, home_return_left_on=LEFT, home_return_back_on=LEFT - DAY),
            "home_return_back_on",
        ),
        (
            StageMoveDetails(moves_on=LEFT + 39 * DAY, home_return_left_on=LEFT, home_return_back_on=LEFT + 40 * DAY),
            "moves_on",
        ),
    ],
    ids=["left after stage ii ended", "back before leaving", "stage iii before coming back"],
)
def test_it_refuses_home_return_dates_out_of_order(
    cast: Cast,
    ready_for_iii: Placement,
    details: StageMoveDetails,
    field: str,
) -> None:
    refusal = refused(cast, ready_for_iii, details, today=STAGE_II_ENDS + 90 * DAY)

    assert list(refusal.problems) == [field]


def test_it_refuses_stage_iii_with_the_grade_3_passed_after_leaving(cast: Cast, japan: Japan) -> None:
    placement = in_stage_ii(cast, japan)
    passed(cast, placement, SkillTest.GRADE_3, on=LEFT)
    excellent(cast)

    refusal = refused(cast, placement, stage_iii(), today=LEFT + 40 * DAY)

    assert refusal.reasons == [
        "技能検定 随時3級 (Trade Skill Test, grade 3) practical not passed: stage iii requires it"
    ]


@pytest.mark.parametrize(
    ("rated", "reason"),
    [
        ("company", "the supervising organization is not excellent: stage iii needs an excellent one"),
        ("supervising", "the company is not excellent: stage iii needs an excellent company"),
    ],
)
def test_it_refuses_stage_iii_unless_both_organizations_are_excellent_that_day(
    cast: Cast, japan: Japan, rated: str, reason: str
) -> None:
    from joborders.models import CompanyProfile, SupervisingOrganizationProfile  # noqa: PLC0415

    placement = in_stage_ii(cast, japan)
    passed(cast, placement, SkillTest.GRADE_3, on=datetime.date(2029, 3, 1))
    excellent(cast)
    lapsed = CompanyProfile if rated == "supervising" else SupervisingOrganizationProfile
    # The rating lapsed the day before the move.
    lapsed.objects.update(excellent_until=LEFT + 39 * DAY)

    refusal = refused(cast, placement, stage_iii(), today=LEFT + 40 * DAY)

    assert refusal.reasons == [reason]


def test_it_refuses_stage_iii_for_an_operation_that_stops_at_stage_ii(cast: Cast, japan: Japan) -> None:
    placement = in_stage_ii(cast, japan)
    Placement.objects.filter(pk=placement.pk).update(job_category=japan.casting, operation=japan.die_casting)
    passed(cast, placement, SkillTest.GRADE_3, on=datetime.date(2029, 3, 1))
    excellent(cast)

    refusal = refused(cast, placement, stage_iii(), today=LEFT + 40 * DAY)

    assert refusal.reasons == ["the job category goes up to stage ii only, not stage iii"]


def test_it_takes_stage_iii_once(cast: Cast, japan: Japan, ready_for_iii: Placement) -> None:
    earlier = Placement.objects.create(
        participant=cast.budi,
        company=japan.other_company,
        prefecture=japan.miyagi,
        stage=StayStage.TITP_III,
        status=PlacementStatus.ENDED,
        ending=Ending.COMPLETED,
        starts_on=datetime.date(2021, 1, 1),
        created_by=cast.ministry_officer,
    )
    StagePeriod.objects.create(
        placement=earlier,
        stage=StayStage.TITP_III,
        started_on=datetime.date(2021, 1, 1),
        ended_on=datetime.date(2021, 12, 31),
        created_by=cast.ministry_officer,
    )

    refusal = refused(cast, ready_for_iii, stage_iii(), today=LEFT + 40 * DAY)

    # The earlier year also counts towards the five years, which it breaks too.
    assert refusal.reasons[0] == "stage iii is taken once, and this worker was in stage iii from 1 January 2021"
    assert refusal.answer is not None
    assert refusal.answer.refused_by == ("once", "total_months")


def test_it_has_no_stage_after_iii(cast: Cast, ready_for_iii: Placement) -> None:
    move(cast, ready_for_iii, stage_iii(), today=LEFT + 40 * DAY)

    with pytest.raises(NoStageMove):
        move(cast, ready_for_iii, dataclasses.replace(stage_iii(), moves_on=datetime.date(2031, 1, 1)), today=LEFT)
