"""The departure actions (placements.actions.departure): recording gate
items, planning cohorts, and marking a cohort departed all or nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from joborders.tests.world import Japan
from participants.models import Status, StatusChange
from placements.actions import departure
from placements.gate_items import GateEntry
from placements.models import CohortMember, CohortStatus, DepartureCohort, GateRecord, Placement, PlacementStatus
from placements.tests.gate_world import (
    COE_ISSUED,
    COE_ISSUED_RECENTLY,
    FLIGHT,
    another_participant,
    cohort,
    complete_titp_gate,
    passport,
    preparing,
    record,
)
from reference.models import GateItem
from tests.cast import Cast, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    return preparing(cast, japan)


def _coe(placement: Placement, by: object, **values: object) -> GateRecord:
    entry = GateEntry(**{"applied_on": datetime.date(2026, 3, 1), "done_on": COE_ISSUED_RECENTLY, **values})  # type: ignore[arg-type]
    return departure.record_gate_item(placement_id=placement.pk, item=GateItem.COE, entry=entry, by=by)  # type: ignore[arg-type]


# --- recording ----------------------------------------------------------------


def test_it_records_an_item_with_who_and_when(cast: Cast, placement: Placement) -> None:
    made = _coe(placement, cast.supervising_officer, number="ab 1234 5678")

    assert made.recorded_by == cast.supervising_officer
    assert made.number == "AB12345678"
    assert made.valid_until == datetime.date(2026, 8, 1)
    entry = AuditEntry.objects.for_object(placement).get()
    assert entry.actor == cast.supervising_officer
    assert entry.changes["gate.coe"][0] is None
    assert "number AB12345678" in entry.changes["gate.coe"][1]


def test_it_keeps_the_superseded_record(cast: Cast, placement: Placement) -> None:
    first = departure.record_gate_item(
        placement_id=placement.pk,
        item=GateItem.COE,
        entry=GateEntry(applied_on=datetime.date(2026, 3, 1)),
        by=cast.lpk_officer,
    )
    second = _coe(placement, cast.lpk_officer, number="AB12345678")

    first.refresh_from_db()
    assert first.superseded_at is not None
    assert list(GateRecord.objects.current().filter(placement=placement)) == [second]
    assert AuditEntry.objects.for_object(placement).count() == 2


def test_it_refuses_a_coe_number_in_the_wrong_format_and_writes_nothing(cast: Cast, placement: Placement) -> None:
    with pytest.raises(departure.EntryRefused) as refused:
        _coe(placement, cast.lpk_officer, number="AB12X45678")

    assert set(refused.value.problems) == {"number"}
    assert not GateRecord.objects.exists()
    assert not AuditEntry.objects.for_object(placement).exists()


def test_it_refuses_the_passport_number_as_the_coe_number(cast: Cast, placement: Placement) -> None:
    passport(placement.participant, by=cast.lpk_officer, number="B7654321")

    with pytest.raises(departure.EntryRefused) as refused:
        _coe(placement, cast.lpk_officer, number="b 7654321")

    assert refused.value.problems == {"number": "This is the participant's passport number, not the COE's."}


def test_it_refuses_a_flight_date_before_the_coes_issue(cast: Cast, placement: Placement) -> None:
    _coe(placement, cast.lpk_officer, number="AB12345678", done_on=datetime.date(2026, 5, 31))
    # Entered a few days late, for a flight that left before the COE was issued.
    entry = GateEntry(done_on=datetime.date(2026, 5, 25), flight_number="GA874", route_from="CGK", route_to="SDJ")

    with pytest.raises(departure.EntryRefused) as refused:
        departure.record_gate_item(placement_id=placement.pk, item=GateItem.FLIGHT, entry=entry, by=cast.lpk_officer)

    assert refused.value.problems == {"done_on": "The flight date is before the COE's issue (31 May 2026)."}
    assert not GateRecord.objects.filter(item=GateItem.FLIGHT).exists()


def test_it_refuses_a_coe_issued_after_the_booked_flight(cast: Cast, placement: Placement) -> None:
    flight = GateEntry(done_on=datetime.date(2026, 5, 25), flight_number="GA874", route_from="CGK", route_to="SDJ")
    departure.record_gate_item(placement_id=placement.pk, item=GateItem.FLIGHT, entry=flight, by=cast.lpk_officer)

    with pytest.raises(departure.EntryRefused) as refused:
        _coe(placement, cast.lpk_officer, number="AB12345678", done_on=datetime.date(2026, 5, 31))

    assert refused.value.problems == {
        "done_on": "The flight is on 25 May 2026, before this issue date: a COE cannot be used for an earlier flight."
    }


def test_it_refuses_a_visa_issued_before_the_coe(cast: Cast, placement: Placement) -> None:
    _coe(placement, cast.lpk_officer, number="AB12345678", done_on=datetime.date(2026, 5, 10))

    with pytest.raises(departure.EntryRefused) as refused:
        record(placement, GateItem.VISA, cast.lpk_officer, done_on=datetime.date(2026, 5, 9), number="V1")

    assert set(refused.value.problems) == {"done_on"}


def test_it_refuses_an_entered_flight_for_someone_on_a_cohort(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, placements=(placement,))

    with pytest.raises(departure.EntryRefused) as refused:
        record(
            placement,
            GateItem.FLIGHT,
            cast.lpk_officer,
            done_on=FLIGHT,
            flight_number="GA1",
            route_from="CGK",
            route_to="NRT",
        )

    assert "change the cohort instead" in refused.value.problems["done_on"]


def test_it_refuses_an_item_outside_the_programmes_gate(cast: Cast, placement: Placement) -> None:
    with pytest.raises(departure.DepartureError, match="is not recorded on this participant's gate"):
        record(placement, GateItem.SUPPORT_PLAN, cast.lpk_officer, done_on=FLIGHT, note="x")


def test_it_refuses_the_medical_item_which_is_a_health_check(cast: Cast, placement: Placement) -> None:
    with pytest.raises(departure.DepartureError):
        record(placement, GateItem.MEDICAL, cast.lpk_officer)


def test_it_closes_the_gate_after_departure(cast: Cast, placement: Placement) -> None:
    placement.status = PlacementStatus.IN_JAPAN
    placement.save()

    with pytest.raises(departure.DepartureError, match="no longer preparing"):
        _coe(placement, cast.lpk_officer, number="AB12345678")


# --- cohorts ------------------------------------------------------------------


def _details(**overrides: object) -> departure.CohortDetails:
    values: dict[str, object] = {
        "flight_date": FLIGHT,
        "flight_number": "ga874",
        "route_from": "cgk",
        "route_to": "sdj",
        "escort": " Pak Joko ",
    }
    values.update(overrides)
    return departure.CohortDetails(**values)  # type: ignore[arg-type]


def test_it_creates_a_cohort_in_the_usual_spellings(cast: Cast) -> None:
    made = departure.create_cohort(details=_details(), by=cast.ministry_officer)

    assert (made.flight_number, made.route, made.escort) == ("GA 874", "CGK → SDJ", "Pak Joko")
    assert AuditEntry.objects.for_object(made).get().action == AuditAction.CREATED


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"flight_number": "Garuda"}, "flight_number"),
        ({"route_from": "CGKK"}, "route_from"),
        ({"route_to": "CGK"}, "route_to"),
        ({"flight_date": datetime.date(2026, 4, 1)}, "flight_date"),
    ],
)
def test_it_refuses_a_cohort_with_bad_details(cast: Cast, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(departure.EntryRefused) as refused:
        departure.create_cohort(details=_details(**overrides), by=cast.ministry_officer)

    assert set(refused.value.problems) == {field}
    assert not DepartureCohort.objects.exists()


def test_it_adds_participants_preparing_to_depart(cast: Cast, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, placements=(placement,))

    assert list(CohortMember.objects.values_list("placement", flat=True)) == [placement.pk]
    assert made.version == 2


def test_it_refuses_a_cohort_with_someone_not_yet_selected(cast: Cast, japan: Japan, placement: Placement) -> None:
    made = cohort(cast.ministry_officer)
    shortlisted = another_participant(cast, "Agus Salim", 41)
    walk(shortlisted, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED], cast.lpk_officer)

    with pytest.raises(departure.CohortRefused) as refused:
        departure.add_to_cohort(
            cohort_id=made.pk, participant_ids=[placement.participant_id, shortlisted.pk], by=cast.ministry_officer
        )

    assert refused.value.reasons == [
        "Agus Salim has not been selected and accepted an offer: only participants preparing to depart can join a "
        "cohort."
    ]
    assert not CohortMember.objects.exists()  # not even the one who could go


def test_it_refuses_someone_already_on_another_flight(cast: Cast, placement: Placement) -> None:
    cohort(cast.ministry_officer, placements=(placement,))
    other = cohort(cast.ministry_officer, flight_date=FLIGHT + datetime.timedelta(days=7))

    with pytest.raises(departure.CohortRefused) as refused:
        departure.add_to_cohort(
            cohort_id=other.pk, participant_ids=[placement.participant_id], by=cast.ministry_officer
        )

    assert refused.value.reasons == [f"Budi Santoso is already on the flight GA 874 CGK → SDJ {FLIGHT.isoformat()}."]


def test_it_refuses_someone_whose_coe_was_issued_after_the_flight(cast: Cast, placement: Placement) -> None:
    _coe(placement, cast.lpk_officer, number="AB12345678", done_on=datetime.date(2026, 5, 31))
    late = departure.create_cohort(details=_details(flight_date=datetime.date(2026, 5, 25)), by=cast.ministry_officer)

    with pytest.raises(departure.CohortRefused) as refused:
        departure.add_to_cohort(cohort_id=late.pk, participant_ids=[placement.participant_id], by=cast.ministry_officer)

    assert refused.value.reasons == ["Budi Santoso's COE was issued after this flight's date."]


def test_it_refuses_moving_a_cohorts_flight_before_a_members_coe(cast: Cast, placement: Placement) -> None:
    _coe(placement, cast.lpk_officer, number="AB12345678", done_on=datetime.date(2026, 5, 31))
    made = cohort(cast.ministry_officer, placements=(placement,))

    with pytest.raises(departure.EntryRefused) as refused:
        departure.update_cohort(
            cohort_id=made.pk,
            details=_details(flight_date=datetime.date(2026, 5, 30)),
            expected_version=made.version,
            by=cast.ministry_officer,
        )

    assert refused.value.problems == {"flight_date": "The flight would be before the COE's issue for Budi Santoso."}


def test_it_refuses_an_edit_of_an_older_copy(cast: Cast) -> None:
    made = cohort(cast.ministry_officer)

    with pytest.raises(departure.EditConflict):
        departure.update_cohort(
            cohort_id=made.pk,
            details=_details(escort="Bu Sari"),
            expected_version=made.version - 1,
            by=cast.ministry_officer,
        )


def test_it_takes_someone_off_a_cohort(cast: Cast, placement: Placement) -> None:
    made = cohort(cast.ministry_officer, placements=(placement,))

    departure.remove_from_cohort(cohort_id=made.pk, placement_id=placement.pk, by=cast.ministry_officer)

    assert not CohortMember.objects.exists()
    assert AuditEntry.objects.for_object(made).filter(changes__has_key="members.removed").exists()


# --- departure ----------------------------------------------------------------


def _ready_cohort(cast: Cast, japan: Japan, count: int) -> tuple[DepartureCohort, list[Placement]]:
    order = preparing(cast, japan).job_order
    placements = [Placement.objects.get(participant=cast.budi)]
    for serial in range(1, count):
        person = another_participant(cast, f"Peserta {serial}", 100 + serial)
        placements.append(preparing(cast, japan, person, order=order))
    for placement in placements:
        complete_titp_gate(placement, cast.lpk_officer)
    return cohort(cast.ministry_officer, placements=tuple(placements)), placements


def test_it_moves_everyone_when_every_gate_is_complete(cast: Cast, japan: Japan) -> None:
    made, placements = _ready_cohort(cast, japan, 3)

    departure.depart_cohort(cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT)

    made.refresh_from_db()
    assert made.status == CohortStatus.DEPARTED
    assert made.departed_by == cast.ministry_officer
    for placement in placements:
        placement.refresh_from_db()
        assert (placement.status, placement.departed_on) == (PlacementStatus.IN_JAPAN, FLIGHT)
        assert placement.participant.status == Status.DEPARTED
        change = StatusChange.objects.filter(participant=placement.participant).order_by("-id").first()
        assert change is not None
        assert (change.to_status, change.changed_by, change.reason) == (
            Status.DEPARTED,
            cast.ministry_officer,
            str(made),
        )
    assert AuditEntry.objects.for_object(made).filter(action=AuditAction.STATUS_CHANGED).exists()


def test_it_moves_nobody_and_names_who_blocks_and_why(cast: Cast, japan: Japan) -> None:
    made, placements = _ready_cohort(cast, japan, 3)
    # The second participant's COE runs out the day before the flight.
    record(
        placements[1],
        GateItem.COE,
        cast.lpk_officer,
        applied_on=datetime.date(2026, 2, 1),
        done_on=COE_ISSUED,
        number="CD12345678",
    )
    made.refresh_from_db()

    with pytest.raises(departure.CohortBlocked) as blocked:
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT
        )

    assert str(blocked.value) == "Nobody was marked departed: 1 participant cannot fly on 20 June 2026."
    [blocker] = blocked.value.blockers
    assert blocker.name == placements[1].participant.full_name
    assert blocker.reasons == (
        "Certificate of Eligibility (COE): Issued 19 March 2026, number CD12345678: it expires on 19 June 2026, "
        "before the flight on 20 June 2026. A new COE is needed, or an earlier flight.",
    )
    assert not Placement.objects.filter(status=PlacementStatus.IN_JAPAN).exists()
    assert not StatusChange.objects.filter(to_status=Status.DEPARTED).exclude(participant=cast.siti).exists()
    assert DepartureCohort.objects.get(pk=made.pk).status == CohortStatus.PLANNED


def test_it_moves_nobody_when_one_fails_half_way(cast: Cast, japan: Japan) -> None:
    """The third participant cannot become "departed" (someone moved them
    back to "ready" by hand while their placement stayed): the two before
    them, already moved in the transaction, move back with it."""
    made, placements = _ready_cohort(cast, japan, 4)
    ordered = sorted(placements, key=lambda placement: placement.pk)
    walk(ordered[2].participant, [Status.READY], cast.ministry_officer)

    with pytest.raises(departure.CohortBlocked) as blocked:
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT
        )

    assert [blocker.name for blocker in blocked.value.blockers] == [ordered[2].participant.full_name]
    assert not Placement.objects.filter(status=PlacementStatus.IN_JAPAN).exists()
    assert set(Placement.objects.values_list("participant__status", flat=True)) == {Status.PRE_DEPARTURE, Status.READY}


def test_it_waits_for_the_flight_date(cast: Cast, japan: Japan) -> None:
    made, _ = _ready_cohort(cast, japan, 1)

    with pytest.raises(departure.DepartureError, match="marked departed on its flight date or later"):
        departure.depart_cohort(
            cohort_id=made.pk,
            expected_version=made.version,
            by=cast.ministry_officer,
            today=FLIGHT - datetime.timedelta(days=1),
        )


def test_it_refuses_to_depart_a_list_changed_since_it_was_shown(cast: Cast, japan: Japan) -> None:
    made, _ = _ready_cohort(cast, japan, 1)

    with pytest.raises(departure.EditConflict):
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version - 1, by=cast.ministry_officer, today=FLIGHT
        )


def test_it_refuses_to_depart_twice_or_to_change_a_departed_cohort(cast: Cast, japan: Japan) -> None:
    made, placements = _ready_cohort(cast, japan, 1)
    departure.depart_cohort(cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT)
    made.refresh_from_db()

    with pytest.raises(departure.DepartureError, match="has departed"):
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT
        )
    with pytest.raises(departure.DepartureError, match="has departed"):
        departure.remove_from_cohort(cohort_id=made.pk, placement_id=placements[0].pk, by=cast.ministry_officer)


def test_it_refuses_to_depart_an_empty_cohort(cast: Cast) -> None:
    made = cohort(cast.ministry_officer)

    with pytest.raises(departure.DepartureError, match="Nobody is on this cohort"):
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT
        )
