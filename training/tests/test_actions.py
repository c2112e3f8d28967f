"""Training workflows: courses and classes, enrolment, attendance, assessments,
completion and imported results."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditAction, AuditEntry
from participants.models import Participant, Status
from tests.cast import Cast
from training import actions
from training.models import (
    AssessmentKind,
    Attendance,
    ClassSession,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Presence,
    TrainingClass,
)
from training.tests.conftest import START, Training, class_details, course_details, enrol, participant

# --- courses and classes ------------------------------------------------------


def test_a_training_centre_cannot_give_a_language_course(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_course(provider=cast.blk, details=course_details(CourseKind.LANGUAGE), by=cast.blk_officer)
    assert "kind" in refused.value.message_dict


def test_an_lpk_cannot_give_a_skill_course(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        actions.create_course(
            provider=cast.lpk,
            details=course_details(CourseKind.SKILL, vocational_programme=cast.programme),
            by=cast.lpk_officer,
        )


def test_a_skill_course_needs_a_trade(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_course(provider=cast.blk, details=course_details(CourseKind.SKILL), by=cast.blk_officer)
    assert "vocational_programme" in refused.value.message_dict


def test_it_records_who_created_a_course(cast: Cast, training: Training) -> None:
    entry = AuditEntry.objects.for_object(training.welding).get()
    assert entry.actor == cast.blk_officer
    assert entry.action == AuditAction.CREATED
    assert entry.changes["hours"] == [None, 320]


def test_it_refuses_a_course_code_the_provider_already_uses(cast: Cast, training: Training) -> None:
    with pytest.raises(actions.CodeTaken):
        actions.create_course(
            provider=cast.lpk, details=course_details(CourseKind.CULTURE, code="n4"), by=cast.lpk_officer
        )


def test_it_refuses_an_edit_based_on_an_old_copy_of_the_course(cast: Cast, training: Training) -> None:
    details = course_details(CourseKind.LANGUAGE, code="n4", name="Bahasa Jepang N4", hours=240)
    actions.update_course(course_id=training.japanese.pk, details=details, expected_version=1, by=cast.lpk_officer)
    with pytest.raises(actions.EditConflict):
        actions.update_course(course_id=training.japanese.pk, details=details, expected_version=1, by=cast.lpk_officer)
    training.japanese.refresh_from_db()
    assert (training.japanese.hours, training.japanese.version) == (240, 2)


def test_an_instructor_must_belong_to_the_provider(cast: Cast, training: Training) -> None:
    with pytest.raises(actions.InstructorNotMember):
        actions.create_class(
            course_id=training.welding.pk,
            details=class_details(code="las-x", instructor=cast.lpk_officer),
            by=cast.blk_officer,
        )


def test_a_class_cannot_shrink_below_its_enrolments(cast: Cast, training: Training) -> None:
    enrol(cast, training.welding_class, cast.budi, participant(cast, "Agus Salim", 2))
    with pytest.raises(actions.TooFewPlaces):
        actions.update_class(
            class_id=training.welding_class.pk,
            details=class_details(code="las-2609", capacity=1),
            expected_version=1,
            by=cast.blk_officer,
        )


# --- enrolment ----------------------------------------------------------------


def test_enrolling_a_registered_participant_starts_their_training(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    cast.budi.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert cast.budi.status == Status.IN_TRAINING
    assert cast.budi.history.filter(to_status=Status.IN_TRAINING, changed_by=cast.ministry_officer).exists()
    assert AuditEntry.objects.for_object(enrolment).get().action == AuditAction.CREATED


def test_a_second_course_leaves_the_status_alone(cast: Cast, training: Training) -> None:
    enrol(cast, training.welding_class, cast.budi)
    enrol(cast, training.japanese_class, cast.budi)
    cast.budi.refresh_from_db()
    assert cast.budi.status == Status.IN_TRAINING
    assert cast.budi.history.filter(to_status=Status.IN_TRAINING).count() == 1


def test_it_refuses_a_double_enrolment_by_name_and_enrols_nobody(cast: Cast, training: Training) -> None:
    enrol(cast, training.welding_class, cast.budi)
    agus = participant(cast, "Agus Salim", 2)
    with pytest.raises(actions.AlreadyEnrolled, match="Budi Santoso"):
        enrol(cast, training.welding_class, agus, cast.budi)
    assert not Enrolment.objects.filter(participant=agus).exists()


def test_it_keeps_a_class_to_its_places(cast: Cast, training: Training) -> None:
    small = actions.create_class(
        course_id=training.welding.pk, details=class_details(code="las-small", capacity=2), by=cast.blk_officer
    )
    enrol(cast, small, cast.budi)
    with pytest.raises(actions.ClassFull, match="Only 1 place is left"):
        enrol(cast, small, participant(cast, "Agus Salim", 2), participant(cast, "Dewi Lestari", 3))
    assert Enrolment.objects.filter(training_class=small).count() == 1


def test_a_withdrawn_place_is_free_again(cast: Cast, training: Training) -> None:
    small = actions.create_class(
        course_id=training.welding.pk, details=class_details(code="las-small", capacity=1), by=cast.blk_officer
    )
    (first,) = enrol(cast, small, cast.budi)
    actions.withdraw_enrolment(enrolment_id=first.pk, expected_version=1, by=cast.blk_officer)
    enrol(cast, small, participant(cast, "Agus Salim", 2))
    assert Enrolment.objects.filter(training_class=small).active().count() == 1


def test_someone_withdrawn_can_join_the_same_class_again(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.withdraw_enrolment(enrolment_id=enrolment.pk, expected_version=1, by=cast.blk_officer)
    (again,) = enrol(cast, training.welding_class, cast.budi)
    assert again.pk == enrolment.pk
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.version) == (EnrolmentStatus.ENROLLED, 3)


def test_nobody_in_japan_starts_a_course(cast: Cast, training: Training) -> None:
    with pytest.raises(actions.NotEnrollable, match="Siti Aminah"):
        enrol(cast, training.welding_class, cast.siti)


def test_withdrawing_from_a_class_leaves_the_participant_in_training(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.withdraw_enrolment(enrolment_id=enrolment.pk, expected_version=1, by=cast.blk_officer, reason="sick")
    enrolment.refresh_from_db()
    cast.budi.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.WITHDRAWN
    assert cast.budi.status == Status.IN_TRAINING
    entry = AuditEntry.objects.for_object(enrolment).get(action=AuditAction.STATUS_CHANGED)
    assert entry.changes == {"status": ["enrolled", "withdrawn"], "reason": [None, "sick"]}


def test_a_withdrawal_from_an_old_copy_is_refused(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.record_assessment(
        enrolment_id=enrolment.pk, kind=AssessmentKind.FINAL, taken_on=START, score=Decimal(90), by=cast.blk_officer
    )
    actions.complete_enrolment(enrolment_id=enrolment.pk, expected_version=1, completed_on=START, by=cast.blk_officer)
    with pytest.raises(actions.EditConflict):
        actions.withdraw_enrolment(enrolment_id=enrolment.pk, expected_version=1, by=cast.blk_officer)


# --- sessions and attendance --------------------------------------------------


def session(cast: Cast, training_class: TrainingClass, day: int = 0, hours: str = "4") -> ClassSession:
    return actions.add_session(
        training_class_id=training_class.pk,
        held_on=START + datetime.timedelta(days=day),
        hours=Decimal(hours),
        topic="",
        by=cast.blk_officer,
    )


def test_a_session_falls_within_the_class_dates(cast: Cast, training: Training) -> None:
    with pytest.raises(actions.SessionOutsideClass):
        session(cast, training.welding_class, day=-1)


def test_marking_attendance_twice_with_the_same_marks_changes_nothing(cast: Cast, training: Training) -> None:
    budi, agus = enrol(cast, training.welding_class, cast.budi, participant(cast, "Agus Salim", 2))
    today = session(cast, training.welding_class)
    marks = {budi.pk: Presence.PRESENT, agus.pk: Presence.LATE}
    first = actions.mark_attendance(session_id=today.pk, marks=marks, by=training.blk_instructor)
    second = actions.mark_attendance(session_id=today.pk, marks=marks, by=training.blk_instructor)
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Attendance.objects.filter(session=today).count() == 2
    assert AuditEntry.objects.for_object(today).filter(action=AuditAction.UPDATED).count() == 1


def test_marking_again_updates_the_marks_that_changed_and_logs_the_counts(cast: Cast, training: Training) -> None:
    budi, agus = enrol(cast, training.welding_class, cast.budi, participant(cast, "Agus Salim", 2))
    today = session(cast, training.welding_class)
    actions.mark_attendance(
        session_id=today.pk, marks={budi.pk: Presence.PRESENT, agus.pk: Presence.PRESENT}, by=cast.blk_officer
    )
    saved = actions.mark_attendance(
        session_id=today.pk, marks={budi.pk: Presence.PRESENT, agus.pk: Presence.ABSENT}, by=training.blk_instructor
    )
    assert (saved.created, saved.updated, saved.unchanged) == (0, 1, 1)
    assert saved.counts == {"present": 1, "late": 0, "excused": 0, "absent": 1}
    mark = Attendance.objects.get(session=today, enrolment=agus)
    assert (mark.presence, mark.marked_by) == (Presence.ABSENT, training.blk_instructor)
    latest = AuditEntry.objects.for_object(today).filter(action=AuditAction.UPDATED).first()
    assert latest is not None
    assert latest.changes == {"present": [2, 1], "absent": [0, 1], "marked": [None, 1]}


def test_nobody_off_the_class_list_is_marked(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.withdraw_enrolment(enrolment_id=enrolment.pk, expected_version=1, by=cast.blk_officer)
    today = session(cast, training.welding_class)
    with pytest.raises(actions.NotOnClassList):
        actions.mark_attendance(session_id=today.pk, marks={enrolment.pk: Presence.PRESENT}, by=cast.blk_officer)


# --- assessments and completion -----------------------------------------------


def assess(cast: Cast, enrolment: Enrolment, score: str, **kwargs: object) -> None:
    actions.record_assessment(
        enrolment_id=enrolment.pk,
        kind=AssessmentKind.FINAL,
        taken_on=START,
        score=Decimal(score),
        by=cast.blk_officer,
        **kwargs,  # type: ignore[arg-type]
    )


def test_an_assessment_passes_by_the_course_pass_score_unless_told(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    assess(cast, enrolment, "69.99")
    assess(cast, enrolment, "70")
    assess(cast, enrolment, "50", passed=True, note="remedial accepted")
    assert [a.passed for a in enrolment.assessments.order_by("id")] == [False, True, True]


def test_a_score_above_100_is_refused(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    with pytest.raises(actions.ScoreOutOfRange):
        assess(cast, enrolment, "100.5")


def attend(cast: Cast, enrolment: Enrolment, *presences: Presence) -> None:
    for day, presence in enumerate(presences):
        held = session(cast, enrolment.training_class, day=day)
        actions.mark_attendance(session_id=held.pk, marks={enrolment.pk: presence}, by=cast.blk_officer)


def complete(cast: Cast, enrolment: Enrolment, **kwargs: object) -> Enrolment:
    enrolment.refresh_from_db()
    return actions.complete_enrolment(
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        completed_on=datetime.date(2026, 12, 18),
        by=cast.blk_officer,
        **kwargs,  # type: ignore[arg-type]
    )


def test_completion_is_refused_below_the_minimum_attendance(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    attend(cast, enrolment, Presence.PRESENT, Presence.LATE, Presence.PRESENT, Presence.EXCUSED, Presence.ABSENT)
    with pytest.raises(actions.AttendanceTooLow, match=r"60[.,]0%"):
        complete(cast, enrolment, final_score=Decimal(95))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED


def test_completion_sets_the_result_the_certificate_and_the_hours(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    attend(cast, enrolment, *[Presence.PRESENT] * 4, Presence.ABSENT)
    done = complete(cast, enrolment, final_score=Decimal("82.5"), certificate_number="BNSP-123")
    assert done.status == EnrolmentStatus.COMPLETED
    assert (done.final_score, done.certificate_number, done.credited_hours) == (Decimal("82.5"), "BNSP-123", 320)
    assert done.completed_on == datetime.date(2026, 12, 18)
    entry = AuditEntry.objects.for_object(done).get(action=AuditAction.STATUS_CHANGED)
    assert entry.changes["status"] == ["enrolled", "completed"]


def test_a_final_score_below_the_pass_score_is_not_passed(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    done = complete(cast, enrolment, final_score=Decimal(60), certificate_number="BNSP-123")
    assert done.status == EnrolmentStatus.FAILED
    assert (done.final_score, done.certificate_number, done.credited_hours) == (Decimal(60), "", 0)


def test_without_sessions_the_attendance_is_not_checked(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    assert complete(cast, enrolment, final_score=Decimal(70)).status == EnrolmentStatus.COMPLETED


def test_completion_takes_the_latest_final_assessment(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.record_assessment(
        enrolment_id=enrolment.pk, kind=AssessmentKind.FINAL, taken_on=START, score=Decimal(55), by=cast.blk_officer
    )
    actions.record_assessment(
        enrolment_id=enrolment.pk,
        kind=AssessmentKind.FINAL,
        taken_on=START + datetime.timedelta(days=14),
        score=Decimal(78),
        by=cast.blk_officer,
    )
    assert complete(cast, enrolment).final_score == Decimal(78)


def test_completion_needs_a_final_score(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    with pytest.raises(actions.FinalScoreMissing):
        complete(cast, enrolment)


def test_a_result_is_recorded_once(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    complete(cast, enrolment, final_score=Decimal(90))
    with pytest.raises(actions.EnrolmentClosed):
        complete(cast, enrolment, final_score=Decimal(95))


def test_completion_from_an_old_copy_is_refused(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    with pytest.raises(actions.EditConflict):
        actions.complete_enrolment(
            enrolment_id=enrolment.pk,
            expected_version=enrolment.version + 1,
            completed_on=START,
            final_score=Decimal(90),
            by=cast.blk_officer,
        )


# --- imported results ---------------------------------------------------------


def result(participant_id: int, class_id: int, score: str = "85", **overrides: object) -> actions.TrainingResult:
    values: dict[str, object] = {
        "participant_id": participant_id,
        "training_class_id": class_id,
        "completed_on": datetime.date(2026, 12, 18),
        "final_score": Decimal(score),
        "certificate_number": f"BNSP-{participant_id}",
        "credited_hours": None,
    }
    values.update(overrides)
    return actions.TrainingResult(**values)  # type: ignore[arg-type]


def test_imported_results_create_complete_and_fail_enrolments(cast: Cast, training: Training) -> None:
    agus = participant(cast, "Agus Salim", 2)
    recorded = actions.record_training_results(
        results=[
            result(cast.budi.pk, training.welding_class.pk),
            result(agus.pk, training.welding_class.pk, "40"),
            result(cast.budi.pk, training.japanese_class.pk, credited_hours=120),
        ],
        by=cast.lpk_officer,
    )
    assert recorded == actions.RecordedResults(created=3, updated=0, unchanged=0)
    welding = Enrolment.objects.get(participant=cast.budi, training_class=training.welding_class)
    assert (welding.status, welding.credited_hours, welding.certificate_number) == (
        "completed",
        320,
        f"BNSP-{cast.budi.pk}",
    )
    assert Enrolment.objects.get(participant=agus).status == EnrolmentStatus.FAILED
    assert Enrolment.objects.get(training_class=training.japanese_class).credited_hours == 120
    assert AuditEntry.objects.filter(target_type="training.enrolment", actor=cast.lpk_officer).count() == 3


def test_importing_the_same_results_twice_changes_nothing(cast: Cast, training: Training) -> None:
    rows = [result(cast.budi.pk, training.welding_class.pk), result(cast.budi.pk, training.japanese_class.pk)]
    actions.record_training_results(results=rows, by=cast.lpk_officer)
    audit_rows = AuditEntry.objects.count()
    again = actions.record_training_results(results=rows, by=cast.lpk_officer)
    assert again == actions.RecordedResults(created=0, updated=0, unchanged=2)
    assert AuditEntry.objects.count() == audit_rows


def test_an_imported_result_completes_an_existing_enrolment(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    recorded = actions.record_training_results(
        results=[result(cast.budi.pk, training.welding_class.pk, "91")], by=cast.blk_officer
    )
    enrolment.refresh_from_db()
    assert recorded.updated == 1
    assert (enrolment.status, enrolment.final_score, enrolment.version) == ("completed", Decimal(91), 2)


def test_imported_results_for_an_unknown_class_are_refused(cast: Cast, training: Training) -> None:
    with pytest.raises(actions.UnknownRecords, match="999999"):
        actions.record_training_results(results=[result(cast.budi.pk, 999999)], by=cast.blk_officer)
    assert not Enrolment.objects.exists()


def test_a_thousand_results_take_a_few_queries(
    cast: Cast, training: Training, django_assert_max_num_queries: object
) -> None:
    people = Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta {n}",
            nik=f"32160101{n:08d}",
            sex="M",
            birth_date=datetime.date(2000, 1, 1),
            province=cast.province,
            training_centre=cast.blk,
        )
        for n in range(1000)
    )
    classes = [training.welding_class, training.japanese_class]
    rows = [result(p.pk, classes[n % 2].pk, str(60 + n % 40)) for n, p in enumerate(people)]
    # Nothing per row: SQLite takes at most 999 parameters a statement, so the
    # bulk INSERTs go in about twenty batches there and in a handful on PostgreSQL,
    # plus the audit chain's lock and head (audit/chain.py).
    with django_assert_max_num_queries(34):  # type: ignore[operator]
        recorded = actions.record_training_results(results=rows, by=cast.blk_officer)
    assert recorded.created == 1000
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        assert actions.record_training_results(results=rows, by=cast.blk_officer).unchanged == 1000


@pytest.mark.parametrize(
    ("language", "refusal", "shown"),
    [
        ("id", lambda: actions.ClassFull(capacity=1200, taken=1200), "1.200"),
        ("en", lambda: actions.ClassFull(capacity=1200, taken=1200), "1,200"),
        ("id", lambda: actions.ClassFull(capacity=3000, taken=1000), "2.000"),
        ("id", lambda: actions.TooFewPlaces(1500), "1.500"),
        ("id", lambda: actions.ScoreOutOfRange(Decimal("100.5")), "100,5"),
    ],
)
def test_refusals_write_their_numbers_the_readers_way(
    language: str, refusal: Callable[[], actions.TrainingError], shown: str
) -> None:
    # A refusal is worded when it is raised, in the language of the request that raised it.
    with translation.override(language):
        assert shown in str(refusal())
