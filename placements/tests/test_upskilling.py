"""Upskilling (placements.actions.upskilling): courses, certificates and
skill tests taken in Japan, and what the deadline engine reads of them."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from placements.actions.upskilling import (
    MoveReliesOnTest,
    NotWorkingInJapan,
    StaleUpskilling,
    UpskillingDetails,
    UpskillingRefused,
    correct_upskilling,
    record_upskilling,
)
from placements.models import (
    Placement,
    SkillTest,
    SkillTestResult,
    StagePeriod,
    StayStage,
    Upskilling,
    UpskillingKind,
    missing_move_test,
)
from placements.tests.builders import departed
from placements.tests.stay_world import ARRIVAL, STAGE_I_ENDS, in_stage_ii, passed, working
from tests.cast import Cast

pytestmark = pytest.mark.django_db

TEST = UpskillingDetails(
    kind=UpskillingKind.SKILL_TEST,
    skill_test=SkillTest.BASIC,
    result=SkillTestResult.PASSED,
    taken_on=datetime.date(2027, 2, 10),
    provider="宮城県職業能力開発協会",
    certificate_number=" 第12345号 ",
)
COURSE = UpskillingDetails(
    kind=UpskillingKind.COURSE, title="フォークリフト運転技能講習", taken_on=datetime.date(2026, 9, 30)
)
TODAY = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return working(cast, japan)


def test_it_records_a_skill_test_with_its_result(cast: Cast, placement: Placement) -> None:
    record = record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)

    assert (record.skill_test, record.result, record.certificate_number) == ("basic", "passed", "第12345号")
    assert record.name == "Trade Skill Test, basic grade (技能検定基礎級)"
    entry = AuditEntry.objects.for_object(record).get(action=AuditAction.CREATED)
    assert entry.changes["result"] == [None, "passed"]


def test_it_records_a_course_without_a_test_or_result(cast: Cast, placement: Placement) -> None:
    details = dataclasses.replace(COURSE, skill_test=SkillTest.GRADE_2, result=SkillTestResult.PASSED)

    record = record_upskilling(placement_id=placement.pk, details=details, by=cast.company_officer, today=TODAY)

    assert (record.kind, record.skill_test, record.result, record.name) == (
        "course",
        "",
        "",
        "フォークリフト運転技能講習",
    )


@pytest.mark.parametrize(
    ("details", "fields"),
    [
        (dataclasses.replace(TEST, taken_on=TODAY + datetime.timedelta(days=1)), ["taken_on"]),
        (dataclasses.replace(TEST, taken_on=ARRIVAL.arrived_on - datetime.timedelta(days=1)), ["taken_on"]),
        (dataclasses.replace(TEST, skill_test=""), ["skill_test"]),
        (dataclasses.replace(TEST, skill_test="jlpt"), ["skill_test"]),
        (dataclasses.replace(TEST, result=""), ["result"]),
        (dataclasses.replace(COURSE, title="  "), ["title"]),
        (dataclasses.replace(COURSE, kind="holiday"), ["kind"]),
    ],
    ids=["future", "before arrival", "no test", "unknown test", "no result", "course without name", "unknown kind"],
)
def test_it_refuses_bad_input_by_field_and_saves_nothing(
    cast: Cast, placement: Placement, details: UpskillingDetails, fields: list[str]
) -> None:
    with pytest.raises(UpskillingRefused) as refused:
        record_upskilling(placement_id=placement.pk, details=details, by=cast.company_officer, today=TODAY)

    assert list(refused.value.problems) == fields
    assert not Upskilling.objects.exists()


def test_it_records_only_for_a_worker_whose_arrival_is_recorded(cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)

    with pytest.raises(NotWorkingInJapan):
        record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)


def test_it_tells_the_deadline_engine_who_has_no_test_for_the_next_stage(cast: Cast, placement: Placement) -> None:
    waiting = StagePeriod.objects.filter(missing_move_test())
    assert list(waiting.values_list("placement", "stage")) == [(placement.pk, StayStage.TITP_I)]

    passed(cast, placement, SkillTest.GRADE_3, on=STAGE_I_ENDS)  # the wrong kind for stage ii
    assert waiting.exists()
    passed(cast, placement, SkillTest.BASIC, on=STAGE_I_ENDS, result=SkillTestResult.FAILED)
    assert waiting.exists()
    passed(cast, placement, SkillTest.BASIC, on=STAGE_I_ENDS)
    assert not waiting.exists()


# --- corrections ----------------------------------------------------------------------------


def test_it_corrects_a_record_and_keeps_what_changed_in_the_audit(cast: Cast, placement: Placement) -> None:
    record = record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)

    failed = dataclasses.replace(TEST, result=SkillTestResult.FAILED)
    corrected = correct_upskilling(
        record_id=record.pk, details=failed, version=1, by=cast.supervising_officer, today=TODAY
    )

    assert (corrected.result, corrected.version, corrected.recorded_by) == ("failed", 2, cast.company_officer)
    entry = AuditEntry.objects.for_object(record).get(action=AuditAction.UPDATED)
    assert entry.changes == {"result": ["passed", "failed"]}
    assert entry.actor == cast.supervising_officer


def test_it_turns_a_test_into_a_course_without_its_test_or_result(cast: Cast, placement: Placement) -> None:
    record = record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)

    corrected = correct_upskilling(record_id=record.pk, details=COURSE, version=1, by=cast.company_officer, today=TODAY)

    assert (corrected.kind, corrected.skill_test, corrected.result, corrected.title) == (
        "course",
        "",
        "",
        "フォークリフト運転技能講習",
    )


def test_it_refuses_a_correction_made_from_an_older_reading(cast: Cast, placement: Placement) -> None:
    record = record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)
    correct_upskilling(record_id=record.pk, details=COURSE, version=1, by=cast.company_officer, today=TODAY)

    with pytest.raises(StaleUpskilling):
        correct_upskilling(
            record_id=record.pk,
            details=dataclasses.replace(TEST, result=SkillTestResult.FAILED),
            version=1,
            by=cast.supervising_officer,
            today=TODAY,
        )

    record.refresh_from_db()
    assert (record.kind, record.version) == ("course", 2)


def test_it_refuses_bad_input_in_a_correction_and_changes_nothing(cast: Cast, placement: Placement) -> None:
    record = record_upskilling(placement_id=placement.pk, details=TEST, by=cast.company_officer, today=TODAY)

    with pytest.raises(UpskillingRefused) as refused:
        correct_upskilling(
            record_id=record.pk,
            details=dataclasses.replace(TEST, result=""),
            version=1,
            by=cast.company_officer,
            today=TODAY,
        )

    assert list(refused.value.problems) == ["result"]
    record.refresh_from_db()
    assert (record.result, record.version) == ("passed", 1)


MOVE_DAY = datetime.date(2027, 6, 22)


@pytest.mark.parametrize(
    "correction",
    [
        {"result": SkillTestResult.FAILED},
        {"skill_test": SkillTest.GRADE_3},
        {"taken_on": MOVE_DAY},
        {"kind": UpskillingKind.CERTIFICATE, "title": "玉掛け"},
    ],
    ids=["failed", "another test", "after the stage ended", "not a test"],
)
def test_it_refuses_to_take_away_the_test_a_stage_move_stood_on(
    cast: Cast, japan: Japan, correction: dict[str, object]
) -> None:
    placement = in_stage_ii(cast, japan)
    record = Upskilling.objects.get(placement=placement)
    details = dataclasses.replace(
        UpskillingDetails(
            kind=record.kind, skill_test=record.skill_test, result=record.result, taken_on=record.taken_on
        ),
        **correction,  # type: ignore[arg-type]
    )

    with pytest.raises(MoveReliesOnTest):
        correct_upskilling(record_id=record.pk, details=details, version=1, by=cast.company_officer, today=MOVE_DAY)

    record.refresh_from_db()
    assert (record.result, record.version) == ("passed", 1)


def test_it_corrects_the_moves_test_while_another_still_opens_the_stage(cast: Cast, japan: Japan) -> None:
    placement = in_stage_ii(cast, japan)
    record = Upskilling.objects.get(placement=placement)
    passed(cast, placement, SkillTest.EVALUATION_ELEMENTARY, on=datetime.date(2027, 4, 2))
    details = UpskillingDetails(
        kind=record.kind, skill_test=record.skill_test, result=SkillTestResult.FAILED, taken_on=record.taken_on
    )

    corrected = correct_upskilling(
        record_id=record.pk, details=details, version=1, by=cast.company_officer, today=MOVE_DAY
    )

    assert corrected.result == "failed"
