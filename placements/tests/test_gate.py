"""The computed pre-departure gate (placements.gate): its items per
programme, and each item checked on the flight date."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from joborders.tests.world import Japan
from participants import actions as participant_actions
from placements.gate import check
from placements.models import Placement
from placements.tests.gate_world import (
    COE_ISSUED,
    FLIGHT,
    cohort,
    complete_titp_gate,
    fit_until,
    orientation_class_hours,
    preparing,
    programme,
    record,
)
from reference.models import GateItem, LanguageTest, Track
from tests.cast import Cast

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return preparing(cast, japan)


def _item(placement: Placement, item: GateItem, *, on: datetime.date = FLIGHT) -> tuple[bool, str]:
    found = next(check for check in check(placement, today=TODAY, on=on).items if check.item == item)
    return found.met, found.detail


def test_it_asks_titp_for_the_otit_plan_certification_coe_visa_and_the_rest(placement: Placement) -> None:
    assert [item.item for item in check(placement, today=TODAY).items] == [
        GateItem.PLAN_CERTIFICATION,
        GateItem.COE,
        GateItem.VISA,
        GateItem.ORIENTATION,
        GateItem.MEDICAL,
        GateItem.INSURANCE,
        GateItem.FLIGHT,
    ]


def test_it_asks_ssw_for_contract_support_plan_and_tests_instead(cast: Cast, japan: Japan) -> None:
    placement = preparing(cast, japan, sending_programme=programme(Track.SSW))

    items = [item.item for item in check(placement, today=TODAY).items]

    assert items[:4] == [
        GateItem.EMPLOYMENT_CONTRACT,
        GateItem.SUPPORT_PLAN,
        GateItem.SKILL_TEST,
        GateItem.JAPANESE_TEST,
    ]
    assert GateItem.PLAN_CERTIFICATION not in items
    assert GateItem.COE in items


def test_it_asks_esd_for_the_esd_plan_certification(cast: Cast, japan: Japan) -> None:
    placement = preparing(cast, japan, sending_programme=programme(Track.ESD))

    items = [item.item for item in check(placement, today=TODAY).items]

    assert items[0] == GateItem.ESD_PLAN_CERTIFICATION
    assert GateItem.PLAN_CERTIFICATION not in items


def test_it_asks_what_the_programme_chose(cast: Cast, japan: Japan) -> None:
    chosen = programme(code="short", gate_items=["coe", "medical", "flight"])
    placement = preparing(cast, japan, sending_programme=chosen)

    assert [item.item for item in check(placement, today=TODAY).items] == [
        GateItem.COE,
        GateItem.MEDICAL,
        GateItem.FLIGHT,
    ]


def test_it_uses_the_job_orders_programme_without_a_sending_programme(placement: Placement) -> None:
    placement.participant.sending_programme = None

    assert check(placement, today=TODAY).items[0].item == GateItem.PLAN_CERTIFICATION


def test_it_is_complete_when_every_item_is_done_on_the_flight_date(cast: Cast, placement: Placement) -> None:
    complete_titp_gate(placement, cast.lpk_officer)
    cohort(cast.ministry_officer, placements=(placement,))

    gate = check(placement, today=TODAY)

    assert gate.complete, [(item.label, item.detail) for item in gate.missing]
    assert gate.on == FLIGHT


def test_it_is_incomplete_with_nothing_recorded(placement: Placement) -> None:
    gate = check(placement, today=TODAY)

    assert not gate.complete
    assert {item.item for item in gate.missing} == {item.item for item in gate.items}


# --- the COE ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flight", "met"),
    [
        (datetime.date(2026, 6, 20), False),  # it expired the day before (19 June)
        (datetime.date(2026, 6, 19), True),  # it expires on the flight date
        (datetime.date(2026, 6, 18), True),  # it expires the day after
    ],
    ids=["expires the day before", "expires on the day", "expires the day after"],
)
def test_it_blocks_a_coe_that_expires_before_the_flight(
    cast: Cast, placement: Placement, flight: datetime.date, met: bool
) -> None:
    record(
        placement,
        GateItem.COE,
        cast.lpk_officer,
        applied_on=datetime.date(2026, 2, 1),
        done_on=COE_ISSUED,
        number="AB12345678",
    )

    found, detail = _item(placement, GateItem.COE, on=flight)

    assert found is met
    if not met:
        assert "expires on 19 June 2026, before the flight on 20 June 2026" in detail


def test_it_warns_when_the_coe_expires_on_the_flight_date(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.COE,
        cast.lpk_officer,
        applied_on=datetime.date(2026, 2, 1),
        done_on=COE_ISSUED,
        number="AB12345678",
    )

    _, detail = _item(placement, GateItem.COE, on=datetime.date(2026, 6, 19))

    assert "landing in Japan must be that same day" in detail


def test_it_counts_a_coe_applied_for_but_not_issued_as_missing(cast: Cast, placement: Placement) -> None:
    record(placement, GateItem.COE, cast.supervising_officer, applied_on=datetime.date(2026, 5, 1))

    assert _item(placement, GateItem.COE) == (False, "Applied 1 May 2026; not issued yet.")


def test_it_checks_the_coe_on_the_cohorts_flight_date(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.COE,
        cast.lpk_officer,
        applied_on=datetime.date(2026, 2, 1),
        done_on=COE_ISSUED,
        number="AB12345678",
    )
    cohort(cast.ministry_officer, flight_date=datetime.date(2026, 6, 20), placements=(placement,))

    gate = check(placement, today=TODAY)

    assert gate.on == datetime.date(2026, 6, 20)
    assert GateItem.COE in {item.item for item in gate.missing}


# --- the medical check --------------------------------------------------------


@pytest.mark.parametrize(
    ("valid_until", "met"),
    [(FLIGHT - datetime.timedelta(days=1), False), (FLIGHT, True), (FLIGHT + datetime.timedelta(days=1), True)],
    ids=["valid until the day before", "valid until the flight date", "valid until the day after"],
)
def test_it_needs_a_medical_check_valid_on_the_flight_date(
    cast: Cast, placement: Placement, valid_until: datetime.date, met: bool
) -> None:
    fit_until(placement.participant, valid_until, cast.lpk_officer)

    assert _item(placement, GateItem.MEDICAL)[0] is met


def test_it_does_not_count_a_check_with_conditions(cast: Cast, placement: Placement) -> None:
    participant_actions.record_health_check(
        participant_id=placement.participant_id,
        details=participant_actions.HealthCheckDetails(
            examined_on=datetime.date(2026, 5, 2),
            result="conditional",  # type: ignore[arg-type]
            expires_on=datetime.date(2026, 12, 31),
            clinic="",
            notes="",
        ),
        by=cast.lpk_officer,
    )

    met, detail = _item(placement, GateItem.MEDICAL)

    assert not met
    assert "fit with conditions" in detail


def test_it_marks_the_medical_item_as_health_data(placement: Placement) -> None:
    gate = check(placement, today=TODAY)

    assert [item.item for item in gate.items if item.health] == [GateItem.MEDICAL]
    assert gate.hides_missing(show_health=False)
    assert GateItem.MEDICAL not in {item.item for item in gate.missing_for(show_health=False)}


# --- the orientation ----------------------------------------------------------


@pytest.mark.parametrize(("hours", "met"), [(16, True), (15, False)], ids=["at the minimum", "one below"])
def test_it_needs_the_programmes_orientation_hours(cast: Cast, placement: Placement, hours: int, met: bool) -> None:
    assert programme().min_orientation_hours == 16
    record(placement, GateItem.ORIENTATION, cast.lpk_officer, hours=hours, done_on=datetime.date(2026, 5, 28))

    assert _item(placement, GateItem.ORIENTATION)[0] is met


def test_it_adds_the_hours_of_completed_orientation_classes(cast: Cast, placement: Placement) -> None:
    orientation_class_hours(cast, placement.participant, 10)
    record(placement, GateItem.ORIENTATION, cast.lpk_officer, hours=6, done_on=datetime.date(2026, 5, 28))

    assert _item(placement, GateItem.ORIENTATION) == (
        True,
        "16 of 16 hours: 10 in orientation classes, 6 entered.",
    )


def test_it_counts_orientation_classes_alone(cast: Cast, placement: Placement) -> None:
    orientation_class_hours(cast, placement.participant, 16)

    assert _item(placement, GateItem.ORIENTATION)[0]


# --- SSW: the Japanese test read from language results ------------------------


@pytest.fixture
def ssw_placement(cast: Cast, japan: Japan) -> Placement:
    a2 = LanguageTest.objects.create(code="JFT-BASIC-A2", family="JFT-Basic", level="A2", cefr="A2", rank=20)
    return preparing(cast, japan, sending_programme=programme(Track.SSW, min_language_level=a2))


def _language_result(cast: Cast, placement: Placement, level: LanguageTest, *, in_house: bool = False) -> None:
    participant_actions.record_language_result(
        participant_id=placement.participant_id,
        details=participant_actions.LanguageResultDetails(
            level=level,
            in_house=in_house,
            score=None,
            passed=True,
            taken_on=datetime.date(2026, 3, 1),
            valid_until=None,
            certificate_number="",
        ),
        by=cast.lpk_officer,
    )


def test_it_reads_the_japanese_test_from_official_results(cast: Cast, japan: Japan, ssw_placement: Placement) -> None:
    _language_result(cast, ssw_placement, japan.n4)

    assert _item(ssw_placement, GateItem.JAPANESE_TEST)[0]


def test_it_does_not_count_an_in_house_level_as_the_test(cast: Cast, japan: Japan, ssw_placement: Placement) -> None:
    _language_result(cast, ssw_placement, japan.n4, in_house=True)

    met, detail = _item(ssw_placement, GateItem.JAPANESE_TEST)

    assert not met
    assert detail.startswith("No valid official result.")


def test_it_accepts_the_exemption_after_titp_stage_ii(cast: Cast, ssw_placement: Placement) -> None:
    record(ssw_placement, GateItem.JAPANESE_TEST, cast.lpk_officer, exempt=True, note="TITP 2号 completed 2025-09")

    assert _item(ssw_placement, GateItem.JAPANESE_TEST) == (True, "Exempt: TITP 2号 completed 2025-09.")


def test_it_accepts_a_skill_test_passed_or_exempt(cast: Cast, ssw_placement: Placement) -> None:
    assert not _item(ssw_placement, GateItem.SKILL_TEST)[0]
    record(
        ssw_placement,
        GateItem.SKILL_TEST,
        cast.lpk_officer,
        done_on=datetime.date(2026, 4, 10),
        note="建設分野特定技能1号評価試験",
    )

    assert _item(ssw_placement, GateItem.SKILL_TEST)[0]


# --- insurance and flight -----------------------------------------------------


def test_it_needs_insurance_valid_on_the_flight_date(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.INSURANCE,
        cast.lpk_officer,
        note="BPJS",
        number="P-1",
        valid_until=FLIGHT - datetime.timedelta(days=1),
    )

    assert not _item(placement, GateItem.INSURANCE)[0]


def test_it_takes_an_entered_flight_when_there_is_no_cohort(cast: Cast, placement: Placement) -> None:
    record(
        placement,
        GateItem.FLIGHT,
        cast.lpk_officer,
        done_on=FLIGHT,
        flight_number="ga 874",
        route_from="cgk",
        route_to="sdj",
    )

    gate = check(placement, today=TODAY)

    assert gate.on == FLIGHT
    assert gate.flight is not None
    assert (gate.flight.number, gate.flight.route) == ("GA 874", "CGK → SDJ")
    assert _item(placement, GateItem.FLIGHT)[0]


def test_it_checks_on_today_without_a_flight(placement: Placement) -> None:
    gate = check(placement, today=TODAY)

    assert gate.on == TODAY
    assert gate.flight is None
