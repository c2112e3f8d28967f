"""Workflows that change training records. Pages, the spreadsheet importer
and the demo seeder call these; none of them writes a training row any other way.

Each action runs in one transaction, locks the row whose state it checks
(the class for its places, the enrolment for its status, the session for its
attendance), writes the audit rows with the change and saves only its own fields.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Organization, User
from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from participants import actions as participant_actions
from participants.models import Participant, Status
from reference.models import VocationalProgramme
from training.models import (
    ENROLLABLE_STATUSES,
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

MAX_SCORE = Decimal(100)
SCORE_PLACES = Decimal("0.01")


# --- refusals -----------------------------------------------------------------


class TrainingError(Exception):
    """A refusal with a message for the person who asked."""


class EditConflict(TrainingError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this record while you were editing. Reload the page to see their change.")
        )


class CodeTaken(TrainingError):
    def __init__(self, code: str) -> None:
        super().__init__(_("The code “%(code)s” is already in use. Choose another.") % {"code": code})


class InstructorNotMember(TrainingError):
    def __init__(self) -> None:
        super().__init__(_("The instructor must be a member of the organization that gives the course."))


class ClassFull(TrainingError):
    def __init__(self, *, capacity: int, taken: int) -> None:
        free = capacity - taken
        if free <= 0:
            message = _("This class is full: all %(capacity)s places are taken.") % {
                "capacity": number_format(capacity)
            }
        else:
            message = ngettext(
                "Only %(free)s place is left in this class. Nobody was enrolled.",
                "Only %(free)s places are left in this class. Nobody was enrolled.",
                free,
            ) % {"free": number_format(free)}
        super().__init__(message)


class TooFewPlaces(TrainingError):
    def __init__(self, taken: int) -> None:
        super().__init__(
            ngettext(
                "%(taken)s participant is enrolled: the class needs at least that many places.",
                "%(taken)s participants are enrolled: the class needs at least that many places.",
                taken,
            )
            % {"taken": number_format(taken)}
        )


class AlreadyEnrolled(TrainingError):
    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(
            _("Already enrolled in this class: %(names)s. Nobody was enrolled; remove them and try again.")
            % {"names": ", ".join(names)}
        )


class NotEnrollable(TrainingError):
    def __init__(self, participant: Participant) -> None:
        super().__init__(
            _("%(name)s is “%(status)s” and cannot start a course. Nobody was enrolled.")
            % {"name": participant.full_name, "status": Status(participant.status).label}
        )


class EnrolmentClosed(TrainingError):
    def __init__(self, enrolment: Enrolment) -> None:
        super().__init__(
            _("This enrolment is already “%(status)s”.") % {"status": EnrolmentStatus(enrolment.status).label}
        )


class SessionOutsideClass(TrainingError):
    def __init__(self, training_class: TrainingClass) -> None:
        super().__init__(
            _("A session must fall within the class's dates (%(start)s to %(end)s).")
            % {"start": date_format(training_class.starts_on), "end": date_format(training_class.ends_on)}
        )


class NotOnClassList(TrainingError):
    def __init__(self) -> None:
        super().__init__(_("The class list changed while you were marking. Check the marks below and save again."))


class AttendanceTooLow(TrainingError):
    def __init__(self, *, rate: Decimal, minimum: int) -> None:
        super().__init__(
            _("Attendance is %(rate)s%%; this course requires at least %(minimum)s%% to complete it.")
            % {"rate": number_format(rate), "minimum": minimum}
        )


class FinalScoreMissing(TrainingError):
    def __init__(self) -> None:
        super().__init__(_("Give the final score, or record a final assessment first."))


class ScoreOutOfRange(TrainingError):
    def __init__(self, score: Decimal) -> None:
        super().__init__(_("A score is between 0 and 100; %(score)s is not.") % {"score": number_format(score)})


class UnknownRecords(TrainingError):
    def __init__(self, *, classes: Sequence[int] = (), participants: Sequence[int] = ()) -> None:
        super().__init__(
            _("Unknown classes: %(classes)s. Unknown participants: %(participants)s.")
            % {
                "classes": ", ".join(map(str, classes)) or "—",
                "participants": ", ".join(map(str, participants)) or "—",
            }
        )


# --- courses and classes ------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class CourseDetails:
    """Everything staff enter about a course (its provider is fixed at creation)."""

    kind: CourseKind
    code: str
    name: str
    vocational_programme: VocationalProgramme | None
    hours: int
    certificate: str
    min_attendance_percent: int
    pass_score: Decimal
    is_active: bool


COURSE_FIELDS = tuple(field.name for field in dataclasses.fields(CourseDetails))


@transaction.atomic
def create_course(*, provider: Organization, details: CourseDetails, by: User) -> Course:
    course = Course(provider=provider, **dataclasses.asdict(details))
    # A BLK gives skill courses, an LPK/SO the rest: the model's own rule.
    course.clean()
    _save_new(course, code=details.code)
    after = audit.snapshot(course, ("provider", *COURSE_FIELDS))
    audit.record(actor=by, action=AuditAction.CREATED, target=course, changes=audit.changed_fields({}, after))
    return course


@transaction.atomic
def update_course(*, course_id: int, details: CourseDetails, expected_version: int, by: User) -> Course:
    course = Course.objects.select_for_update().select_related("provider").get(pk=course_id)
    if course.version != expected_version:
        raise EditConflict
    if Course.objects.filter(provider=course.provider, code=details.code).exclude(pk=course_id).exists():
        raise CodeTaken(details.code)
    before = audit.snapshot(course, COURSE_FIELDS)
    for name in COURSE_FIELDS:
        setattr(course, name, getattr(details, name))
    course.clean()
    changes = audit.changed_fields(before, audit.snapshot(course, COURSE_FIELDS))
    if changes:
        course.version += 1
        course.save(update_fields=[*COURSE_FIELDS, "version"])
        audit.record(actor=by, action=AuditAction.UPDATED, target=course, changes=changes)
    return course


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClassDetails:
    code: str
    starts_on: datetime.date
    ends_on: datetime.date
    instructor: User | None
    capacity: int


CLASS_FIELDS = tuple(field.name for field in dataclasses.fields(ClassDetails))


def _check_class(course: Course, details: ClassDetails) -> None:
    instructor = details.instructor
    if instructor is not None and not Membership.objects.filter(user=instructor, organization=course.provider).exists():
        raise InstructorNotMember
    TrainingClass(course=course, starts_on=details.starts_on, ends_on=details.ends_on).clean()


@transaction.atomic
def create_class(*, course_id: int, details: ClassDetails, by: User) -> TrainingClass:
    course = Course.objects.select_related("provider").get(pk=course_id)
    _check_class(course, details)
    training_class = TrainingClass(course=course, **dataclasses.asdict(details))
    _save_new(training_class, code=details.code)
    after = audit.snapshot(training_class, ("course", *CLASS_FIELDS))
    audit.record(actor=by, action=AuditAction.CREATED, target=training_class, changes=audit.changed_fields({}, after))
    return training_class


@transaction.atomic
def update_class(*, class_id: int, details: ClassDetails, expected_version: int, by: User) -> TrainingClass:
    training_class = TrainingClass.objects.select_for_update().select_related("course__provider").get(pk=class_id)
    if training_class.version != expected_version:
        raise EditConflict
    if TrainingClass.objects.filter(code=details.code).exclude(pk=class_id).exists():
        raise CodeTaken(details.code)
    _check_class(training_class.course, details)
    taken = Enrolment.objects.filter(training_class=training_class).active().count()
    if details.capacity < taken:
        raise TooFewPlaces(taken)
    before = audit.snapshot(training_class, CLASS_FIELDS)
    for name in CLASS_FIELDS:
        setattr(training_class, name, getattr(details, name))
    changes = audit.changed_fields(before, audit.snapshot(training_class, CLASS_FIELDS))
    if changes:
        training_class.version += 1
        training_class.save(update_fields=[*CLASS_FIELDS, "version"])
        audit.record(actor=by, action=AuditAction.UPDATED, target=training_class, changes=changes)
    return training_class


def _save_new(record: Course | TrainingClass, *, code: str) -> None:
    try:
        # A savepoint, so that losing a race on the code leaves the outer transaction usable.
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise CodeTaken(code) from None


# --- enrolment ----------------------------------------------------------------


@transaction.atomic
def enrol_participants(
    *, training_class_id: int, participant_ids: Sequence[int], by: User, on: datetime.date | None = None
) -> list[Enrolment]:
    """Enrol several participants at once, or none: a clear refusal beats half a class list.

    Someone still ``registered`` starts training with their first course, so
    they move to ``in_training`` through the one status action, in this transaction.
    """
    # The class row lock makes two officers filling the last places queue.
    training_class = TrainingClass.objects.select_for_update().get(pk=training_class_id)
    participants = list(Participant.objects.select_for_update().filter(pk__in=participant_ids).order_by("pk"))
    existing = {e.participant_id: e for e in training_class.enrolments.filter(participant_id__in=participant_ids)}
    _check_enrollable(training_class, participants, existing)
    day = on or timezone.localdate()
    new = [
        Enrolment(training_class=training_class, participant=p, enrolled_on=day)
        for p in participants
        if p.pk not in existing
    ]
    Enrolment.objects.bulk_create(new)
    rejoined = [_rejoin(existing[p.pk], day) for p in participants if p.pk in existing]
    Enrolment.objects.bulk_update(rejoined, ["status", "enrolled_on", "version", "updated_at"])
    for participant in participants:
        if participant.status == Status.REGISTERED:
            participant_actions.change_status(participant_id=participant.pk, to=Status.IN_TRAINING, by=by)
    audit.record_many(
        [
            audit.entry(
                actor=by, action=AuditAction.CREATED, target=e, changes={"training_class": [None, e.training_class_id]}
            )
            for e in new
        ]
        + [
            audit.entry(
                actor=by, action=AuditAction.STATUS_CHANGED, target=e, changes={"status": ["withdrawn", "enrolled"]}
            )
            for e in rejoined
        ]
    )
    return [*new, *rejoined]


def _check_enrollable(
    training_class: TrainingClass, participants: list[Participant], existing: Mapping[int, Enrolment]
) -> None:
    already = [
        p.full_name for p in participants if p.pk in existing and existing[p.pk].status != EnrolmentStatus.WITHDRAWN
    ]
    if already:
        raise AlreadyEnrolled(sorted(already))
    for participant in participants:
        if participant.status not in ENROLLABLE_STATUSES:
            raise NotEnrollable(participant)
    taken = Enrolment.objects.filter(training_class=training_class).active().count()
    if taken + len(participants) > training_class.capacity:
        raise ClassFull(capacity=training_class.capacity, taken=taken)


def _rejoin(enrolment: Enrolment, day: datetime.date) -> Enrolment:
    """A withdrawal undone: the same row (one per class and person) enrolled again."""
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.enrolled_on = day
    enrolment.version += 1
    enrolment.updated_at = timezone.now()
    return enrolment


def _locked_enrolment(enrolment_id: int, expected_version: int | None = None) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("training_class__course", "participant")
        .get(pk=enrolment_id)
    )
    if expected_version is not None and enrolment.version != expected_version:
        raise EditConflict
    return enrolment


@transaction.atomic
def withdraw_enrolment(*, enrolment_id: int, expected_version: int, by: User, reason: str = "") -> Enrolment:
    """Leaving a class, not the programme: the participant's own status is untouched."""
    enrolment = _locked_enrolment(enrolment_id, expected_version)
    if not enrolment.is_open:
        raise EnrolmentClosed(enrolment)
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.version += 1
    enrolment.save(update_fields=["status", "version", "updated_at"])
    reason = reason.strip()
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=enrolment,
        changes={"status": ["enrolled", "withdrawn"], **({"reason": [None, reason]} if reason else {})},
    )
    return enrolment


# --- sessions and attendance --------------------------------------------------


@transaction.atomic
def add_session(
    *, training_class_id: int, held_on: datetime.date, hours: Decimal, topic: str, by: User
) -> ClassSession:
    training_class = TrainingClass.objects.get(pk=training_class_id)
    if not training_class.includes_day(held_on):
        raise SessionOutsideClass(training_class)
    session = ClassSession.objects.create(
        training_class=training_class, held_on=held_on, hours=hours, topic=topic.strip()
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=session,
        changes=audit.changed_fields({}, audit.snapshot(session, ("held_on", "hours", "topic"))),
    )
    return session


@dataclasses.dataclass(frozen=True, kw_only=True)
class AttendanceSaved:
    created: int
    updated: int
    unchanged: int
    # Marks per presence on this session after the save.
    counts: Mapping[str, int]


@transaction.atomic
def mark_attendance(*, session_id: int, marks: Mapping[int, Presence], by: User) -> AttendanceSaved:
    """One session's marks for the whole class, keyed by enrolment id.

    Saving again updates the marks it changes and leaves the rest, so a
    double submit from a shaky phone connection does no harm.
    """
    # The session lock makes two saves of the same register queue.
    session = ClassSession.objects.select_for_update().get(pk=session_id)
    on_list = set(
        Enrolment.objects.active().filter(training_class_id=session.training_class_id).values_list("pk", flat=True)
    )
    if not set(marks) <= on_list:
        raise NotOnClassList
    saved = {mark.enrolment_id: mark for mark in session.attendance.all()}
    before = Counter(mark.presence for mark in saved.values())
    now = timezone.now()
    new, changed = [], []
    for enrolment_id, presence in marks.items():
        mark = saved.get(enrolment_id)
        if mark is None:
            new.append(
                Attendance(session=session, enrolment_id=enrolment_id, presence=presence, marked_by=by, marked_at=now)
            )
        elif mark.presence != presence:
            mark.presence, mark.marked_by, mark.marked_at = presence, by, now
            changed.append(mark)
    Attendance.objects.bulk_create(new)
    Attendance.objects.bulk_update(changed, ["presence", "marked_by", "marked_at"])
    after = Counter([*(mark.presence for mark in saved.values()), *(mark.presence for mark in new)])
    if new or changed:
        audit.record(
            actor=by,
            action=AuditAction.UPDATED,
            target=session,
            changes={str(p): [before[p], after[p]] for p in Presence if before[p] != after[p]}
            | {"marked": [None, len(new) + len(changed)]},
        )
    return AttendanceSaved(
        created=len(new),
        updated=len(changed),
        unchanged=len(marks) - len(new) - len(changed),
        counts={str(p): after[p] for p in Presence},
    )


# --- assessments and completion -----------------------------------------------


def _check_score(score: Decimal) -> None:
    if not Decimal(0) <= score <= MAX_SCORE:
        raise ScoreOutOfRange(score)


@transaction.atomic
def record_assessment(
    *,
    enrolment_id: int,
    kind: AssessmentKind,
    taken_on: datetime.date,
    score: Decimal,
    by: User,
    passed: bool | None = None,
    note: str = "",
) -> Assessment:
    """``passed`` follows the course's pass score unless the assessor says otherwise."""
    _check_score(score)
    enrolment = _locked_enrolment(enrolment_id)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise EnrolmentClosed(enrolment)
    assessment = Assessment.objects.create(
        enrolment=enrolment,
        kind=kind,
        taken_on=taken_on,
        score=score,
        passed=enrolment.passes_with(score) if passed is None else passed,
        note=note.strip(),
        recorded_by=by,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=assessment,
        changes=audit.changed_fields(
            {}, audit.snapshot(assessment, ("enrolment", "kind", "taken_on", "score", "passed"))
        ),
    )
    return assessment


RESULT_FIELDS = ("status", "completed_on", "final_score", "certificate_number", "credited_hours")


@transaction.atomic
def complete_enrolment(
    *,
    enrolment_id: int,
    expected_version: int,
    completed_on: datetime.date,
    by: User,
    final_score: Decimal | None = None,
    certificate_number: str = "",
) -> Enrolment:
    """Close an enrolment with its result: completed when the final score
    reaches the course's pass score, not passed otherwise.

    Refused while attendance is below the course minimum (a course without
    recorded sessions is not checked) or without a final score, taken from the
    latest final assessment when none is given.
    """
    enrolment = _locked_enrolment(enrolment_id, expected_version)
    if not enrolment.is_open:
        raise EnrolmentClosed(enrolment)
    course = enrolment.training_class.course
    rate = enrolment.attendance_rate()
    if rate is not None and rate < course.min_attendance_percent:
        raise AttendanceTooLow(rate=rate, minimum=course.min_attendance_percent)
    score = final_score if final_score is not None else _latest_final_score(enrolment)
    _check_score(score)
    before = audit.snapshot(enrolment, RESULT_FIELDS)
    _set_result(enrolment, completed_on=completed_on, score=score, certificate_number=certificate_number, hours=None)
    enrolment.version += 1
    enrolment.save(update_fields=[*RESULT_FIELDS, "version", "updated_at"])
    changes = audit.changed_fields(before, audit.snapshot(enrolment, RESULT_FIELDS))
    audit.record(actor=by, action=AuditAction.STATUS_CHANGED, target=enrolment, changes=changes)
    return enrolment


def _latest_final_score(enrolment: Enrolment) -> Decimal:
    final = enrolment.assessments.filter(kind=AssessmentKind.FINAL).order_by("-taken_on", "-id").first()
    if final is None:
        raise FinalScoreMissing
    return final.score


def _set_result(
    enrolment: Enrolment, *, completed_on: datetime.date, score: Decimal, certificate_number: str, hours: int | None
) -> None:
    """Completed (with the course's hours credited, or those given) or not passed (nothing credited)."""
    course = enrolment.training_class.course
    passed = enrolment.passes_with(score)
    enrolment.status = EnrolmentStatus.COMPLETED if passed else EnrolmentStatus.FAILED
    enrolment.completed_on = completed_on
    # As stored (two places), so that an unchanged re-import compares equal.
    enrolment.final_score = score.quantize(SCORE_PLACES)
    enrolment.certificate_number = certificate_number.strip() if passed else ""
    enrolment.credited_hours = (course.hours if hours is None else hours) if passed else 0


# --- imported results ---------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class TrainingResult:
    participant_id: int
    training_class_id: int
    completed_on: datetime.date
    final_score: Decimal
    certificate_number: str
    credited_hours: int | None  # None → the course's hours


@dataclasses.dataclass(frozen=True, kw_only=True)
class RecordedResults:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def record_training_results(*, results: Sequence[TrainingResult], by: User) -> RecordedResults:
    """Results from a spreadsheet: each row completes (or fails) one
    participant's enrolment in one class, creating the enrolment if missing.

    Idempotent, so a file imported twice changes nothing the second time; a
    few queries whatever the number of rows. Attendance is not checked: the
    centre's own register decided that. The participant's status is left as it
    is (results are often recorded long after the person moved on).
    """
    latest = {(r.participant_id, r.training_class_id): r for r in results}  # a later row for the same pair wins
    for result in latest.values():
        _check_score(result.final_score)
    class_ids, participant_ids = {key[1] for key in latest}, {key[0] for key in latest}
    classes = TrainingClass.objects.select_related("course").in_bulk(class_ids)
    # Names only: the audit rows show them.
    participants = Participant.objects.only("id", "full_name").in_bulk(participant_ids)
    if len(classes) < len(class_ids) or len(participants) < len(participant_ids):
        raise UnknownRecords(
            classes=sorted(class_ids - set(classes)), participants=sorted(participant_ids - set(participants))
        )
    existing = {
        (e.participant_id, e.training_class_id): e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .select_related("participant")
        .filter(training_class_id__in=class_ids, participant_id__in=participant_ids)
    }
    created, updated, entries = [], [], []
    for key, result in latest.items():
        enrolment = existing.get(key)
        if enrolment is None:
            enrolment = Enrolment(
                participant=participants[result.participant_id],
                training_class=classes[result.training_class_id],
                enrolled_on=min(classes[result.training_class_id].starts_on, result.completed_on),
            )
            created.append(enrolment)
        else:
            enrolment.training_class = classes[result.training_class_id]
        before = audit.snapshot(enrolment, RESULT_FIELDS) if enrolment.pk else {}
        _set_result(
            enrolment,
            completed_on=result.completed_on,
            score=result.final_score,
            certificate_number=result.certificate_number,
            hours=result.credited_hours,
        )
        changes = audit.changed_fields(before, audit.snapshot(enrolment, RESULT_FIELDS))
        if enrolment.pk and changes:
            enrolment.version += 1
            enrolment.updated_at = timezone.now()
            updated.append(enrolment)
        entries.append((enrolment, changes))
    Enrolment.objects.bulk_create(created, batch_size=1000)
    Enrolment.objects.bulk_update(updated, [*RESULT_FIELDS, "version", "updated_at"], batch_size=1000)
    audit.record_many(_result_entries(entries, by=by, created={id(e) for e in created}))
    return RecordedResults(
        created=len(created), updated=len(updated), unchanged=len(latest) - len(created) - len(updated)
    )


def _result_entries(
    entries: list[tuple[Enrolment, dict[str, list[audit.JsonScalar]]]], *, by: User, created: set[int]
) -> list[AuditEntry]:
    return [
        audit.entry(
            actor=by,
            action=AuditAction.CREATED if id(enrolment) in created else AuditAction.STATUS_CHANGED,
            target=enrolment,
            changes=changes,
        )
        for enrolment, changes in entries
        if changes
    ]
