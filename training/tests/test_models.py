"""Rules about one course, class or enrolment, and the hours readiness counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.cast import Cast
from training import actions
from training.models import (
    ClassPhase,
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


# --- how a class is named, ordered and planned ---------------------------------


def _class(hours: int, first: datetime.date, last: datetime.date, name: str = "Bahasa Jepang N4") -> TrainingClass:
    return TrainingClass(course=Course(name=name, hours=hours), code="x", starts_on=first, ends_on=last)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("id", "Bahasa Jepang N4 · 3 Maret – 28 Juni 2027"),
        ("en", "Bahasa Jepang N4 · 3 March – 28 June 2027"),
    ],
)
def test_a_class_is_titled_by_its_course_and_dates(language: str, title: str) -> None:
    with translation.override(language):
        assert _class(160, datetime.date(2027, 3, 3), datetime.date(2027, 6, 28)).title == title


def test_japanese_dates_say_the_year_first_and_once() -> None:
    with translation.override("ja"):
        dates = _class(160, datetime.date(2027, 3, 3), datetime.date(2027, 6, 28)).dates
    assert dates.startswith("2027年3月3日")
    assert dates.endswith("6月28日")
    assert dates.count("2027") == 1


def test_a_class_across_a_new_year_names_both_years() -> None:
    with translation.override("id"):
        assert _class(160, datetime.date(2026, 11, 3), datetime.date(2027, 2, 26)).dates == (
            "3 November 2026 – 26 Februari 2027"
        )


def test_a_class_of_one_day_names_the_day_once() -> None:
    with translation.override("id"):
        assert _class(8, datetime.date(2027, 3, 3), datetime.date(2027, 3, 3)).dates == "3 Maret 2027"


@pytest.mark.parametrize(
    ("hours", "first", "last", "planned"),
    [
        (200, START, datetime.date(2026, 12, 18), Decimal("2.5")),  # 75 weekdays: 2.67 h, to the half hour
        (320, START, datetime.date(2026, 12, 18), Decimal("4.5")),  # 4.27 h
        (24, datetime.date(2026, 9, 7), datetime.date(2026, 9, 18), Decimal("2.5")),  # 10 weekdays
        (1, START, datetime.date(2026, 12, 18), Decimal("0.5")),  # never less than half an hour
        (500, START, START, Decimal(24)),  # never more than a day
        (10, datetime.date(2026, 9, 5), datetime.date(2026, 9, 6), Decimal(10)),  # a weekend class: one day
    ],
)
def test_a_sessions_hours_are_planned_from_the_course(
    hours: int, first: datetime.date, last: datetime.date, planned: Decimal
) -> None:
    assert _class(hours, first, last).planned_session_hours() == planned


def test_classes_are_listed_running_first_then_upcoming_then_ended(cast: Cast, training: Training) -> None:
    today = datetime.date(2026, 10, 1)  # the fixture's classes run from START to END: both running
    spans = {
        "ended-long-ago": (datetime.date(2025, 1, 6), datetime.date(2025, 3, 28)),
        "upcoming-later": (datetime.date(2027, 1, 4), datetime.date(2027, 3, 26)),
        "ended-lately": (datetime.date(2026, 6, 1), datetime.date(2026, 9, 30)),
        "upcoming-soon": (datetime.date(2026, 10, 2), datetime.date(2026, 12, 18)),
        "running-late-start": (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1)),
    }
    for code, (first, last) in spans.items():
        actions.create_class(
            course_id=training.welding.pk,
            details=class_details(code=code, starts_on=first, ends_on=last),
            by=cast.blk_officer,
        )

    ordered = TrainingClass.objects.filter(course=training.welding).in_calendar_order(today)

    assert [(c.code, c.phase_on(today)) for c in ordered] == [
        ("las-2609", ClassPhase.RUNNING),
        ("running-late-start", ClassPhase.RUNNING),
        ("upcoming-soon", ClassPhase.UPCOMING),
        ("upcoming-later", ClassPhase.UPCOMING),
        ("ended-lately", ClassPhase.ENDED),
        ("ended-long-ago", ClassPhase.ENDED),
    ]
