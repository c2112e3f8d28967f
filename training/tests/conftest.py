"""Training fixtures on top of the cast: a BLK welding course and an LPK
Japanese course, one class each, built through the real actions.

budi (trained at blk, enrolled with lpk) may be changed by both blk_officer and
lpk_officer; the instructor of both classes is a *viewer* at their provider."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from accounts.models import Membership, Organization, Role, User
from participants import actions as participant_actions
from participants.models import Participant
from tests.cast import PASSWORD, Cast, details
from tests.nik import make_nik
from training import actions
from training.models import Course, CourseKind, Enrolment, TrainingClass

START = datetime.date(2026, 9, 7)
END = datetime.date(2026, 12, 18)


@pytest.fixture(autouse=True)
def english(settings: Settings) -> None:
    """The training tests read messages in English, the source language (the
    default is Indonesian): in actions and on pages alike."""
    settings.LANGUAGE_CODE = "en"


@dataclass
class Training:
    welding: Course
    japanese: Course
    welding_class: TrainingClass
    japanese_class: TrainingClass
    blk_instructor: User
    lpk_instructor: User


def course_details(kind: CourseKind, **overrides: object) -> actions.CourseDetails:
    values: dict[str, object] = {
        "kind": kind,
        "code": f"{kind}-1",
        "name": f"A {kind} course",
        "vocational_programme": None,
        "hours": 160,
        "certificate": "",
        "min_attendance_percent": 80,
        "pass_score": Decimal(70),
        "is_active": True,
    }
    values.update(overrides)
    return actions.CourseDetails(**values)  # type: ignore[arg-type]


def class_details(**overrides: object) -> actions.ClassDetails:
    values: dict[str, object] = {
        "code": "class-1",
        "starts_on": START,
        "ends_on": END,
        "instructor": None,
        "capacity": 20,
    }
    values.update(overrides)
    return actions.ClassDetails(**values)  # type: ignore[arg-type]


def instructor(username: str, organization: Organization) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name="Instruktur", last_name=username)
    Membership.objects.create(user=user, organization=organization, role=Role.VIEWER)
    return user


def participant(cast: Cast, name: str, serial: int, **overrides: object) -> Participant:
    birth = datetime.date(2000, 1, 1) + datetime.timedelta(days=serial)
    values: dict[str, object] = {
        "full_name": name,
        "name_katakana": "",
        "birth_date": birth,
        "nik": make_nik(birth, serial=serial),
    }
    values.update(overrides)
    return participant_actions.register_participant(details=details(cast, **values), by=cast.ministry_officer)


def enrol(cast: Cast, training_class: TrainingClass, *people: Participant) -> list[Enrolment]:
    return actions.enrol_participants(
        training_class_id=training_class.pk, participant_ids=[p.pk for p in people], by=cast.ministry_officer
    )


@pytest.fixture
def training(cast: Cast) -> Training:
    welding = actions.create_course(
        provider=cast.blk,
        details=course_details(
            CourseKind.SKILL,
            code="las-3g",
            name="Teknik Las 3G — BNSP level II",
            vocational_programme=cast.programme,
            hours=320,
            certificate="BNSP level II",
        ),
        by=cast.blk_officer,
    )
    japanese = actions.create_course(
        provider=cast.lpk,
        details=course_details(CourseKind.LANGUAGE, code="n4", name="Bahasa Jepang N4 intensif", hours=200),
        by=cast.lpk_officer,
    )
    blk_instructor = instructor("blk_instructor", cast.blk)
    lpk_instructor = instructor("lpk_instructor", cast.lpk)
    return Training(
        welding=welding,
        japanese=japanese,
        welding_class=actions.create_class(
            course_id=welding.pk,
            details=class_details(code="las-2609", instructor=blk_instructor),
            by=cast.blk_officer,
        ),
        japanese_class=actions.create_class(
            course_id=japanese.pk,
            details=class_details(code="n4-2609", instructor=lpk_instructor),
            by=cast.lpk_officer,
        ),
        blk_instructor=blk_instructor,
        lpk_instructor=lpk_instructor,
    )
