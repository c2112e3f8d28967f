"""Rules about one course, class or enrolment, and the hours readiness counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.cast import Cast
from training import actions
from training.models import (
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Presence,
    TrainingClass,
    TrainingHours,
    completed_hours,
)
from training.tests.conftest import START, Training, class_details, course_details, enrol, participant


def mark(cast: Cast, enrolment: Enrolment, *marks: tuple[str, Presence]) -> None:
    for day, (hours, presence) in enumerate(marks):
        session = actions.add_session(
            training_class_id=enrolment.training_class_id,
            held_on=START + datetime.timedelta(days=day),
            hours=Decimal(hours),
            topic="",
            by=cast.blk_officer,
        )
        actions.mark_attendance(session_id=session.pk, marks={enrolment.pk: presence}, by=cast.blk_officer)


def test_the_attendance_rate_is_unknown_before_any_session_is_marked(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    actions.add_session(
        training_class_id=training.welding_class.pk, held_on=START, hours=Decimal(8), topic="", by=cast.blk_officer
    )
    assert enrolment.attendance_rate() is None
    assert enrolment.meets_attendance()


def test_late_counts_as_attended_and_excused_does_not(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    mark(cast, enrolment, ("4", Presence.PRESENT), ("2", Presence.LATE), ("2", Presence.EXCUSED))
    assert enrolment.hours() == (Decimal(8), Decimal(6))
    assert enrolment.attendance_rate() == Decimal(75)
    assert not enrolment.meets_attendance()  # the welding course asks for 80%


def test_the_rate_is_rounded_down_so_it_never_overstates(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    mark(cast, enrolment, ("1", Presence.PRESENT), ("1", Presence.PRESENT), ("1", Presence.ABSENT))
    assert enrolment.attendance_rate() == Decimal("66.6")


def test_a_session_before_someone_joined_does_not_count_against_them(cast: Cast, training: Training) -> None:
    (budi,) = enrol(cast, training.welding_class, cast.budi)
    mark(cast, budi, ("4", Presence.PRESENT))
    (agus,) = enrol(cast, training.welding_class, participant(cast, "Agus Salim", 2))
    assert agus.attendance_rate() is None


def test_the_list_annotation_agrees_with_the_record(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)
    mark(cast, enrolment, ("4", Presence.PRESENT), ("4", Presence.ABSENT))
    listed = Enrolment.objects.with_attendance().get(pk=enrolment.pk)
    assert listed.attendance_rate() == enrolment.attendance_rate() == Decimal(50)


def test_completed_hours_count_skill_courses_and_credited_lpk_hours(cast: Cast, training: Training) -> None:
    orientation = actions.create_course(
        provider=cast.lpk, details=course_details(CourseKind.ORIENTATION, hours=24), by=cast.lpk_officer
    )
    culture = actions.create_course(
        provider=cast.lpk, details=course_details(CourseKind.CULTURE, hours=40), by=cast.lpk_officer
    )
    classes = [
        training.welding_class,
        training.japanese_class,
        actions.create_class(course_id=orientation.pk, details=class_details(code="ori"), by=cast.lpk_officer),
        actions.create_class(course_id=culture.pk, details=class_details(code="bud"), by=cast.lpk_officer),
    ]
    scores = {classes[0].pk: "80", classes[1].pk: "90", classes[2].pk: "90", classes[3].pk: "10"}
    actions.record_training_results(
        results=[
            actions.TrainingResult(
                participant_id=cast.budi.pk,
                training_class_id=c.pk,
                completed_on=datetime.date(2026, 12, 18),
                final_score=Decimal(scores[c.pk]),
                certificate_number="",
                credited_hours=150 if c == training.japanese_class else None,
            )
            for c in classes
        ],
        by=cast.lpk_officer,
    )
    # Welding counts as a skill course; the language hours as credited; the
    # orientation does not count towards the minimum and culture was not passed.
    assert completed_hours(cast.budi.pk) == TrainingHours(skill_courses_completed=1, sending_organization_hours=150)
    assert completed_hours(cast.siti.pk) == TrainingHours(skill_courses_completed=0, sending_organization_hours=0)


def test_completed_hours_take_one_query(cast: Cast, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        completed_hours(cast.budi.pk)


def test_class_codes_are_suggested_from_provider_course_and_month(cast: Cast, training: Training) -> None:
    day = datetime.date(2027, 2, 1)
    first = TrainingClass.objects.suggest_code(training.welding, day)
    assert first == "bbpvp-bekasi-las-3g-2702"
    actions.create_class(course_id=training.welding.pk, details=class_details(code=first), by=cast.blk_officer)
    assert TrainingClass.objects.suggest_code(training.welding, day) == "bbpvp-bekasi-las-3g-2702-2"


def test_a_class_cannot_end_before_it_starts(cast: Cast, training: Training) -> None:
    with pytest.raises(ValidationError):
        TrainingClass(course=training.welding, starts_on=START, ends_on=START - datetime.timedelta(days=1)).clean()


@pytest.mark.parametrize(
    ("kind", "provider", "with_trade", "problem"),
    [
        (CourseKind.SKILL, "blk", True, None),
        (CourseKind.SKILL, "blk", False, "vocational_programme"),
        (CourseKind.SKILL, "lpk", True, "kind"),
        (CourseKind.LANGUAGE, "lpk", False, None),
        (CourseKind.ORIENTATION, "lpk", False, None),
        (CourseKind.PHYSICAL, "blk", False, "kind"),
        (CourseKind.CULTURE, "lpk", True, "vocational_programme"),
    ],
)
def test_who_gives_which_course(
    cast: Cast, kind: CourseKind, provider: str, with_trade: bool, problem: str | None
) -> None:
    course = Course(
        provider=getattr(cast, provider),
        kind=kind,
        vocational_programme=cast.programme if with_trade else None,
    )
    if problem is None:
        course.clean()
    else:
        with pytest.raises(ValidationError) as refused:
            course.clean()
        assert problem in refused.value.message_dict


def test_a_withdrawn_enrolment_frees_its_place(cast: Cast, training: Training) -> None:
    (enrolment,) = enrol(cast, training.welding_class, cast.budi)

    def taken() -> int:
        counted = TrainingClass.objects.with_places_taken().get(pk=training.welding_class.pk)
        return int(vars(counted)["places_taken"])

    assert taken() == 1
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WITHDRAWN)
    assert taken() == 0
