"""People in Japan by their record with no placement (like the cast's Siti,
walked to "placed" before placements held life in Japan): the ministry opens
one from the record, so nobody is stuck now that only placements move them."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from joborders.tests.world import Japan
from participants.models import Participant, Status
from placements.actions import chain
from placements.actions.legacy import LegacyDetails, needs_placement, open_legacy_placement
from placements.models import PlacementStatus, ResidenceStatus, StagePeriod, StayStage
from tests.cast import Cast, walk

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def legacy(cast: Cast, japan: Japan, **changes: object) -> LegacyDetails:
    details = LegacyDetails(
        company=cast.company,
        supervising_organization=cast.supervising,
        support_organization=None,
        prefecture=japan.miyagi,
        work_city="Sendai",
        work_site="宮城県仙台市若林区卸町1-2-3",
        stage=StayStage.TITP_II,
        job_category=japan.welding,
        ssw_field=None,
        esd_field=None,
        arrived_on=datetime.date(2025, 4, 20),
        stage_started_on=datetime.date(2026, 5, 1),
        planned_end_on=None,
        residence_card_number="AB12345678CD",
        residence_card_expires_on=datetime.date(2028, 4, 30),
    )
    return dataclasses.replace(details, **changes)  # type: ignore[arg-type]


def test_siti_placed_without_a_placement_needs_one(cast: Cast) -> None:
    assert needs_placement(cast.siti)
    assert not needs_placement(cast.budi)


def test_the_ministry_opens_a_placement_for_a_placed_person_from_the_record(cast: Cast, japan: Japan) -> None:
    placement = open_legacy_placement(
        participant_id=cast.siti.pk, details=legacy(cast, japan), by=cast.ministry_officer, today=TODAY
    )

    assert placement.status == PlacementStatus.IN_JAPAN
    assert placement.job_order is None
    assert placement.residence_status == ResidenceStatus.TITP_2B
    period = StagePeriod.objects.get(placement=placement)
    # Stage ii lasts two years: 1 May 2026 to 30 April 2028, by the rule, whose answer is kept.
    assert period.planned_end_on == datetime.date(2028, 4, 30)
    assert period.rule_family == "titp_stages"
    cast.siti.refresh_from_db()
    assert cast.siti.status == Status.PLACED
    assert not needs_placement(cast.siti)


@pytest.mark.parametrize("status", [Status.TRANSFERRED, Status.MISSING])
def test_a_person_between_employers_or_missing_is_placed_again(cast: Cast, japan: Japan, status: Status) -> None:
    walk(cast.siti, [status], cast.ministry_officer)

    open_legacy_placement(
        participant_id=cast.siti.pk, details=legacy(cast, japan), by=cast.ministry_officer, today=TODAY
    )

    cast.siti.refresh_from_db()
    assert cast.siti.status == Status.PLACED
    assert cast.siti.history.first().from_status == status  # type: ignore[union-attr]


def test_a_second_placement_is_refused(cast: Cast, japan: Japan) -> None:
    open_legacy_placement(
        participant_id=cast.siti.pk, details=legacy(cast, japan), by=cast.ministry_officer, today=TODAY
    )

    with pytest.raises(chain.MoveError):
        open_legacy_placement(
            participant_id=cast.siti.pk, details=legacy(cast, japan), by=cast.ministry_officer, today=TODAY
        )
    assert cast.siti.placements.count() == 1


def test_a_person_not_in_japan_gets_none(cast: Cast, japan: Japan) -> None:
    with pytest.raises(chain.MoveError):
        open_legacy_placement(
            participant_id=cast.budi.pk, details=legacy(cast, japan), by=cast.ministry_officer, today=TODAY
        )
    assert not cast.budi.placements.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"supervising_organization": None}, "supervising_organization"),
        ({"job_category": None}, "job_category"),
        ({"stage": StayStage.SSW_I, "job_category": None, "supervising_organization": None}, "planned_end_on"),
        ({"stage_started_on": datetime.date(2026, 6, 2)}, "stage_started_on"),
        ({"residence_card_number": "X1"}, "residence_card_number"),
        ({"work_site": ""}, "work_site"),
    ],
)
def test_it_refuses_bad_input_by_field_and_changes_nothing(
    cast: Cast, japan: Japan, change: dict[str, object], field: str
) -> None:
    with pytest.raises(chain.MoveRefused) as refused:
        open_legacy_placement(
            participant_id=cast.siti.pk, details=legacy(cast, japan, **change), by=cast.ministry_officer, today=TODAY
        )

    problems = refused.value.problems
    assert field in problems
    assert not Participant.objects.get(pk=cast.siti.pk).placements.exists()
