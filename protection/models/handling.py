"""What happens on a case: notes and messages, status changes, escalations,
the reporter's consents and the referrals made with them, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedTextField
from protection.models.cases import ACKNOWLEDGE_WITHIN, Case, Level, Status


class Visibility(models.TextChoices):
    """Who reads a note. A reporter's own message is always REPORTER."""

    INTERNAL = "internal", _("internal to my organization")
    SHARED = "shared", _("shared with everyone handling the case")
    REPORTER = "reporter", _("visible to the reporter")


class NoteQuerySet(models.QuerySet["Note"]):
    def for_reporter(self) -> NoteQuerySet:
        """The conversation the reporter sees: their messages and what was written for them."""
        return self.filter(visibility=Visibility.REPORTER)

    def for_handlers_of(self, organizations: list[int]) -> NoteQuerySet:
        """What handlers in these organizations read: everything but another
        organization's internal notes."""
        return self.filter(~Q(visibility=Visibility.INTERNAL) | Q(organization__in=organizations))


class Note(models.Model):
    """A case note, or a message between the handler and the reporter
    (visibility REPORTER). An anonymous reporter's message has no author."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    from_reporter = models.BooleanField(_("from the reporter"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The author's organization: an internal note stays inside it.
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    visibility = models.CharField(_("who reads it"), max_length=10, choices=Visibility.choices)
    text = EncryptedTextField(_("text"))
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["written_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_reporter=False) | Q(visibility="reporter"), name="reporter_messages_reach_them"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.visibility}"


class StatusChange(models.Model):
    """The case's history, which the reporter reads as a timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.from_status}->{self.to_status}"


class EscalationCause(models.TextChoices):
    """Who moved the case up: a handler (with their own words), or a rule."""

    HANDLER = "handler"
    CATEGORY = "category"
    CLOCK = "clock"


class Escalation(models.Model):
    """A step up the chain; ``by`` is empty when the clock or the category did it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    cause = models.CharField(max_length=10, choices=EscalationCause.choices, default=EscalationCause.HANDLER)
    # The handler's own words; a rule's escalation keeps none (see ``why``).
    reason = models.TextField(blank=True)
    # When the organizations it reached were e-mailed (protection/escalation_mail.py);
    # empty until then, so a retried task writes to nobody twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.level}"

    def why(self) -> str:
        """The reason in the reader's language. A rule's sentence is written
        when the page is shown, not stored: the sweep and the demo run without
        a request (in English), and a case is read in Indonesian and Japanese."""
        if self.cause == EscalationCause.CATEGORY:
            return gettext("This kind of case goes to the ministry and the embassy at once.")
        if self.cause == EscalationCause.CLOCK:
            hours = int(ACKNOWLEDGE_WITHIN.total_seconds() // 3600)
            return gettext("Nobody acknowledged the case within %(hours)s hours.") % {"hours": hours}
        return self.reason


class Body(models.TextChoices):
    """Where a case is referred: bodies outside the system, or an organization in it."""

    OTIT = "otit", _("OTIT native-language consultation")
    JITCO = "jitco", _("JITCO")
    POLICE = "police", _("police")
    PREFECTURE = "prefecture", _("prefectural government")
    SUPERVISING_ORGANIZATION = "supervising_organization", _("supervising organization")
    COMPANY = "company", _("company")
    EMBASSY = "embassy", _("embassy")
    OTHER = "other", _("other")


class ConsentPurpose(models.TextChoices):
    REFERRAL = "referral", _("refer the case")
    REVEAL_IDENTITY = "reveal_identity", _("tell them who I am")


class ConsentGivenBy(models.TextChoices):
    REPORTER_ONLINE = "reporter_online", _("the reporter, on the case page")
    BY_PHONE = "by_phone", _("the reporter, by phone, recorded by staff")
    IN_PERSON = "in_person", _("the reporter, in person, recorded by staff")


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """The reporter agrees that the case goes to one body, and whether it may
    learn who they are. Without one in force no referral is made."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    body = models.CharField(_("to"), max_length=30, choices=Body.choices)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    given_by = models.CharField(_("given by"), max_length=20, choices=ConsentGivenBy.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.purpose} {self.body}"


class Referral(models.Model):
    """The case handed to a body, with its reference there and exactly what
    was shared. An organization in the system learns of the case only this way."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    body = models.CharField(_("referred to"), max_length=30, choices=Body.choices)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    consent = models.ForeignKey(Consent, verbose_name=_("consent"), on_delete=models.PROTECT, related_name="+")
    # Shown only when a REVEAL_IDENTITY consent for this body was in force.
    identity_shared = models.BooleanField(_("reporter's identity shared"), default=False)
    reference = models.CharField(_("their reference"), max_length=100, blank=True)
    shared = EncryptedTextField(_("what was shared"))
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["referred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.body}"


class Attachment(models.Model):
    """A photo or PDF the reporter or a handler added, checked by signature
    and size (lib.filecheck) like a participant's documents."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    note = models.ForeignKey(Note, on_delete=models.SET_NULL, related_name="attachments", null=True, blank=True)
    file = models.FileField(_("file"), upload_to="protection/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    from_reporter = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
