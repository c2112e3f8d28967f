"""Arrival (placements.actions.arrival): the departed placement becomes the
person's work, with the residence card, the first stage period and its rule
answer, and the participant "placed"."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from participants.models import Status, StatusChange
from placements.actions.arrival import ArrivalDetails, ArrivalRefused, NotAwaitingArrival, record_arrival
from placements.models import Placement, ResidenceStatus, StagePeriod, StayStage
from placements.tests.builders import FLIGHT_DAY, departed
from tests.cast import Cast

pytestmark = pytest.mark.django_db

DETAILS = ArrivalDetails(
    arrived_on=FLIGHT_DAY + datetime.timedelta(days=1),
    work_starts_on=datetime.date(2026, 6, 22),
    work_site="宮城県仙台市若林区卸町1-2-3",
    residence_card_number="ab 1234 5678 cd",
    residence_card_expires_on=datetime.date(2027, 6, 21),
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return departed(cast, japan, cast.budi)


def test_it_opens_the_work_and_places_the_participant(cast: Cast, placement: Placement) -> None:
    record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)

    placement.refresh_from_db()
    assert placement.arrived_on == DETAILS.arrived_on
    assert placement.starts_on == DETAILS.work_starts_on
    assert placement.residence_card_number == "AB12345678CD"
    assert placement.residence_status == ResidenceStatus.TITP_1B
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.PLACED
    change = StatusChange.objects.filter(participant=cast.budi).first()
    assert change is not None
    assert change.to_status == Status.PLACED
    assert "Sendai Steel" in change.reason


def test_it_sets_the_stage_end_by_the_rule_and_keeps_its_answer(cast: Cast, placement: Placement) -> None:
    record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)

    period = StagePeriod.objects.get(placement=placement)
    # Stage i lasts a year at most, counted as the Civil Code counts: 22 June to 21 June.
    assert period.planned_end_on == datetime.date(2027, 6, 21)
    assert period.stage == StayStage.TITP_I
    assert period.ended_on is None
    assert period.rule_family
    assert period.rule_version
    assert "last day 21 June 2027" in period.explanation_en
    placement.refresh_from_db()
    assert placement.planned_end_on == period.planned_end_on


def test_it_audits_the_card_by_its_last_letters_only(cast: Cast, placement: Placement) -> None:
    record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)

    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, target_id=str(placement.pk)).latest("id")
    assert entry.changes["residence_card_number"] == [None, "…78CD"]
    assert "AB12345678CD" not in str(entry.changes)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"arrived_on": FLIGHT_DAY - datetime.timedelta(days=1)}, "arrived_on"),
        ({"arrived_on": datetime.date(2026, 6, 2)}, "arrived_on"),  # tomorrow
        ({"work_starts_on": FLIGHT_DAY}, "work_starts_on"),
        ({"work_site": "  "}, "work_site"),
        ({"residence_card_number": "AB1234567CD"}, "residence_card_number"),
        ({"residence_card_expires_on": FLIGHT_DAY + datetime.timedelta(days=1)}, "residence_card_expires_on"),
        ({"residence_status": "tourist"}, "residence_status"),
    ],
)
def test_it_refuses_bad_input_by_field_and_changes_nothing(
    cast: Cast, placement: Placement, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ArrivalRefused) as refused:
        record_arrival(
            placement_id=placement.pk, details=dataclasses.replace(DETAILS, **change), by=cast.ministry_officer
        )

    assert list(refused.value.problems) == [field]
    placement.refresh_from_db()
    assert placement.arrived_on is None
    assert not StagePeriod.objects.exists()
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.DEPARTED


def test_it_asks_for_the_contract_end_where_no_rule_sets_one(cast: Cast, placement: Placement) -> None:
    Placement.objects.filter(pk=placement.pk).update(stage=StayStage.SSW_I)

    with pytest.raises(ArrivalRefused) as refused:
        record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)
    assert list(refused.value.problems) == ["planned_end_on"]

    contract_end = datetime.date(2027, 6, 21)
    record_arrival(
        placement_id=placement.pk,
        details=dataclasses.replace(DETAILS, planned_end_on=contract_end),
        by=cast.ministry_officer,
    )
    period = StagePeriod.objects.get(placement=placement)
    assert period.planned_end_on == contract_end
    assert period.rule_version == ""


def test_it_records_an_arrival_once(cast: Cast, placement: Placement) -> None:
    record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)

    with pytest.raises(NotAwaitingArrival, match="already recorded"):
        record_arrival(placement_id=placement.pk, details=DETAILS, by=cast.ministry_officer)
    assert StagePeriod.objects.count() == 1
