"""Transfers and the change to SSW i (placements.actions.transfers): the old
placement ends, the one that follows opens, the participant is walked
through the one status action, and every refusal leaves things as they were."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from participants.models import Status, StatusChange
from placements.actions import chain
from placements.actions.transfers import (
    SswChangeDetails,
    TransferDetails,
    change_to_ssw_i,
    months_between,
    transfer,
)
from placements.models import (
    Ending,
    Move,
    MoveKind,
    Placement,
    PlacementStatus,
    ResidenceStatus,
    StagePeriod,
    StayStage,
    TransferReason,
)
from placements.tests.moves_world import titp_ssw_table, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db

# TITP stage ii ran from 1 May 2025 to 30 April 2027; SSW i starts the day after.
TITP_II_END = datetime.date(2027, 4, 30)
SSW_START = datetime.date(2027, 5, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def titp_ii(cast: Cast, japan: Japan, *, carpentry: bool = True) -> Placement:
    return working(
        cast,
        japan,
        cast.budi,
        stage=StayStage.TITP_II,
        job_category=japan.carpentry if carpentry else japan.welding,
        period_start=datetime.date(2025, 5, 1),
        period_end=TITP_II_END,
    )


def ssw_details(cast: Cast, japan: Japan, **changes: object) -> SswChangeDetails:
    details = SswChangeDetails(
        starts_on=SSW_START,
        company=japan.other_company,
        support_organization=cast.support_organization,
        ssw_field=japan.construction,
        business_category="建築",
        prefecture=japan.miyagi,
        work_city="Sendai",
        work_site="宮城県仙台市青葉区1-1",
        residence_card_number="CD87654321EF",
        residence_card_expires_on=datetime.date(2028, 5, 1),
        contract_ends_on=datetime.date(2029, 4, 30),
        skill_test_passed=False,
        completed_in_good_standing=True,
    )
    return dataclasses.replace(details, **changes)  # type: ignore[arg-type]


def assert_unchanged(cast: Cast, placement: Placement) -> None:
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert not placement.ending
    assert Placement.objects.filter(participant=cast.budi).count() == 1
    assert not Move.objects.exists()
    assert StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).exists()
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.PLACED


# --- TITP ii → SSW i -----------------------------------------------------------


def test_it_changes_to_ssw_i_with_the_exemption_of_a_matching_field(cast: Cast, japan: Japan) -> None:
    titp_ssw_table({("3-5", "建設"): True})
    placement = titp_ii(cast, japan)

    following = change_to_ssw_i(
        placement_id=placement.pk, details=ssw_details(cast, japan), by=cast.supervising_officer, today=SSW_START
    )

    placement.refresh_from_db()
    assert (placement.status, placement.ending, placement.ended_on) == (
        PlacementStatus.ENDED,
        Ending.CHANGED_PROGRAMME,
        TITP_II_END,
    )
    assert following.follows == placement
    assert following.job_order is None
    assert following.stage == StayStage.SSW_I
    assert following.residence_status == ResidenceStatus.SSW_1
    assert following.company == japan.other_company
    assert following.support_organization == cast.support_organization
    assert following.supervising_organization is None
    assert list(cast.budi.placements.order_by("id")) == [placement, following]
    period = StagePeriod.objects.get(placement=following)
    assert "skill test exempt" in period.explanation_en
    assert "Japanese test exempt" in period.explanation_en
    assert "caution" not in period.explanation_en
    assert period.rule_family == "ssw"
    assert StagePeriod.objects.get(placement=placement).ended_on == TITP_II_END
    move = Move.objects.get()
    assert (move.kind, move.from_placement, move.to_placement) == (MoveKind.CHANGE_PROGRAMME, placement, following)
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.PLACED


def test_it_refuses_without_a_matching_field_with_the_rules_explanation(cast: Cast, japan: Japan) -> None:
    titp_ssw_table({("3-5", "建設"): True})
    placement = titp_ii(cast, japan, carpentry=False)

    with pytest.raises(chain.RuleRefused) as refused:
        change_to_ssw_i(
            placement_id=placement.pk, details=ssw_details(cast, japan), by=cast.supervising_officer, today=SSW_START
        )

    assert "TITP job category 7-7 is not mapped to SSW field 建設" in refused.value.explanation
    assert "the field's skill test is needed" in refused.value.explanation
    assert_unchanged(cast, placement)


def test_a_passed_skill_test_needs_no_matching_field(cast: Cast, japan: Japan) -> None:
    placement = titp_ii(cast, japan, carpentry=False)

    following = change_to_ssw_i(
        placement_id=placement.pk,
        details=ssw_details(cast, japan, skill_test_passed=True),
        by=cast.supervising_officer,
        today=SSW_START,
    )

    assert "the field's skill test passed" in StagePeriod.objects.get(placement=following).explanation_en


def test_an_answer_on_an_unverified_row_says_so_where_it_is_kept(cast: Cast, japan: Japan) -> None:
    titp_ssw_table({("7-7", "建設"): False, ("3-5", "建設"): True})
    placement = titp_ii(cast, japan, carpentry=False)

    following = change_to_ssw_i(
        placement_id=placement.pk, details=ssw_details(cast, japan), by=cast.supervising_officer, today=SSW_START
    )

    explanation = StagePeriod.objects.get(placement=following).explanation_en
    assert "the row of the TITP→SSW table 2026-initial that maps 7-7 to 建設 is unverified" in explanation
    assert Move.objects.get().explanation_en == explanation


def test_stage_ii_not_yet_completed_gives_no_exemption(cast: Cast, japan: Japan) -> None:
    titp_ssw_table({("3-5", "建設"): True})
    placement = titp_ii(cast, japan)
    early = TITP_II_END  # the last day of stage ii is still TITP

    with pytest.raises(chain.RuleRefused) as refused:
        change_to_ssw_i(
            placement_id=placement.pk,
            details=ssw_details(cast, japan, starts_on=early),
            by=cast.supervising_officer,
            today=early,
        )

    assert "no Japanese result" in refused.value.explanation
    assert_unchanged(cast, placement)


def test_a_stage_i_trainee_cannot_change_to_ssw_i(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan, cast.budi, stage=StayStage.TITP_I)

    with pytest.raises(chain.MoveError, match="stage ii or iii"):
        change_to_ssw_i(
            placement_id=placement.pk,
            details=ssw_details(cast, japan, skill_test_passed=True),
            by=cast.supervising_officer,
            today=SSW_START,
        )
    assert_unchanged(cast, placement)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"company": "supervising"}, "company"),
        ({"support_organization": "company"}, "support_organization"),
        ({"residence_card_number": "12"}, "residence_card_number"),
        ({"contract_ends_on": SSW_START}, "contract_ends_on"),
        ({"work_site": " "}, "work_site"),
    ],
)
def test_it_refuses_bad_input_by_field(cast: Cast, japan: Japan, change: dict[str, object], field: str) -> None:
    titp_ssw_table({("3-5", "建設"): True})
    placement = titp_ii(cast, japan)
    values = {
        name: getattr(cast, str(value)) if name in {"company", "support_organization"} else value
        for name, value in change.items()
    }

    with pytest.raises(chain.MoveRefused) as refused:
        change_to_ssw_i(
            placement_id=placement.pk,
            details=ssw_details(cast, japan, **values),
            by=cast.supervising_officer,
            today=SSW_START,
        )

    assert list(refused.value.problems) == [field]
    assert_unchanged(cast, placement)


# --- transfers -------------------------------------------------------------------


def transfer_details(cast: Cast, japan: Japan, **changes: object) -> TransferDetails:
    details = TransferDetails(
        moves_on=datetime.date(2026, 3, 1),
        reason=TransferReason.BANKRUPTCY,
        reason_detail="Sendai Steel closed its Wakabayashi plant.",
        company=japan.other_company,
        supervising_organization=japan.other_supervising,
        support_organization=None,
        prefecture=japan.miyagi,
        work_city="Nagoya",
        work_site="愛知県名古屋市港区1-1",
        business_category="",
    )
    return dataclasses.replace(details, **changes)  # type: ignore[arg-type]


def test_a_transfer_ends_the_placement_opens_the_next_and_walks_the_status(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan, cast.budi)

    following = transfer(
        placement_id=placement.pk, details=transfer_details(cast, japan), by=cast.supervising_officer, today=TODAY
    )

    placement.refresh_from_db()
    assert (placement.ending, placement.ended_on) == (Ending.TRANSFERRED, datetime.date(2026, 2, 28))
    assert following.follows == placement
    assert following.company == japan.other_company
    assert following.stage == StayStage.TITP_I
    # The stage does not restart with the new company: same last day, same rule answer.
    period = StagePeriod.objects.get(placement=following)
    assert (period.started_on, period.planned_end_on) == (datetime.date(2026, 3, 1), datetime.date(2026, 4, 30))
    assert period.explanation_en == "stage set for the test"
    moves = list(StatusChange.objects.filter(participant=cast.budi).order_by("-changed_at", "-id")[:2])
    assert [(change.from_status, change.to_status) for change in reversed(moves)] == [
        (Status.PLACED, Status.TRANSFERRED),
        (Status.TRANSFERRED, Status.PLACED),
    ]
    assert Move.objects.get().reason == TransferReason.BANKRUPTCY
    assert AuditEntry.objects.filter(action=AuditAction.CREATED, target_id=str(following.pk)).exists()


TODAY = datetime.date(2026, 6, 1)


def test_a_titp_trainee_cannot_change_company_at_their_own_wish(cast: Cast, japan: Japan) -> None:
    placement = working(cast, japan, cast.budi)

    with pytest.raises(chain.MoveRefused) as refused:
        transfer(
            placement_id=placement.pk,
            details=transfer_details(cast, japan, reason=TransferReason.ESD_WISH),
            by=cast.supervising_officer,
            today=TODAY,
        )

    assert list(refused.value.problems) == ["reason"]
    assert_unchanged(cast, placement)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"company": "company"}, "company"),
        ({"supervising_organization": None}, "supervising_organization"),
        ({"reason": TransferReason.OTHER, "reason_detail": ""}, "reason_detail"),
        ({"moves_on": datetime.date(2026, 6, 3)}, "moves_on"),
        ({"moves_on": datetime.date(2025, 4, 1)}, "moves_on"),
    ],
)
def test_a_transfer_refuses_bad_input_by_field(cast: Cast, japan: Japan, change: dict[str, object], field: str) -> None:
    placement = working(cast, japan, cast.budi)
    values = {name: getattr(cast, str(value)) if name == "company" else value for name, value in change.items()}

    with pytest.raises(chain.MoveRefused) as refused:
        transfer(
            placement_id=placement.pk,
            details=transfer_details(cast, japan, **values),
            by=cast.supervising_officer,
            today=TODAY,
        )

    assert list(refused.value.problems) == [field]
    assert_unchanged(cast, placement)


# --- ESD ---------------------------------------------------------------------------

ESD_START = datetime.date(2027, 5, 1)


def esd_worker(cast: Cast, japan: Japan, *, field_months: int | None = 12) -> Placement:
    japan.esd_construction.transfer_months = field_months
    japan.esd_construction.save(update_fields=["transfer_months"])
    placement = working(
        cast,
        japan,
        cast.budi,
        stage=StayStage.ESD,
        esd_field=japan.esd_construction,
        business_category="建築",
        period_start=ESD_START,
        period_end=datetime.date(2030, 4, 30),
    )
    Placement.objects.filter(pk=placement.pk).update(starts_on=ESD_START)
    return placement


def esd_transfer(
    cast: Cast, japan: Japan, placement: Placement, moves_on: datetime.date, **changes: object
) -> Placement:
    wish: dict[str, object] = {
        "moves_on": moves_on,
        "reason": TransferReason.ESD_WISH,
        "reason_detail": "",
        "business_category": "建築",
        "passed_skill_test": True,
        "passed_japanese_test": True,
        "initial_costs_jpy": 360_000,
    }
    details = transfer_details(cast, japan, **{**wish, **changes})
    return transfer(placement_id=placement.pk, details=details, by=cast.supervising_officer, today=moves_on)


def test_an_esd_worker_may_not_leave_at_their_wish_before_the_fields_time(cast: Cast, japan: Japan) -> None:
    placement = esd_worker(cast, japan)

    with pytest.raises(chain.RuleRefused) as refused:
        esd_transfer(cast, japan, placement, datetime.date(2028, 4, 30))

    assert "11 months with the employer, fewer than the field's 12" in refused.value.explanation
    assert_unchanged(cast, placement)


def test_an_esd_worker_may_leave_at_their_wish_after_the_fields_time_and_costs_are_shared(
    cast: Cast, japan: Japan
) -> None:
    placement = esd_worker(cast, japan)

    following = esd_transfer(cast, japan, placement, datetime.date(2028, 5, 1))

    move = Move.objects.get()
    assert move.to_placement == following
    assert "12 months with the employer, at least the field's 12" in move.explanation_en
    # 24 of the plan's 36 months are left: two thirds of ¥360,000.
    assert (move.initial_costs_jpy, move.cost_share_jpy) == (360_000, 240_000)
    assert "caution" in " ".join(move.cost_explained())


def test_a_field_without_its_time_set_waits_the_longest(cast: Cast, japan: Japan) -> None:
    placement = esd_worker(cast, japan, field_months=None)

    with pytest.raises(chain.RuleRefused, match="fewer than the field's 24"):
        esd_transfer(cast, japan, placement, datetime.date(2028, 5, 1))
    assert_unchanged(cast, placement)


def test_an_esd_worker_may_leave_at_any_time_for_an_unavoidable_reason(cast: Cast, japan: Japan) -> None:
    placement = esd_worker(cast, japan)

    esd_transfer(
        cast,
        japan,
        placement,
        datetime.date(2027, 6, 1),
        reason=TransferReason.ABUSE,
        reason_detail="Wages unpaid for two months.",
        passed_skill_test=False,
        passed_japanese_test=False,
        business_category="土木",
    )

    move = Move.objects.get()
    assert "allowed at any time for abuse or unpaid wages" in move.explanation_en
    assert move.cost_share_jpy == 0


def test_an_esd_wish_to_another_category_is_refused(cast: Cast, japan: Japan) -> None:
    placement = esd_worker(cast, japan)

    with pytest.raises(chain.RuleRefused, match="not in the same work category"):
        esd_transfer(cast, japan, placement, datetime.date(2028, 5, 1), business_category="土木")
    assert_unchanged(cast, placement)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (datetime.date(2027, 5, 12), datetime.date(2027, 6, 11), 0),
        (datetime.date(2027, 5, 12), datetime.date(2027, 6, 12), 1),
        (datetime.date(2027, 1, 31), datetime.date(2028, 1, 31), 12),
    ],
)
def test_months_are_counted_whole(start: datetime.date, end: datetime.date, months: int) -> None:
    assert months_between(start, end) == months
