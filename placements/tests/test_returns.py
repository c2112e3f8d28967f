"""Coming home (placements.actions.returns): the flight home ends a completed
placement and schedules the follow-ups; an early returnee's flight is
recorded too; follow-ups are entered, due in Jakarta's calendar."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from participants.models import Status, StatusChange
from placements.actions.returns import (
    FollowUpAnswers,
    FollowUpNotOpen,
    NotReturnable,
    ReturnDetails,
    ReturnRefused,
    record_follow_up,
    record_return,
)
from placements.models import (
    Ending,
    FollowUp,
    FollowUpState,
    HomeReturn,
    Placement,
    PlacementStatus,
    StagePeriod,
    follow_up_today,
)
from placements.tests.builders import departed
from placements.tests.return_world import FLEW_HOME, WORK_STARTS, arrive, fly_home, refreshed
from tests.cast import Cast, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    """Budi working for Sendai Steel (TITP stage i, welding) since WORK_STARTS."""
    return arrive(departed(cast, japan, cast.budi), by=cast.supervising_officer)


def answers(**overrides: object) -> FollowUpAnswers:
    values: dict[str, object] = {
        "contacted_on": datetime.date(2029, 10, 27),
        "work": "employed",
        "in_trade": True,
        "income_band": "5m_10m",
        "wants_ssw": "yes",
        "note": "Welder at a shipyard in Batam.",
    }
    values.update(overrides)
    return FollowUpAnswers(**values)  # type: ignore[arg-type]


def test_it_ends_a_completed_placement_and_brings_the_participant_home(cast: Cast, placement: Placement) -> None:
    home = fly_home(placement, by=cast.supervising_officer)

    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    assert placement.ending == Ending.COMPLETED
    assert placement.ended_on == FLEW_HOME
    period = StagePeriod.objects.get(placement=placement)
    assert period.ended_on == FLEW_HOME
    assert refreshed(cast.budi).status == Status.RETURNED
    change = StatusChange.objects.filter(participant=cast.budi).first()
    assert change is not None
    assert change.to_status == Status.RETURNED
    assert "GA 875" in change.reason
    assert home.flight_number == "GA 875"
    assert AuditEntry.objects.for_object(home).filter(action=AuditAction.CREATED).exists()
    ended = AuditEntry.objects.for_object(placement).filter(action=AuditAction.UPDATED).latest("id")
    assert ended.changes["ending"] == ["", "completed"]


def test_it_normalizes_the_flight_number_as_departures_do(cast: Cast, placement: Placement) -> None:
    home = record_return(
        placement_id=placement.pk,
        details=ReturnDetails(returned_on=FLEW_HOME, flight_number=" ga875 "),
        by=cast.supervising_officer,
        today=FLEW_HOME,
    )

    assert home.flight_number == "GA 875"


def test_it_schedules_three_follow_ups_on_the_months_after_the_flight(cast: Cast, placement: Placement) -> None:
    home = fly_home(placement, by=cast.supervising_officer)

    assert [(f.months, f.due_on) for f in home.follow_ups.order_by("months")] == [
        (3, datetime.date(2029, 10, 28)),
        (6, datetime.date(2030, 1, 28)),
        (12, datetime.date(2030, 7, 28)),
    ]
    assert all(f.placement_id == placement.pk and not f.is_entered for f in home.follow_ups.all())


@pytest.mark.parametrize(
    ("flown", "due"),
    [
        # A month without the day: its last day (and in a leap year, the 29th).
        (
            datetime.date(2029, 11, 30),
            [datetime.date(2030, 2, 28), datetime.date(2030, 5, 30), datetime.date(2030, 11, 30)],
        ),
        (
            datetime.date(2027, 8, 31),
            [datetime.date(2027, 11, 30), datetime.date(2028, 2, 29), datetime.date(2028, 8, 31)],
        ),
        (
            datetime.date(2029, 12, 31),
            [datetime.date(2030, 3, 31), datetime.date(2030, 6, 30), datetime.date(2030, 12, 31)],
        ),
        # Over the year's end.
        (
            datetime.date(2029, 10, 15),
            [datetime.date(2030, 1, 15), datetime.date(2030, 4, 15), datetime.date(2030, 10, 15)],
        ),
    ],
)
def test_it_dates_follow_ups_at_month_ends_on_the_months_last_day(
    cast: Cast, placement: Placement, flown: datetime.date, due: list[datetime.date]
) -> None:
    home = fly_home(placement, by=cast.supervising_officer, on=flown)

    assert list(home.follow_ups.order_by("months").values_list("due_on", flat=True)) == due


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (ReturnDetails(returned_on=FLEW_HOME + datetime.timedelta(days=1), flight_number="GA 875"), "returned_on"),
        (ReturnDetails(returned_on=WORK_STARTS - datetime.timedelta(days=1), flight_number="GA 875"), "returned_on"),
        (ReturnDetails(returned_on=FLEW_HOME, flight_number="GARUDA"), "flight_number"),
        (ReturnDetails(returned_on=FLEW_HOME, flight_number=""), "flight_number"),
    ],
)
def test_it_refuses_bad_input_by_field_and_changes_nothing(
    cast: Cast, placement: Placement, details: ReturnDetails, field: str
) -> None:
    with pytest.raises(ReturnRefused) as refused:
        record_return(placement_id=placement.pk, details=details, by=cast.supervising_officer, today=FLEW_HOME)

    assert list(refused.value.problems) == [field]
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.IN_JAPAN
    assert StagePeriod.objects.get(placement=placement).ended_on is None
    assert not HomeReturn.objects.exists()
    assert not FollowUp.objects.exists()
    assert refreshed(cast.budi).status == Status.PLACED


def test_it_takes_the_day_the_current_stage_started(cast: Cast, placement: Placement) -> None:
    fly_home(placement, by=cast.supervising_officer, on=WORK_STARTS)

    assert StagePeriod.objects.get(placement=placement).ended_on == WORK_STARTS


def test_it_records_a_return_once(cast: Cast, placement: Placement) -> None:
    fly_home(placement, by=cast.supervising_officer)

    with pytest.raises(NotReturnable, match="already recorded"):
        fly_home(placement, by=cast.supervising_officer)
    assert FollowUp.objects.count() == 3


def test_it_refuses_a_placement_whose_arrival_is_not_recorded(cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)

    with pytest.raises(NotReturnable, match="Only a placement in Japan"):
        fly_home(placement, by=cast.supervising_officer)
    assert refreshed(cast.budi).status == Status.DEPARTED


@pytest.mark.parametrize("ending", [Ending.MISSING, Ending.DECEASED, Ending.TRANSFERRED])
def test_it_refuses_a_placement_that_ended_otherwise(cast: Cast, placement: Placement, ending: Ending) -> None:
    Placement.objects.filter(pk=placement.pk).update(status=PlacementStatus.ENDED, ending=ending, ended_on=FLEW_HOME)

    with pytest.raises(NotReturnable):
        fly_home(placement, by=cast.supervising_officer)
    assert not HomeReturn.objects.exists()


def test_it_records_the_flight_of_someone_who_returned_early(cast: Cast, placement: Placement) -> None:
    # As the ``moves`` actions end it: the placement ended early, the participant "returned early".
    ended_on = datetime.date(2027, 3, 10)
    Placement.objects.filter(pk=placement.pk).update(
        status=PlacementStatus.ENDED, ending=Ending.RETURNED_EARLY, ended_on=ended_on, ending_reason="family"
    )
    walk(cast.budi, [Status.RETURNED_EARLY], cast.ministry_officer)

    with pytest.raises(ReturnRefused) as refused:
        fly_home(placement, by=cast.supervising_officer, on=ended_on - datetime.timedelta(days=1))
    assert list(refused.value.problems) == ["returned_on"]
    home = fly_home(placement, by=cast.supervising_officer, on=datetime.date(2027, 3, 12))

    placement.refresh_from_db()
    assert placement.ending == Ending.RETURNED_EARLY
    assert placement.ended_on == ended_on
    assert refreshed(cast.budi).status == Status.RETURNED
    assert home.follow_ups.count() == 3


def test_it_enters_a_follow_up_and_audits_it(cast: Cast, placement: Placement) -> None:
    home = fly_home(placement, by=cast.supervising_officer)
    first = home.follow_ups.get(months=3)

    record_follow_up(follow_up_id=first.pk, answers=answers(), by=cast.lpk_officer, today=datetime.date(2029, 10, 28))

    first.refresh_from_db()
    assert first.is_entered
    assert first.entered_by == cast.lpk_officer
    assert (first.work, first.in_trade, first.income_band, first.wants_ssw) == ("employed", True, "5m_10m", "yes")
    entry = AuditEntry.objects.for_object(first).filter(action=AuditAction.UPDATED).get()
    assert entry.changes["work"] == ["", "employed"]


def test_it_corrects_an_entered_follow_up_and_audits_the_change(cast: Cast, placement: Placement) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)
    day = datetime.date(2029, 10, 28)
    record_follow_up(follow_up_id=first.pk, answers=answers(), by=cast.lpk_officer, today=day)

    record_follow_up(follow_up_id=first.pk, answers=answers(income_band="3m_5m"), by=cast.participant_user, today=day)

    latest = AuditEntry.objects.for_object(first).filter(action=AuditAction.UPDATED).latest("id")
    assert latest.changes == {"income_band": ["5m_10m", "3m_5m"]}


def test_it_forgets_the_trade_of_someone_not_working(cast: Cast, placement: Placement) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)

    record_follow_up(
        follow_up_id=first.pk,
        answers=answers(work="not_working", in_trade=True, income_band="none"),
        by=cast.lpk_officer,
        today=datetime.date(2029, 10, 28),
    )

    first.refresh_from_db()
    assert first.in_trade is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contacted_on": datetime.date(2029, 10, 29)}, "contacted_on"),  # tomorrow
        ({"contacted_on": datetime.date(2029, 9, 27)}, "contacted_on"),  # before it opens (28 September)
        ({"work": "retired"}, "work"),
        ({"work": "own_business", "in_trade": None}, "in_trade"),
        ({"income_band": ""}, "income_band"),
        ({"wants_ssw": "maybe"}, "wants_ssw"),
    ],
)
def test_it_refuses_bad_answers_by_field_and_keeps_the_follow_up_pending(
    cast: Cast, placement: Placement, change: dict[str, object], field: str
) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)

    with pytest.raises(ReturnRefused) as refused:
        record_follow_up(
            follow_up_id=first.pk, answers=answers(**change), by=cast.lpk_officer, today=datetime.date(2029, 10, 28)
        )

    assert list(refused.value.problems) == [field]
    first.refresh_from_db()
    assert not first.is_entered


def test_it_opens_a_follow_up_thirty_days_before_it_is_due(cast: Cast, placement: Placement) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)

    with pytest.raises(FollowUpNotOpen, match="28 September 2029"):
        record_follow_up(
            follow_up_id=first.pk, answers=answers(), by=cast.lpk_officer, today=datetime.date(2029, 9, 27)
        )
    record_follow_up(
        follow_up_id=first.pk,
        answers=answers(contacted_on=datetime.date(2029, 9, 28)),
        by=cast.lpk_officer,
        today=datetime.date(2029, 9, 28),
    )


# --- due follow-ups, for the deadline engine --------------------------------------


def test_it_lists_the_follow_ups_due_with_the_lpk_that_must_act(cast: Cast, placement: Placement) -> None:
    home = fly_home(placement, by=cast.supervising_officer)

    due = FollowUp.objects.due_between(datetime.date(2029, 10, 1), datetime.date(2030, 1, 28))

    rows = [
        (row["months"], row["due_on"], row["placement_id"], row["participant_id"], row["organization_id"])
        for row in due
    ]
    assert rows == [
        (3, datetime.date(2029, 10, 28), placement.pk, cast.budi.pk, cast.lpk.pk),
        (6, datetime.date(2030, 1, 28), placement.pk, cast.budi.pk, cast.lpk.pk),
    ]
    assert {row["follow_up_id"] for row in due} == set(
        home.follow_ups.filter(months__lt=12).values_list("id", flat=True)
    )
    assert home.follow_ups.count() == 3


def test_it_names_the_blk_where_the_returnee_has_no_lpk(cast: Cast, placement: Placement) -> None:
    fly_home(placement, by=cast.supervising_officer)
    type(cast.budi).objects.filter(pk=cast.budi.pk).update(sending_organization=None)

    due = FollowUp.objects.due_between(datetime.date(2029, 10, 28), datetime.date(2029, 10, 28))

    assert [row["organization_id"] for row in due] == [cast.blk.pk]


def test_it_leaves_entered_follow_ups_out_of_the_due_ones(cast: Cast, placement: Placement) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)
    record_follow_up(follow_up_id=first.pk, answers=answers(), by=cast.lpk_officer, today=datetime.date(2029, 10, 28))

    due = FollowUp.objects.due_between(datetime.date(2000, 1, 1), datetime.date(2030, 1, 28))

    assert [row["months"] for row in due] == [6]


JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        # 23:30 in Jakarta on the due day: still due (it is already the 29th in Tokyo).
        (datetime.datetime(2029, 10, 28, 23, 30, tzinfo=JAKARTA), FollowUpState.DUE),
        # 00:30 in Jakarta the next day, still the 28th in UTC: overdue.
        (datetime.datetime(2029, 10, 29, 0, 30, tzinfo=JAKARTA), FollowUpState.OVERDUE),
    ],
)
def test_it_counts_a_follow_up_overdue_from_jakartas_midnight(
    cast: Cast, placement: Placement, moment: datetime.datetime, state: FollowUpState
) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)

    with time_machine.travel(moment, tick=False):
        today = follow_up_today()
        assert moment.astimezone(datetime.UTC).date() == datetime.date(2029, 10, 28)
        assert first.state(on=today) == state
        pending = FollowUp.objects.due_between(datetime.date(2000, 1, 1), today - datetime.timedelta(days=1))
        assert pending.filter(pk=first.pk).exists() is (state == FollowUpState.OVERDUE)


def test_it_takes_the_follow_ups_today_from_jakarta_by_default(cast: Cast, placement: Placement) -> None:
    first = fly_home(placement, by=cast.supervising_officer).follow_ups.get(months=3)

    # 27 September in UTC, but already the 28th (the day it opens) in Jakarta.
    with time_machine.travel(datetime.datetime(2029, 9, 27, 18, 0, tzinfo=datetime.UTC), tick=False):
        record_follow_up(
            follow_up_id=first.pk, answers=answers(contacted_on=datetime.date(2029, 9, 28)), by=cast.lpk_officer
        )

    first.refresh_from_db()
    assert first.is_entered
