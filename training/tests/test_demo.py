"""Demo training records: they follow each participant's history and the same
rules the actions keep."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine

from accounts.models import OrganizationKind
from demo.seed import seed_demo
from participants.models import Participant, Status
from reference.models import ListKind, ListVersion, Prefecture, Province, VocationalProgramme
from training.demo import CLASS_CODE_LENGTH, unused_class_code
from training.models import (
    ATTENDED,
    Attendance,
    ClassSession,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    TrainingClass,
    completed_hours,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 3, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 4)
LATER = frozenset({Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE, Status.DEPARTED, Status.PLACED})


@pytest.fixture
def reference() -> None:
    """The reference rows the demo needs, without the full loader."""
    for code in ("12", "13", "31", "32", "33", "73"):
        Province.objects.create(code=code, name=f"Provinsi {code}", name_en=code)
    for code in ("04", "13", "23", "27", "40"):
        Prefecture.objects.create(jis_code=code, name_ja=code, name_en=code)
    version = ListVersion.objects.create(
        kind=ListKind.VOCATIONAL_PROGRAMMES, label="test", effective_from=datetime.date(2022, 11, 1)
    )
    for code, name in [("LAS", "Teknik Las"), ("OTO", "Teknik Otomotif"), ("PTN", "Pertanian")]:
        VocationalProgramme.objects.create(version=version, code=code, name_id=name, name_en=name)


@pytest.fixture
def seeded(reference: None) -> None:
    """500 demo participants with their training (seed_demo seeds it), on a fixed day."""
    with time_machine.travel(NOW, tick=False):
        seed_demo(participants=500, seed=7)


def test_each_provider_gives_its_own_kind_of_course(seeded: None) -> None:
    courses = list(Course.objects.select_related("provider"))
    assert {course.kind for course in courses} == set(CourseKind)
    for course in courses:
        course.clean()  # a BLK gives skill courses with a trade, an LPK/SO the rest
    names = {course.name for course in courses}
    assert {"Teknik Las 3G — BNSP level II", "Bahasa Jepang N4 intensif", "Persiapan fisik"} <= names


def test_participants_train_with_their_own_blk_and_lpk(seeded: None) -> None:
    enrolments = Enrolment.objects.select_related("participant", "training_class__course")
    assert enrolments.count() > 300
    for enrolment in enrolments:
        course = enrolment.training_class.course
        expected = (
            enrolment.participant.training_centre_id
            if course.is_skill
            else enrolment.participant.sending_organization_id
        )
        assert course.provider_id == expected
        if course.is_skill:
            assert course.vocational_programme_id == enrolment.participant.vocational_programme_id


def test_training_follows_the_status(seeded: None) -> None:
    assert not Enrolment.objects.filter(participant__status=Status.REGISTERED).exists()
    in_training = Enrolment.objects.filter(participant__status=Status.IN_TRAINING)
    assert set(in_training.values_list("status", flat=True)) == {EnrolmentStatus.ENROLLED}
    assert not in_training.exclude(training_class__course__kind=CourseKind.SKILL).exists()
    later = Enrolment.objects.filter(participant__status__in=LATER)
    assert not later.filter(training_class__course__kind=CourseKind.SKILL).exclude(status="completed").exists()


def test_whoever_moved_on_has_the_hours_readiness_asks_for(seeded: None) -> None:
    shortlisted_or_later = Participant.objects.filter(status__in=LATER, enrolments__isnull=False).distinct()
    assert shortlisted_or_later.exists()
    for participant in shortlisted_or_later:
        hours = completed_hours(participant.pk)
        assert hours.skill_courses_completed == 1
        assert hours.sending_organization_hours >= 160 or participant.sending_organization_id is None


def test_results_keep_the_rules_of_the_completion_action(seeded: None) -> None:
    for enrolment in (
        Enrolment.objects.exclude(status=EnrolmentStatus.ENROLLED)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("training_class__course")
    ):
        course = enrolment.training_class.course
        assert enrolment.final_score is not None
        assert enrolment.completed_on is not None
        assert enrolment.completed_on <= TODAY
        passed = enrolment.final_score >= course.pass_score
        assert passed == (enrolment.status == EnrolmentStatus.COMPLETED)
        assert enrolment.credited_hours == (course.hours if passed else 0)
        assert enrolment.assessments.exists()


def test_running_classes_have_recent_sessions_and_whole_registers(seeded: None) -> None:
    assert ClassSession.objects.exists()
    for session in ClassSession.objects.select_related("training_class"):
        assert session.training_class.starts_on <= session.held_on < TODAY
        assert session.held_on.weekday() < 5
    assert not Attendance.objects.filter(enrolment__status=EnrolmentStatus.WITHDRAWN).exists()
    presences = Counter(Attendance.objects.values_list("presence", flat=True))
    assert sum(presences[p] for p in ATTENDED) > 0.8 * sum(presences.values())
    assert len(presences) == 4


def test_no_class_is_over_its_places(seeded: None) -> None:
    taken = Counter(Enrolment.objects.active().values_list("training_class_id", flat=True))
    for pk, capacity in TrainingClass.objects.values_list("pk", "capacity"):
        assert taken[pk] <= capacity
    assert not TrainingClass.objects.filter(enrolments__isnull=True).exists()


def test_demo_instructors_belong_to_the_provider(seeded: None) -> None:
    taught = TrainingClass.objects.filter(instructor__isnull=False).select_related("course")
    for training_class in taught:
        assert training_class.instructor is not None
        assert training_class.instructor.memberships.filter(organization=training_class.course.provider_id).exists()
    providers = {c.course.provider.kind for c in TrainingClass.objects.select_related("course__provider")}
    assert providers == {OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION}


def test_it_keeps_every_class_code_within_its_column_however_many_classes_share_a_month() -> None:
    # A million participants put thousands of classes in one provider's month:
    # the number's suffix grows, the stem gives way, the month stays.
    stem = "lpk-a-very-long-sending-organization-code-persiapan-fisik"
    taken: set[str] = set()
    for _ in range(12_000):
        code = unused_class_code(stem, "-2605", taken)
        assert len(code) <= CLASS_CODE_LENGTH
        assert code not in taken
        assert "-2605" in code
        taken.add(code)
    assert unused_class_code("short", "-2605", set()) == "short-2605"


def test_it_tells_each_month_of_a_long_coded_course_apart(seeded: None) -> None:
    classes = TrainingClass.objects.select_related("course__provider")
    assert any(len(f"{c.course.provider.code}-{c.course.code}-2605") > CLASS_CODE_LENGTH for c in classes)
    for training_class in classes:
        month = f"-{training_class.starts_on:%y%m}"
        assert len(training_class.code) <= CLASS_CODE_LENGTH
        assert training_class.code.endswith(month) or month + "-" in training_class.code, training_class.code
