"""The endings of a placement (placements.actions.endings): completed,
returned early, deceased, missing (with its reports) and found again. Each
ends the placement and its stage period and moves the participant in one
transaction; a refusal changes nothing."""

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
from placements.actions.endings import (
    EndingDetails,
    MissingDetails,
    close_disappearance,
    end_placement,
    record_found,
    record_missing,
    record_reports,
)
from placements.models import Disappearance, DisappearanceEnd, Ending, Placement, PlacementStatus, StagePeriod
from placements.tests.builders import departed
from placements.tests.moves_world import working
from tests.cast import Cast

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
PLANNED_END = datetime.date(2026, 4, 30)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return working(cast, japan, cast.budi, period_end=PLANNED_END)


def assert_unchanged(cast: Cast, placement: Placement, status: Status = Status.PLACED) -> None:
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert placement.ended_on is None
    assert StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).exists()
    assert not Disappearance.objects.exists()
    cast.budi.refresh_from_db()
    assert cast.budi.status == status


@pytest.mark.parametrize(
    ("ending", "status", "day"),
    [
        (Ending.COMPLETED, Status.RETURNED, PLANNED_END),
        (Ending.RETURNED_EARLY, Status.RETURNED_EARLY, datetime.date(2026, 1, 10)),
        (Ending.DECEASED, Status.DECEASED, datetime.date(2026, 2, 2)),
    ],
)
def test_each_ending_ends_the_placement_and_its_period_and_moves_the_participant(
    cast: Cast, placement: Placement, ending: Ending, status: Status, day: datetime.date
) -> None:
    end_placement(
        placement_id=placement.pk,
        details=EndingDetails(ending=ending, ended_on=day, reason="Family emergency"),
        by=cast.supervising_officer,
        today=TODAY,
    )

    placement.refresh_from_db()
    assert (placement.status, placement.ending, placement.ended_on) == (PlacementStatus.ENDED, ending, day)
    assert StagePeriod.objects.get(placement=placement).ended_on == day
    cast.budi.refresh_from_db()
    assert cast.budi.status == status
    change = StatusChange.objects.filter(participant=cast.budi).first()
    assert change is not None
    assert (change.from_status, change.to_status, change.changed_by) == (
        Status.PLACED,
        status,
        cast.supervising_officer,
    )
    assert AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGED, target_id=str(placement.pk)).exists()


@pytest.mark.parametrize(
    ("ending", "day", "reason", "field"),
    [
        (Ending.COMPLETED, datetime.date(2026, 4, 29), "", "ended_on"),  # before the planned end
        (Ending.RETURNED_EARLY, datetime.date(2026, 1, 10), " ", "reason"),
        (Ending.DECEASED, datetime.date(2026, 6, 2), "Accident", "ended_on"),  # tomorrow
        (Ending.RETURNED_EARLY, datetime.date(2025, 4, 1), "Ill", "ended_on"),  # before arrival
        (Ending.TRANSFERRED, datetime.date(2026, 1, 10), "x", "ending"),  # a transfer has its own form
    ],
)
def test_it_refuses_bad_input_by_field_and_changes_nothing(  # noqa: PLR0917
    cast: Cast, placement: Placement, ending: Ending, day: datetime.date, reason: str, field: str
) -> None:
    with pytest.raises(chain.MoveRefused) as refused:
        end_placement(
            placement_id=placement.pk,
            details=EndingDetails(ending=ending, ended_on=day, reason=reason),
            by=cast.supervising_officer,
            today=TODAY,
        )

    assert list(refused.value.problems) == [field]
    assert_unchanged(cast, placement)


def test_someone_who_landed_but_never_started_can_only_return_early(cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)
    details = EndingDetails(ending=Ending.DECEASED, ended_on=datetime.date(2026, 5, 25), reason="Accident")

    with pytest.raises(chain.NotInJapan):
        end_placement(placement_id=placement.pk, details=details, by=cast.ministry_officer, today=TODAY)

    end_placement(
        placement_id=placement.pk,
        details=EndingDetails(
            ending=Ending.RETURNED_EARLY, ended_on=datetime.date(2026, 5, 25), reason="Refused entry"
        ),
        by=cast.ministry_officer,
        today=TODAY,
    )
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.RETURNED_EARLY


def test_an_ended_placement_cannot_end_again(cast: Cast, placement: Placement) -> None:
    details = EndingDetails(ending=Ending.COMPLETED, ended_on=PLANNED_END, reason="")
    end_placement(placement_id=placement.pk, details=details, by=cast.supervising_officer, today=TODAY)

    with pytest.raises(chain.NotInJapan):
        end_placement(placement_id=placement.pk, details=details, by=cast.supervising_officer, today=TODAY)
    assert StatusChange.objects.filter(participant=cast.budi, to_status=Status.RETURNED).count() == 1


# --- missing ------------------------------------------------------------------------

MISSING = MissingDetails(
    missing_since=datetime.date(2026, 3, 10),
    last_contact_on=datetime.date(2026, 3, 8),
    police_reported_on=None,
    otit_reported_on=None,
    circumstances="Did not come to work; the dormitory room was empty.",
)


def test_a_disappearance_ends_the_placement_and_the_participant_is_missing(cast: Cast, placement: Placement) -> None:
    disappearance = record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    placement.refresh_from_db()
    assert (placement.ending, placement.ended_on) == (Ending.MISSING, MISSING.missing_since)
    assert disappearance.is_open
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.MISSING
    assert cast.budi.history.first().reason == MISSING.circumstances  # type: ignore[union-attr]


def test_the_reports_are_recorded_later_as_they_are_made(cast: Cast, placement: Placement) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    record_reports(
        placement_id=placement.pk,
        police_reported_on=datetime.date(2026, 3, 11),
        otit_reported_on=datetime.date(2026, 3, 12),
        by=cast.supervising_officer,
        today=TODAY,
    )

    disappearance = Disappearance.objects.get()
    assert (disappearance.police_reported_on, disappearance.otit_reported_on) == (
        datetime.date(2026, 3, 11),
        datetime.date(2026, 3, 12),
    )
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATED, target_id=str(disappearance.pk)).get()
    assert entry.changes["police_reported_on"] == [None, "2026-03-11"]


@pytest.mark.parametrize("reported", [datetime.date(2026, 3, 9), datetime.date(2026, 6, 2)])
def test_a_report_before_the_disappearance_or_in_the_future_is_refused(
    cast: Cast, placement: Placement, reported: datetime.date
) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    with pytest.raises(chain.MoveRefused) as refused:
        record_reports(
            placement_id=placement.pk,
            police_reported_on=reported,
            otit_reported_on=None,
            by=cast.supervising_officer,
            today=TODAY,
        )
    assert list(refused.value.problems) == ["police_reported_on"]
    assert Disappearance.objects.get().police_reported_on is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"last_contact_on": datetime.date(2026, 3, 11)}, "last_contact_on"),
        ({"circumstances": ""}, "circumstances"),
        ({"missing_since": datetime.date(2026, 6, 2)}, "missing_since"),
        ({"otit_reported_on": datetime.date(2026, 3, 1)}, "otit_reported_on"),
    ],
)
def test_a_bad_disappearance_is_refused_by_field(
    cast: Cast, placement: Placement, change: dict[str, object], field: str
) -> None:
    with pytest.raises(chain.MoveRefused) as refused:
        record_missing(
            placement_id=placement.pk,
            details=dataclasses.replace(MISSING, **change),  # type: ignore[arg-type]
            by=cast.supervising_officer,
            today=TODAY,
        )
    assert list(refused.value.problems) == [field]
    assert_unchanged(cast, placement)


def test_a_missing_person_found_is_placed_again_on_the_same_terms(cast: Cast, placement: Placement) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    following = record_found(
        placement_id=placement.pk, found_on=datetime.date(2026, 4, 2), by=cast.supervising_officer, today=TODAY
    )

    assert following.follows == placement
    assert following.company == placement.company
    assert following.status == PlacementStatus.IN_JAPAN
    period = StagePeriod.objects.get(placement=following)
    assert (period.started_on, period.planned_end_on) == (datetime.date(2026, 4, 2), PLANNED_END)
    disappearance = Disappearance.objects.get()
    assert (disappearance.closed_as, disappearance.closed_on) == (DisappearanceEnd.FOUND, datetime.date(2026, 4, 2))
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.PLACED


@pytest.mark.parametrize(
    ("ending", "status", "closed_as"),
    [
        (Ending.DECEASED, Status.DECEASED, DisappearanceEnd.DECEASED),
        (Ending.RETURNED_EARLY, Status.RETURNED_EARLY, DisappearanceEnd.RETURNED_EARLY),
    ],
)
def test_a_missing_person_known_dead_or_gone_home_closes_the_disappearance(
    cast: Cast, placement: Placement, ending: Ending, status: Status, closed_as: DisappearanceEnd
) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    close_disappearance(
        placement_id=placement.pk,
        details=EndingDetails(ending=ending, ended_on=datetime.date(2026, 5, 1), reason="Word from the police"),
        by=cast.supervising_officer,
        today=TODAY,
    )

    assert Disappearance.objects.get().closed_as == closed_as
    placement.refresh_from_db()
    assert placement.ending == Ending.MISSING
    cast.budi.refresh_from_db()
    assert cast.budi.status == status


def test_a_found_day_before_the_disappearance_is_refused(cast: Cast, placement: Placement) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)

    with pytest.raises(chain.MoveRefused):
        record_found(
            placement_id=placement.pk, found_on=datetime.date(2026, 3, 9), by=cast.supervising_officer, today=TODAY
        )
    assert Disappearance.objects.get().is_open
    assert Placement.objects.filter(participant=cast.budi).count() == 1
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.MISSING


def test_a_missing_person_is_not_ended_as_if_in_japan(cast: Cast, placement: Placement) -> None:
    record_missing(placement_id=placement.pk, details=MISSING, by=cast.supervising_officer, today=TODAY)
    details = EndingDetails(ending=Ending.RETURNED_EARLY, ended_on=datetime.date(2026, 5, 1), reason="Ill")

    with pytest.raises(chain.NotInJapan):
        end_placement(placement_id=placement.pk, details=details, by=cast.supervising_officer, today=TODAY)
    assert Disappearance.objects.get().is_open
