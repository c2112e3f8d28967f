"""Demo training records for seeded participants (the lead calls
``seed_training`` from ``seed_demo``, chunk by chunk).

Each participant's training follows their status history: the BLK skill
course of their trade runs from ``in_training`` to ``ready``; the LPK/SO's
Japanese, culture and physical courses start when the LPK/SO takes them on
(``ready``), and the pre-departure orientation when they are ``selected``.
Whoever moved on completed the course; whoever is still there is enrolled;
whoever withdrew left the class (or failed it first).

Classes group a provider's people by the month they started. Only classes
running today have sessions and attendance, and only for the last weeks: the
older registers are on paper, so their attendance rate is simply unknown,
which is also what keeps 100,000 participants fast to seed.

Rows are written with ``bulk_create`` and no audit entries, like the rest of
the demo: nobody did these things.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, OrganizationKind, User
from lib.batches import batched
from lib.bulk_insert import insert_objects
from participants.models import Participant, Status, StatusChange
from reference.models import VocationalProgramme
from training.models import (
    Assessment,
    AssessmentKind,
    Attendance,
    ClassSession,
    Course,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Presence,
    TrainingClass,
)

SHARE_WITH_RECORDS = 0.92  # the rest trained before the system, or elsewhere
CLASS_SIZE = 24
ATTENDANCE_WINDOW_DAYS = 28
LEFT = frozenset({Status.WITHDRAWN, Status.DISQUALIFIED})


CLASS_CODE_LENGTH = TrainingClass._meta.get_field("code").max_length or 40


def unused_class_code(
    stem: str, tail: str, taken: set[str] | frozenset[str], max_length: int = CLASS_CODE_LENGTH
) -> str:
    """``stem`` + ``tail``, or with ``-2``, ``-3``… after it, whichever is
    free, within ``max_length``. Only the stem (provider and course) is
    shortened: the tail (the month) and the number are what tell a
    provider's classes apart. Cutting the whole code at a fixed width once
    dropped the month of long provider and course codes, so every month's
    classes of such a course shared one base and numbered into the
    thousands, until the number's suffix outgrew the column (PostgreSQL
    refuses it; SQLite stores it silently)."""
    number, suffix = 1, ""
    while True:
        code = stem[: max_length - len(tail) - len(suffix)] + tail + suffix
        if code not in taken:
            return code
        number += 1
        suffix = f"-{number}"


@dataclass(frozen=True)
class CourseSpec:
    kind: CourseKind
    code: str
    name: str
    hours: int
    days: int  # how long a class runs
    certificate: str = ""


SKILL_NAMES = {
    "LAS": ("las-3g", "Teknik Las 3G — BNSP level II", 480),
    "OTO": ("oto-ringan", "Teknik Otomotif Kendaraan Ringan — BNSP level II", 400),
    "CGV": ("caregiver", "Perawatan Lansia (Caregiver) — BNSP level II", 360),
}
SKILL_DAYS = 120
SKILL_CERTIFICATE = "Sertifikat Kompetensi BNSP level II"
LPK_COURSES = (
    CourseSpec(CourseKind.LANGUAGE, "bahasa-n4", "Bahasa Jepang N4 intensif", 240, 75, "Sertifikat kelulusan N4"),
    CourseSpec(CourseKind.CULTURE, "budaya-kerja", "Budaya dan etos kerja Jepang", 40, 75),
    CourseSpec(CourseKind.PHYSICAL, "persiapan-fisik", "Persiapan fisik", 40, 75),
)
ORIENTATION = CourseSpec(CourseKind.ORIENTATION, "orientasi", "Orientasi pra-keberangkatan", 24, 14)


@dataclass(frozen=True)
class Timeline:
    """When a participant first reached the statuses training follows."""

    reached: dict[str, datetime.date]

    def on(self, status: Status) -> datetime.date | None:
        return self.reached.get(status)


@dataclass
class Member:
    participant: Participant
    started: datetime.date
    moved_on: datetime.date | None  # when they reached the status that ends this course
    # A BLK course ends when the participant is declared ready, however long
    # it overruns; the LPK/SO's courses end with the class.
    ends_with_class: bool = True


@dataclass
class PlannedClass:
    training_class: TrainingClass
    members: list[Member] = field(default_factory=list)


class _Seeder:
    def __init__(self, *, rng: random.Random, by: User | None, today: datetime.date) -> None:
        self.rng = rng
        self.by = by
        self.today = today
        self.zone = timezone.get_current_timezone()
        self.courses: dict[tuple[int, str], Course] = {
            (course.provider_id, course.code): course for course in Course.objects.all()
        }
        self.codes = set(TrainingClass.objects.values_list("code", flat=True))
        self.providers = Organization.objects.in_bulk(
            Organization.objects.filter(
                kind__in=[OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION], is_active=True
            ).values_list("pk", flat=True)
        )
        self.instructors: dict[int, User] = {}
        for membership in Membership.objects.filter(organization__in=list(self.providers)).select_related("user"):
            self.instructors.setdefault(membership.organization_id, membership.user)
        self.classes: dict[tuple[int, datetime.date], list[PlannedClass]] = defaultdict(list)
        self.serial = 0

    # --- courses and classes --------------------------------------------------

    def course(self, provider_id: int, spec: CourseSpec, programme_id: int | None = None) -> Course:
        key = (provider_id, spec.code)
        if key not in self.courses:
            self.courses[key] = Course.objects.create(
                provider_id=provider_id,
                kind=spec.kind,
                code=spec.code,
                name=spec.name,
                vocational_programme_id=programme_id,
                hours=spec.hours,
                certificate=spec.certificate,
            )
        return self.courses[key]

    def skill_spec(self, programme: VocationalProgramme) -> CourseSpec:
        code, name, hours = SKILL_NAMES.get(
            programme.code, (f"{programme.code.lower()}-bnsp", f"{programme.name_id} — BNSP level II", 320)
        )
        return CourseSpec(CourseKind.SKILL, code, name, hours, SKILL_DAYS, SKILL_CERTIFICATE)

    def place(self, course: Course, spec: CourseSpec, member: Member) -> None:
        """Into the class of the month they started, opening another when it is full."""
        month = member.started.replace(day=1)
        classes = self.classes[(course.pk, month)]
        if not classes or len(classes[-1].members) >= CLASS_SIZE:
            classes.append(PlannedClass(self._new_class(course, spec, month)))
        classes[-1].members.append(member)

    def _new_class(self, course: Course, spec: CourseSpec, month: datetime.date) -> TrainingClass:
        provider = self.providers[course.provider_id]
        code = unused_class_code(f"{provider.code}-{course.code}", f"-{month:%y%m}", self.codes)
        self.codes.add(code)
        return TrainingClass(
            course=course,
            code=code,
            starts_on=month,
            ends_on=month + datetime.timedelta(days=spec.days),
            instructor=self.instructors.get(course.provider_id),
            capacity=CLASS_SIZE,
        )

    # --- outcomes ----------------------------------------------------------------

    def enrolment(self, planned: PlannedClass, member: Member) -> Enrolment:
        training_class = planned.training_class
        course = training_class.course
        participant = member.participant
        joined = min(max(member.started, training_class.starts_on), training_class.ends_on)
        enrolment = Enrolment(training_class=training_class, participant=participant, enrolled_on=joined)
        finished = member.moved_on is not None or (
            member.ends_with_class and training_class.ends_on < self.today and participant.status not in LEFT
        )
        if finished:
            done = min(member.moved_on or training_class.ends_on, training_class.ends_on, self.today)
            self._result(enrolment, course, max(done, joined), passed=True)
        elif participant.status in LEFT:
            if training_class.ends_on < participant.status_changed_at.date() and self.rng.random() < 0.4:
                self._result(enrolment, course, training_class.ends_on, passed=False)
            else:
                enrolment.status = EnrolmentStatus.WITHDRAWN
        return enrolment

    def _result(self, enrolment: Enrolment, course: Course, on: datetime.date, *, passed: bool) -> None:
        low, high = (float(course.pass_score) + 2, 98.0) if passed else (35.0, float(course.pass_score) - 5)
        enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED
        enrolment.completed_on = on
        enrolment.final_score = Decimal(round(self.rng.uniform(low, high) * 2) / 2).quantize(Decimal("0.01"))
        enrolment.credited_hours = course.hours if passed else 0
        if passed and course.certificate:
            self.serial += 1
            prefix = "BNSP" if course.kind == CourseKind.SKILL else "LPK"
            enrolment.certificate_number = f"{prefix}/{on:%Y}/{self.serial:06d}"

    def assessments(self, enrolment: Enrolment) -> list[Assessment]:
        course = enrolment.training_class.course
        recorder = enrolment.training_class.instructor or self.by
        if enrolment.final_score is not None and enrolment.completed_on is not None:
            kinds = [AssessmentKind.FINAL] + ([AssessmentKind.COMPETENCY] if course.kind == CourseKind.SKILL else [])
            return [
                Assessment(
                    enrolment=enrolment,
                    kind=kind,
                    taken_on=enrolment.completed_on,
                    score=enrolment.final_score,
                    passed=enrolment.final_score >= course.pass_score,
                    recorded_by=recorder,
                )
                for kind in kinds
            ]
        midway = enrolment.training_class.starts_on + datetime.timedelta(days=30)
        if enrolment.status == EnrolmentStatus.ENROLLED and midway < self.today:
            score = Decimal(self.rng.randint(50, 98))
            return [
                Assessment(
                    enrolment=enrolment,
                    kind=AssessmentKind.WRITTEN,
                    taken_on=midway,
                    score=score,
                    passed=score >= course.pass_score,
                    recorded_by=recorder,
                )
            ]
        return []

    # --- sessions and attendance -----------------------------------------------

    def sessions(self, training_class: TrainingClass) -> list[ClassSession]:
        if not training_class.starts_on < self.today <= training_class.ends_on:
            return []
        hours = training_class.planned_session_hours()
        since = max(training_class.starts_on, self.today - datetime.timedelta(days=ATTENDANCE_WINDOW_DAYS))
        return [
            ClassSession(training_class=training_class, held_on=day, hours=hours, topic="")
            for day in _weekdays(since, self.today - datetime.timedelta(days=1))
        ]

    def attendance(self, sessions: list[ClassSession], enrolments: list[Enrolment]) -> list[Attendance]:
        marks = []
        for enrolment in enrolments:
            if enrolment.status == EnrolmentStatus.WITHDRAWN:
                continue
            reliability = self.rng.uniform(0.78, 1.0)
            marker = enrolment.training_class.instructor or self.by
            for session in sessions:
                if session.held_on >= enrolment.enrolled_on:
                    marks.append(
                        Attendance(
                            session=session,
                            enrolment=enrolment,
                            presence=self._presence(reliability),
                            marked_by=marker,
                            marked_at=_evening(session.held_on, self.zone),
                        )
                    )
        return marks

    def _presence(self, reliability: float) -> Presence:
        roll = self.rng.random()
        if roll < reliability * 0.93:
            return Presence.PRESENT
        if roll < reliability:
            return Presence.LATE
        return Presence.EXCUSED if roll < (1 + reliability) / 2 else Presence.ABSENT


def _weekdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


def _evening(day: datetime.date, zone: datetime.tzinfo) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(16), tzinfo=zone)


def _timelines(participants: Sequence[Participant]) -> dict[int, Timeline]:
    reached: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    wanted = [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED, Status.SELECTED, Status.DEPARTED]
    for batch in batched((p.pk for p in participants), 900):
        changes = (
            StatusChange.objects.filter(participant_id__in=batch, to_status__in=wanted)
            .order_by("changed_at")
            .values_list("participant_id", "to_status", "changed_at")
        )
        for participant_id, status, at in changes:
            reached[participant_id].setdefault(status, timezone.localdate(at))
    return {pk: Timeline(dates) for pk, dates in reached.items()}


def _plan(seeder: _Seeder, participants: Iterable[Participant], timelines: dict[int, Timeline]) -> None:
    programmes = VocationalProgramme.objects.in_bulk(
        {p.vocational_programme_id for p in participants if p.vocational_programme_id}
    )
    for participant in participants:
        timeline = timelines.get(participant.pk)
        started = timeline.on(Status.IN_TRAINING) if timeline else None
        if timeline is None or started is None or seeder.rng.random() > SHARE_WITH_RECORDS:
            continue
        programme = programmes.get(participant.vocational_programme_id or 0)
        if programme is not None and participant.training_centre_id in seeder.providers:
            spec = seeder.skill_spec(programme)
            course = seeder.course(participant.training_centre_id, spec, programme.pk)
            # Someone sent back to retrain is in the class again, not done with it.
            ready = timeline.on(Status.READY) if participant.status != Status.IN_TRAINING else None
            seeder.place(course, spec, Member(participant, started, ready, ends_with_class=False))
        lpk = participant.sending_organization_id
        ready = timeline.on(Status.READY)
        if lpk is None or lpk not in seeder.providers or ready is None:
            continue
        for spec in LPK_COURSES:
            seeder.place(seeder.course(lpk, spec), spec, Member(participant, ready, timeline.on(Status.SHORTLISTED)))
        selected = timeline.on(Status.SELECTED)
        if selected is not None:
            member = Member(participant, selected, timeline.on(Status.DEPARTED))
            seeder.place(seeder.course(lpk, ORIENTATION), ORIENTATION, member)


@transaction.atomic
def seed_training(*, rng: random.Random, participants: Sequence[Participant], by: User | None) -> None:
    """Courses, classes, enrolments, sessions, attendance and assessments for
    ``participants`` (those past ``registered``), following their histories."""
    seeder = _Seeder(rng=rng, by=by, today=timezone.localdate())
    started = [p for p in participants if p.status != Status.REGISTERED]
    _plan(seeder, started, _timelines(started))
    planned = [planned for group in seeder.classes.values() for planned in group]
    TrainingClass.objects.bulk_create([p.training_class for p in planned], batch_size=1000)
    enrolments = {id(p): [seeder.enrolment(p, member) for member in p.members] for p in planned}
    Enrolment.objects.bulk_create([e for group in enrolments.values() for e in group], batch_size=2000)
    sessions = {id(p): seeder.sessions(p.training_class) for p in planned}
    ClassSession.objects.bulk_create([s for group in sessions.values() for s in group], batch_size=2000)
    marks = [mark for p in planned for mark in seeder.attendance(sessions[id(p)], enrolments[id(p)])]
    # Plain inserts for the rows nothing refers to: bulk_create's per-value preparation was most of the time.
    insert_objects(Attendance, marks)
    insert_objects(Assessment, [a for group in enrolments.values() for e in group for a in seeder.assessments(e)])
