"""Training before departure: BLK skill courses and LPK/SO Japanese, culture
and physical courses, their classes, sessions, attendance and assessments.

A *course* is what a centre offers (a trade or a subject, its hours and the
certificate it leads to); a *class* is one run of it with dates and an
instructor; an *enrolment* is one participant in one class, and ends
completed, failed or withdrawn.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.expressions import OrderBy
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django_stubs_ext import StrOrPromise

from accounts.models import OrganizationKind
from lib.dates import weekdays_between
from participants.models import Status

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class CourseKind(models.TextChoices):
    SKILL = "skill", _("vocational skill")
    LANGUAGE = "language", _("Japanese language")
    CULTURE = "culture", _("Japanese culture and work")
    PHYSICAL = "physical", _("physical preparation")
    ORIENTATION = "orientation", _("pre-departure orientation")


HALF_HOUR = Decimal("0.5")
# A session lasts at most a day (the session form refuses more).
SESSION_MAX_HOURS = 24

# Skill courses are the BLK's; the rest are the LPK/SO's preparation for Japan,
# which counts towards a sending programme's minimum hours (160 by default).
SENDING_ORGANIZATION_KINDS = frozenset({CourseKind.LANGUAGE, CourseKind.CULTURE, CourseKind.PHYSICAL})


def provider_kind_for(kind: CourseKind) -> OrganizationKind:
    """A BLK teaches trades; everything that prepares for Japan is the LPK/SO's."""
    return OrganizationKind.TRAINING_CENTRE if kind == CourseKind.SKILL else OrganizationKind.SENDING_ORGANIZATION


# Who may start a course: anyone still on the way to Japan, and a returnee
# preparing for another programme. Nobody in Japan, and no closed record.
ENROLLABLE_STATUSES = frozenset(
    {
        Status.REGISTERED,
        Status.IN_TRAINING,
        Status.READY,
        Status.SHORTLISTED,
        Status.SELECTED,
        Status.PRE_DEPARTURE,
        Status.RETURNED,
    }
)


class CourseQuerySet(models.QuerySet["Course"]):
    def active(self) -> CourseQuerySet:
        return self.filter(is_active=True)

    def search(self, text: str) -> CourseQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(code__icontains=text) | Q(provider__name__icontains=text))


class Course(models.Model):
    provider = models.ForeignKey(
        "accounts.Organization", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="courses"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CourseKind.choices)
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    vocational_programme = models.ForeignKey(
        "reference.VocationalProgramme",
        verbose_name=_("trade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For skill courses: the trade the course teaches."),
    )
    hours = models.PositiveSmallIntegerField(_("hours"))
    certificate = models.CharField(
        _("certificate"), max_length=150, blank=True, help_text=_("e.g. BNSP competency certificate, level II")
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    pass_score = models.DecimalField(_("pass score"), max_digits=5, decimal_places=2, default=Decimal(70))
    is_active = models.BooleanField(_("offered"), default=True)
    # Bumped by every edit, so an edit based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)

    objects = CourseQuerySet.as_manager()

    if TYPE_CHECKING:
        classes: RelatedManager[TrainingClass]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["provider__name", "name"]
        constraints = [models.UniqueConstraint(fields=["provider", "code"], name="one_course_code_per_provider")]

    def __str__(self) -> str:
        return self.name

    @property
    def counts_towards_sending_hours(self) -> bool:
        return self.kind in SENDING_ORGANIZATION_KINDS

    @property
    def is_skill(self) -> bool:
        return self.kind == CourseKind.SKILL

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if (
            self.kind
            and self.provider_id is not None
            and self.provider.kind != provider_kind_for(CourseKind(self.kind))
        ):
            errors["kind"] = (
                _("A training centre (BLK) gives skill courses only.")
                if self.provider.kind == OrganizationKind.TRAINING_CENTRE
                else _("An LPK/SO gives language, culture, physical and orientation courses, not skill courses.")
            )
        if self.kind == CourseKind.SKILL and self.vocational_programme_id is None:
            errors["vocational_programme"] = _("A skill course teaches a trade: choose it.")
        elif self.kind and self.kind != CourseKind.SKILL and self.vocational_programme_id is not None:
            errors["vocational_programme"] = _("Only skill courses teach a trade: leave this empty.")
        if errors:
            raise ValidationError(errors)


class ClassPhase(models.IntegerChoices):
    """Where a class stands on a day; lists show the running ones first."""

    RUNNING = 0, pgettext_lazy("a class", "running now")
    UPCOMING = 1, pgettext_lazy("a class", "upcoming")
    ENDED = 2, pgettext_lazy("a class", "ended")


def calendar_order(today: datetime.date, *, through: str = "") -> list[OrderBy]:
    """Running classes first, then upcoming ones by start date, then those that
    ended, the latest first. ``through`` reaches the class from another model
    (``"training_class__"`` for enrolments)."""
    starts, ends = f"{through}starts_on", f"{through}ends_on"
    phase = Case(
        When(**{f"{starts}__gt": today}, then=Value(ClassPhase.UPCOMING.value)),
        When(**{f"{ends}__lt": today}, then=Value(ClassPhase.ENDED.value)),
        default=Value(ClassPhase.RUNNING.value),
    )
    ended_on = Case(When(**{f"{ends}__lt": today}, then=F(ends)))
    return [phase.asc(), ended_on.desc(nulls_last=True), F(starts).asc(), F(f"{through}code").asc()]


def date_range(first: datetime.date, last: datetime.date) -> str:
    """Two dates in the reader's date format, the year said once when they
    share it: "3 Maret – 28 Juni 2027", "7 September – 18 December 2026",
    "2027年3月3日 – 6月28日"."""
    full = str(get_format("DATE_FORMAT"))
    if first == last:
        return dateformat.format(first, full)
    start, end = dateformat.format(first, full), dateformat.format(last, full)
    if first.year == last.year:
        # The same format without its year, so both dates read alike. Languages
        # that write the year first (Japanese) keep it on the first date.
        short = _YEAR.sub(" ", full).strip()
        if full.startswith("Y"):
            end = dateformat.format(last, short)
        else:
            start = dateformat.format(first, short)
    return pgettext("a range of dates", "%(start)s – %(end)s") % {"start": start, "end": end}


# The year in a date format, with the separators around it ("N j, Y", "j N Y", "Y年n月j日").
_YEAR = re.compile(r"[\s,]*Y年?[\s,]*")


class TrainingClassQuerySet(models.QuerySet["TrainingClass"]):
    def running_on(self, day: datetime.date) -> TrainingClassQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def in_calendar_order(self, today: datetime.date) -> TrainingClassQuerySet:
        return self.order_by(*calendar_order(today))

    def with_places_taken(self) -> TrainingClassQuerySet:
        return self.annotate(places_taken=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.WITHDRAWN)))

    def suggest_code(self, course: Course, starts_on: datetime.date) -> str:
        """``<provider>-<course>-<yymm>``, numbered on when taken: class codes
        are unique across all centres, so a spreadsheet row names a class alone."""
        stem = slugify(f"{course.provider.code}-{course.code}")[:30].strip("-")
        base = f"{stem}-{starts_on:%y%m}"
        taken = set(self.filter(code__startswith=base).values_list("code", flat=True))
        if base not in taken:
            return base
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"


class TrainingClass(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="classes")
    # Unique across all centres so a spreadsheet row can name its class alone.
    code = models.SlugField(_("class code"), max_length=40, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes_taught",
    )
    capacity = models.PositiveSmallIntegerField(_("places"), default=30)
    version = models.PositiveIntegerField(default=1)

    objects = TrainingClassQuerySet.as_manager()

    if TYPE_CHECKING:
        sessions: RelatedManager[ClassSession]
        enrolments: RelatedManager[Enrolment]

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-starts_on", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="class_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.code

    def hours_held(self) -> Decimal:
        return self.sessions.aggregate(total=Sum("hours"))["total"] or Decimal(0)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A class cannot end before it starts.")})

    def includes_day(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def dates(self) -> str:
        return date_range(self.starts_on, self.ends_on)

    @property
    def title(self) -> str:
        """What people call the class: its course and dates ("Bahasa Jepang N4 ·
        3 Maret – 28 Juni 2027"); the code is for spreadsheets. Reads the
        course: select it with the class."""
        return pgettext("a class: its course and dates", "%(course)s · %(dates)s") % {
            "course": self.course.name,
            "dates": self.dates,
        }

    def phase_on(self, day: datetime.date) -> ClassPhase:
        if day < self.starts_on:
            return ClassPhase.UPCOMING
        if day > self.ends_on:
            return ClassPhase.ENDED
        return ClassPhase.RUNNING

    def planned_session_hours(self) -> Decimal:
        """The course's hours spread over the class's weekdays, in half hours:
        what a new session is expected to last."""
        days = weekdays_between(self.starts_on, self.ends_on) or 1
        hours = (Decimal(self.course.hours) / days / HALF_HOUR).quantize(Decimal(1)) * HALF_HOUR
        return min(max(hours, HALF_HOUR), Decimal(SESSION_MAX_HOURS))


class ClassSession(models.Model):
    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "id"]
        indexes = [models.Index(fields=["training_class", "held_on"], name="session_by_class_date")]

    def __str__(self) -> str:
        return f"{self.training_class.code} {self.held_on}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", _("completed")
    FAILED = "failed", _("not passed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def completed(self) -> EnrolmentQuerySet:
        return self.filter(status=EnrolmentStatus.COMPLETED)

    def in_calendar_order(self, today: datetime.date) -> EnrolmentQuerySet:
        """By their classes: running, then upcoming, then ended (calendar_order)."""
        return self.order_by(*calendar_order(today, through="training_class__"))

    def of_kind(self, *kinds: CourseKind) -> EnrolmentQuerySet:
        return self.filter(training_class__course__kind__in=kinds)

    def active(self) -> EnrolmentQuerySet:
        """Everyone still on the class list: enrolled, or finished with a result."""
        return self.exclude(status=EnrolmentStatus.WITHDRAWN)

    def with_attendance(self) -> EnrolmentQuerySet:
        """Hours marked and hours attended, in the same query, for lists of
        enrolments that show each one's attendance rate."""
        return self.annotate(
            marked_hours=Sum("attendance__session__hours"),
            attended_hours=Sum("attendance__session__hours", filter=Q(attendance__presence__in=ATTENDED)),
        )


class Enrolment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"), default=datetime.date.today)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2, null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    # Hours credited on completion: the course's hours, or what an imported
    # result states; readiness sums these for the sending-organization minimum.
    credited_hours = models.PositiveSmallIntegerField(_("hours credited"), default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrolmentQuerySet.as_manager()

    if TYPE_CHECKING:
        attendance: RelatedManager[Attendance]
        assessments: RelatedManager[Assessment]

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["training_class", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "participant"], name="one_enrolment_per_class")
        ]
        indexes = [models.Index(fields=["participant", "status"], name="enrolment_by_participant")]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.training_class}"

    @property
    def is_open(self) -> bool:
        return self.status == EnrolmentStatus.ENROLLED

    def hours(self) -> tuple[Decimal, Decimal]:
        """(hours held, hours attended). A session counts as held for this
        enrolment once its attendance was taken for them: a session still to be
        marked, or one held before they joined, says nothing about them."""
        if hasattr(self, "marked_hours"):  # annotated by EnrolmentQuerySet.with_attendance()
            marked, attended = getattr(self, "marked_hours"), getattr(self, "attended_hours")  # noqa: B009
        else:
            totals = self.attendance.aggregate(
                marked=Sum("session__hours"), attended=Sum("session__hours", filter=Q(presence__in=ATTENDED))
            )
            marked, attended = totals["marked"], totals["attended"]
        return Decimal(marked or 0), Decimal(attended or 0)

    def attendance_rate(self) -> Decimal | None:
        """Percent of held hours attended (present or late), rounded down to
        one decimal so that it never overstates; None when no session was held."""
        held, attended = self.hours()
        if not held:
            return None
        return (attended * 100 / held).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    def meets_attendance(self) -> bool:
        rate = self.attendance_rate()
        return rate is None or rate >= self.training_class.course.min_attendance_percent

    def passes_with(self, score: Decimal) -> bool:
        return score >= self.training_class.course.pass_score


class Presence(models.TextChoices):
    PRESENT = "present", _("present")
    LATE = "late", _("late")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


# Being late still counts as attending; an excused absence does not.
ATTENDED = frozenset({Presence.PRESENT, Presence.LATE})


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(_("presence"), max_length=8, choices=Presence.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_mark_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.session_id} {self.presence}"


class AssessmentKind(models.TextChoices):
    WRITTEN = "written", _("written test")
    PRACTICAL = "practical", _("practical test")
    COMPETENCY = "competency", _("competency test (BNSP)")
    FINAL = "final", _("final assessment")


class Assessment(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=12, choices=AssessmentKind.choices)
    taken_on = models.DateField(_("date"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, validators=[MaxValueValidator(100)])
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["taken_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.score}"


@dataclasses.dataclass(frozen=True)
class TrainingHours:
    """What a participant has completed, as the readiness checklist counts it."""

    skill_courses_completed: int
    sending_organization_hours: int


def completed_hours(participant_id: int) -> TrainingHours:
    """Completed skill courses and credited LPK/SO hours, in one query."""
    totals = (
        Enrolment.objects.completed()
        .filter(participant_id=participant_id)
        .aggregate(
            skill=Count("id", filter=Q(training_class__course__kind=CourseKind.SKILL)),
            sending=Sum("credited_hours", filter=Q(training_class__course__kind__in=SENDING_ORGANIZATION_KINDS)),
        )
    )
    return TrainingHours(
        skill_courses_completed=totals["skill"] or 0, sending_organization_hours=totals["sending"] or 0
    )
