"""Placements preparing to depart, for the gate and cohort tests.

Offers live on another branch, so a placement is made here as accepting an
offer will make it: the participant walked to pre-departure (history written
as it happened, ``replay``), then the placement created for a job order of
the cast's company. Dates are around the tests' today (2026-06-01, on_day).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from joborders import actions as joborder_actions
from joborders.models import JobOrder
from joborders.tests.world import Japan, order_details, served_job_order
from participants import actions as participant_actions
from participants.models import Document, HealthResult, Participant, Status
from placements.actions import departure
from placements.gate import programme_of
from placements.gate_items import GateEntry
from placements.models import DepartureCohort, Placement
from reference.models import DocumentKind, GateItem, SendingProgramme, Track
from tests.cast import Cast, details, walk
from tests.nik import make_nik
from training import actions as training_actions
from training.models import CourseKind

TO_PRE_DEPARTURE = [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE]
FLIGHT = datetime.date(2026, 6, 20)
# Issued 19 March: the COE lasts through 19 June (coe_expiry), the day before FLIGHT.
COE_ISSUED = datetime.date(2026, 3, 19)
# Issued 1 May: valid through 1 August, well past FLIGHT.
COE_ISSUED_RECENTLY = datetime.date(2026, 5, 1)
PASSPORT_NUMBER = "C1234567"


def programme(track: Track = Track.TITP, **overrides: object) -> SendingProgramme:
    values: dict[str, object] = {"code": f"{track}-gate", "name": f"{track} programme", "track": track}
    values.update(overrides)
    found, _ = SendingProgramme.objects.get_or_create(code=values["code"], defaults=values)
    return found


def job_order(cast: Cast, japan: Japan, **overrides: object) -> JobOrder:
    return joborder_actions.create_job_order(
        details=order_details(cast, japan, **overrides), by=cast.supervising_officer
    )


def preparing(
    cast: Cast,
    japan: Japan,
    participant: Participant | None = None,
    *,
    order: JobOrder | None = None,
    sending_programme: SendingProgramme | None = None,
) -> Placement:
    """``participant`` (budi by default) preparing to depart for ``order``."""
    person = participant or cast.budi
    person.sending_programme = sending_programme or programme()
    person.save(update_fields=["sending_programme"])
    walk_on(person, cast.lpk_officer)
    order = order or job_order(cast, japan)
    return Placement.objects.create_for_order(
        participant=person, job_order=order, starts_on=order.start_date, created_by=cast.lpk_officer
    )


def walk_on(participant: Participant, by: User) -> Participant:
    """From wherever the participant is on the way (a course may have moved
    them to "in training") on to pre-departure."""
    status = Status(Participant.objects.values_list("status", flat=True).get(pk=participant.pk))
    path = TO_PRE_DEPARTURE[TO_PRE_DEPARTURE.index(status) + 1 :] if status in TO_PRE_DEPARTURE else TO_PRE_DEPARTURE
    return walk(participant, path, by)


def another_participant(cast: Cast, name: str, serial: int) -> Participant:
    """Someone else trained at the cast's BLK and enrolled with its LPK/SO."""
    birth = datetime.date(2001, 1, 1) + datetime.timedelta(days=serial)
    return participant_actions.register_participant(
        details=details(
            cast,
            full_name=name,
            name_katakana="",
            nik=make_nik(birth, serial=serial),
            birth_date=birth,
        ),
        by=cast.lpk_officer,
    )


def record(placement: Placement, item: GateItem, by: User, **values: object) -> None:
    departure.record_gate_item(placement_id=placement.pk, item=item, entry=GateEntry(**values), by=by)  # type: ignore[arg-type]


def fit_until(participant: Participant, until: datetime.date, by: User) -> None:
    participant_actions.record_health_check(
        participant_id=participant.pk,
        details=participant_actions.HealthCheckDetails(
            examined_on=datetime.date(2026, 5, 2),
            result=HealthResult.FIT,
            expires_on=until,
            clinic="RS Bekasi",
            notes="",
        ),
        by=by,
    )


def passport(participant: Participant, *, by: User, number: str = PASSPORT_NUMBER) -> Document:
    return Document.objects.create(
        participant=participant,
        kind=DocumentKind.PASSPORT,
        file="documents/passport.pdf",
        original_name="passport.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        number=number,
        issued_on=datetime.date(2025, 1, 10),
        expires_on=datetime.date(2030, 1, 9),
        uploaded_by=by,
    )


def complete_titp_gate(placement: Placement, by: User, *, coe_issued: datetime.date = COE_ISSUED_RECENTLY) -> None:
    """Every TITP item recorded, valid well past FLIGHT; the flight is the cohort's."""
    record(
        placement,
        GateItem.PLAN_CERTIFICATION,
        by,
        applied_on=datetime.date(2026, 2, 1),
        done_on=datetime.date(2026, 3, 1),
        number="2026-OTIT-00123",
    )
    record(placement, GateItem.COE, by, applied_on=datetime.date(2026, 3, 5), done_on=coe_issued, number="AB12345678")
    record(placement, GateItem.VISA, by, done_on=datetime.date(2026, 5, 20), number="V8765432")
    record(placement, GateItem.ORIENTATION, by, hours=16, done_on=datetime.date(2026, 5, 28), note="BP2MI PAP")
    record(
        placement,
        GateItem.INSURANCE,
        by,
        note="BPJS Ketenagakerjaan",
        number="P-555",
        valid_until=datetime.date(2027, 6, 30),
    )
    fit_until(placement.participant, datetime.date(2026, 12, 31), by)


# What each recordable item takes when it is done well before FLIGHT.
DONE: dict[GateItem, dict[str, object]] = {
    GateItem.PLAN_CERTIFICATION: {
        "applied_on": datetime.date(2026, 2, 1),
        "done_on": datetime.date(2026, 3, 1),
        "number": "2026-OTIT-00123",
    },
    GateItem.ESD_PLAN_CERTIFICATION: {
        "applied_on": datetime.date(2026, 2, 1),
        "done_on": datetime.date(2026, 3, 1),
        "number": "ESD-00123",
    },
    GateItem.EMPLOYMENT_CONTRACT: {"done_on": datetime.date(2026, 3, 1)},
    GateItem.SUPPORT_PLAN: {"done_on": datetime.date(2026, 3, 2), "note": "Sendai Support"},
    GateItem.SKILL_TEST: {"done_on": datetime.date(2026, 2, 20), "note": "評価試験"},
    GateItem.JAPANESE_TEST: {"exempt": True, "note": "TITP 2号"},
    GateItem.COE: {"applied_on": datetime.date(2026, 3, 5), "done_on": COE_ISSUED_RECENTLY, "number": "AB12345678"},
    GateItem.VISA: {"done_on": datetime.date(2026, 5, 20), "number": "V8765432"},
    GateItem.ORIENTATION: {"hours": 16, "done_on": datetime.date(2026, 5, 28), "note": "BP2MI PAP"},
    GateItem.INSURANCE: {"note": "BPJS", "number": "P-555", "valid_until": datetime.date(2027, 6, 30)},
}


def complete_gate(placement: Placement, by: User) -> None:
    """Every item of the placement's gate done, whatever its programme; the flight is the cohort's."""
    for item in programme_of(placement).gate_item_kinds:
        if item in DONE:
            record(placement, item, by, **DONE[item])
    fit_until(placement.participant, datetime.date(2026, 12, 31), by)


def cohort(by: User, *, flight_date: datetime.date = FLIGHT, placements: tuple[Placement, ...] = ()) -> DepartureCohort:
    made = departure.create_cohort(
        details=departure.CohortDetails(
            flight_date=flight_date, flight_number="GA 874", route_from="CGK", route_to="SDJ", escort="Pak Joko"
        ),
        by=by,
    )
    if placements:
        departure.add_to_cohort(cohort_id=made.pk, participant_ids=[p.participant_id for p in placements], by=by)
        made.refresh_from_db()
    return made


def orientation_class_hours(cast: Cast, participant: Participant, hours: int) -> None:
    """A completed orientation class at the cast's LPK/SO worth ``hours``."""
    course = training_actions.create_course(
        provider=cast.lpk,
        details=training_actions.CourseDetails(
            kind=CourseKind.ORIENTATION,
            code="pap",
            name="Pembekalan akhir",
            vocational_programme=None,
            hours=hours,
            certificate="",
            min_attendance_percent=80,
            pass_score=Decimal(70),
            is_active=True,
        ),
        by=cast.lpk_officer,
    )
    training_class = training_actions.create_class(
        course_id=course.pk,
        details=training_actions.ClassDetails(
            code="pap-2605",
            starts_on=datetime.date(2026, 5, 25),
            ends_on=datetime.date(2026, 5, 26),
            instructor=None,
            capacity=20,
        ),
        by=cast.lpk_officer,
    )
    enrolment = training_actions.enrol_participants(
        training_class_id=training_class.pk, participant_ids=[participant.pk], by=cast.lpk_officer
    )[0]
    training_actions.complete_enrolment(
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        completed_on=datetime.date(2026, 5, 26),
        final_score=Decimal(90),
        by=cast.lpk_officer,
    )


def departing(cast: Cast) -> Placement:
    """Budi preparing to depart for the cast's served job order, made once per
    test (the access matrix asks for it once per persona)."""
    existing = Placement.objects.filter(participant=cast.budi).first()
    if existing is not None:
        return existing
    walk_on(cast.budi, cast.lpk_officer)
    order = served_job_order(cast)
    return Placement.objects.create_for_order(
        participant=cast.budi, job_order=order, starts_on=order.start_date, created_by=cast.lpk_officer
    )


def planned_cohort(cast: Cast) -> DepartureCohort:
    """A cohort flying in three weeks with Budi on it, made once per test."""
    existing = DepartureCohort.objects.first()
    if existing is not None:
        return existing
    placement = departing(cast)
    return cohort(
        cast.ministry_officer, flight_date=timezone.localdate() + datetime.timedelta(days=21), placements=(placement,)
    )
