"""The register of personal data breaches and the notification clock of UU
27/2022 (PDP), Pasal 46: when the protection of personal data fails, the
controller tells the people whose data it is and the authority in writing
within 3 × 24 hours, saying which data were exposed, when and how, and what
is being done about it.

The clock runs from the moment the breach was found (``found_at``), not from
when someone typed it in: a breach reported a day late has two days left.
It stops when both audiences the article names have been told; telling
partners or the public (Pasal 46(3)) is recorded the same way but does not
stop it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

# Pasal 46(1): "paling lambat 3 x 24 (tiga kali dua puluh empat) jam".
NOTIFY_WITHIN = datetime.timedelta(hours=72)


class DataKind(models.TextChoices):
    IDENTITY = "identity", _("identity numbers (NIK, passport)")
    CONTACT = "contact", _("contact details (phone, e-mail)")
    ADDRESS = "address", _("home addresses")
    HEALTH = "health", _("health checks")
    GRIEVANCES = "grievances", _("grievances and what they say")
    FINANCIAL = "financial", _("costs and payments")
    PHOTOS = "photos", _("photos")
    DOCUMENTS = "documents", _("scanned documents")
    ACCOUNTS = "accounts", _("login accounts")

    @property
    def is_specific(self) -> bool:
        """Specific personal data (Pasal 4(2)): health and personal financial data here."""
        return self in (DataKind.HEALTH, DataKind.FINANCIAL)


class Audience(models.TextChoices):
    DATA_SUBJECTS = "data_subjects", _("the people whose data it is")
    AUTHORITY = "authority", _("the personal data protection authority")
    PARTNERS = "partners", _("partner organizations")
    PUBLIC = "public", _("the public")


# The two audiences Pasal 46(1) names: the clock stops once both were told.
MUST_BE_TOLD = (Audience.DATA_SUBJECTS, Audience.AUTHORITY)


class Channel(models.TextChoices):
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message")
    PHONE = "phone", _("phone call")
    IN_PERSON = "in_person", _("in person")
    WEBSITE = "website", _("announcement on a website")


class BreachStatus(models.TextChoices):
    SUSPECTED = "suspected", _("suspected")
    CONFIRMED = "confirmed", _("confirmed")
    DISMISSED = "dismissed", _("not a breach")
    CLOSED = "closed", _("closed")


# The allowed moves (breaches.actions.change_status); a closed or dismissed breach stays so.
TRANSITIONS: dict[BreachStatus, frozenset[BreachStatus]] = {
    BreachStatus.SUSPECTED: frozenset({BreachStatus.CONFIRMED, BreachStatus.DISMISSED}),
    BreachStatus.CONFIRMED: frozenset({BreachStatus.CLOSED}),
    BreachStatus.DISMISSED: frozenset(),
    BreachStatus.CLOSED: frozenset(),
}
# While a breach is in these, its clock can run and people can be told.
OPEN_STATUSES = (BreachStatus.SUSPECTED, BreachStatus.CONFIRMED)


class ReminderStage(models.IntegerChoices):
    """When the ministry's administrators are written to, in hours since the breach was found."""

    FOUND = 0, _("just reported")
    DAY_ONE = 24, _("24 hours gone")
    DAY_TWO = 48, _("48 hours gone")
    LAST_HOURS = 60, _("12 hours left")
    OVERDUE = 72, _("overdue")

    @property
    def after(self) -> datetime.timedelta:
        return datetime.timedelta(hours=int(self.value))


class ClockState(models.TextChoices):
    RUNNING = "running", _("running")
    MET = "met", _("told in time")
    LATE = "late", _("told late")
    OVERDUE = "overdue", _("overdue")
    STOPPED = "stopped", _("not a breach")


def _told(audience: Audience) -> Exists:
    return Exists(BreachNotification.objects.filter(breach=OuterRef("pk"), audience=audience))


class BreachQuerySet(models.QuerySet["Breach"]):
    def newest_first(self) -> BreachQuerySet:
        return self.order_by("-found_at", "-pk")

    def waiting_for_notice(self) -> BreachQuerySet:
        """Open breaches where someone Pasal 46(1) names has not been told yet."""
        told_all = Q(*[_told(audience) for audience in MUST_BE_TOLD])
        return self.filter(status__in=OPEN_STATUSES).exclude(told_all)

    def overdue(self, now: datetime.datetime) -> BreachQuerySet:
        return self.waiting_for_notice().filter(found_at__lte=now - NOTIFY_WITHIN)


class Breach(models.Model):
    title = models.CharField(_("what happened, in a line"), max_length=200)
    description = models.TextField(_("what happened and how"))
    measures = models.TextField(_("what is being done to contain it and recover"), blank=True)
    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    found_at = models.DateTimeField(_("when it was found"))
    subjects_count = models.PositiveIntegerField(_("people whose data it is"))
    count_is_estimate = models.BooleanField(_("the number is an estimate"), default=False)
    # DataKind values; a list rather than a table because the kinds are fixed by the code.
    data_kinds = models.JSONField(_("kinds of data"), default=list)
    organizations = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("whose participants"), related_name="+", blank=True
    )
    reporting_organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("reported by organization"), on_delete=models.PROTECT, related_name="+"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"))
    status = models.CharField(_("status"), max_length=20, choices=BreachStatus.choices)
    status_changed_at = models.DateTimeField(_("status changed at"))
    # Why it was dismissed or closed.
    outcome = models.TextField(_("outcome"), blank=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        ordering = ["-found_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=models.F("found_at")),
                name="breach_happened_before_found",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PDP-{self.pk}"

    @property
    def deadline(self) -> datetime.datetime:
        return self.found_at + NOTIFY_WITHIN

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def data_kind_labels(self) -> list[str]:
        return [str(DataKind(kind).label) for kind in self.data_kinds]

    @property
    def holds_specific_data(self) -> bool:
        return any(DataKind(kind).is_specific for kind in self.data_kinds)

    def first_told(self, audience: Audience) -> datetime.datetime | None:
        """When ``audience`` was first told (reads the prefetched notifications)."""
        moments = [note.told_at for note in self.notifications.all() if note.audience == audience]
        return min(moments, default=None)

    def not_told(self) -> list[Audience]:
        """Who Pasal 46(1) names and has not been told yet."""
        return [audience for audience in MUST_BE_TOLD if self.first_told(audience) is None]

    def told_by(self) -> datetime.datetime | None:
        """When the last of the required audiences was told; None while one is waiting."""
        moments = [self.first_told(audience) for audience in MUST_BE_TOLD]
        return None if None in moments else max(m for m in moments if m is not None)

    def clock_state(self, now: datetime.datetime) -> ClockState:
        if self.status == BreachStatus.DISMISSED:
            return ClockState.STOPPED
        told = self.told_by()
        if told is not None:
            return ClockState.MET if told <= self.deadline else ClockState.LATE
        return ClockState.OVERDUE if now >= self.deadline else ClockState.RUNNING

    def time_left(self, now: datetime.datetime) -> datetime.timedelta:
        return self.deadline - now

    def hours_left(self, now: datetime.datetime) -> int:
        """Whole hours left on the clock, rounded down (0 in its last hour, negative once overdue)."""
        return int(self.time_left(now).total_seconds() // 3600)

    def stage_due(self, now: datetime.datetime) -> ReminderStage | None:
        """The latest reminder the clock has reached, while someone is still to be told."""
        if not self.is_open or not self.not_told():
            return None
        reached = [stage for stage in ReminderStage if self.found_at + stage.after <= now]
        return max(reached, default=None)


class BreachNotification(models.Model):
    """That an audience was told of a breach: when, how, who exactly."""

    breach = models.ForeignKey(
        Breach, verbose_name=_("data breach"), on_delete=models.CASCADE, related_name="notifications"
    )
    audience = models.CharField(_("who was told"), max_length=20, choices=Audience.choices)
    told_at = models.DateTimeField(_("told at"))
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices)
    recipients = models.CharField(_("who exactly"), max_length=300)
    reference = models.CharField(_("letter or message number"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("breach notification")
        verbose_name_plural = _("breach notifications")
        ordering = ["told_at", "pk"]

    def __str__(self) -> str:
        return f"{self.breach_id} {self.audience}"


class BreachReminder(models.Model):
    """A reminder e-mail of one stage of one breach's clock: the outbox row,
    claimed before the mail goes out so that a stage is written about once."""

    breach = models.ForeignKey(
        Breach, verbose_name=_("data breach"), on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=ReminderStage.choices)
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("breach reminder")
        verbose_name_plural = _("breach reminders")
        constraints = [models.UniqueConstraint(fields=["breach", "stage"], name="one_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.breach_id} {self.stage}"
