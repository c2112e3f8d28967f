"""The rights of the data subject (UU 27/2022 on personal data protection).

A participant's consent to each optional processing, their requests to
correct or erase their data with the staff's decision, and the record that a
participant was anonymized (by a request or by the retention schedule).
"""

from __future__ import annotations

import datetime
from typing import Generic, Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# UU 27/2022 gives the controller 3 × 24 hours to act on a correction
# (Pasal 30 ayat 2), to give access (Pasal 32 ayat 2) and to stop processing
# after a withdrawal of consent (Pasal 40 ayat 2). Erasure (Pasal 43) names no
# hours; the queue holds it to the same clock so that no request waits unseen.
RESPONSE_WINDOW = datetime.timedelta(hours=72)


class Purpose(models.TextChoices):
    """Processing that happens only with the participant's consent. Referrals
    of a grievance have their own consent per case (protection.Consent)."""

    PHOTO_TO_PARTNERS = (
        "photo_to_partners",
        _("show my photo on the résumé that companies and supervising organizations in Japan read"),
    )


class Channel(models.TextChoices):
    ONLINE = "online", _("the participant, on their data page")
    BY_PHONE = "by_phone", _("the participant, by phone, recorded by staff")
    IN_PERSON = "in_person", _("the participant, in person, recorded by staff")


class ConsentRecordQuerySet(models.QuerySet["ConsentRecord"]):
    def last_decisions(self) -> ConsentRecordQuerySet:
        """Each participant's last decision per purpose: records are only
        added, so a later row (a higher id) replaces an earlier one."""
        later = ConsentRecord.objects.filter(
            participant=OuterRef("participant"), purpose=OuterRef("purpose"), pk__gt=OuterRef("pk")
        )
        return self.exclude(Exists(later))

    def in_force(self, purpose: Purpose) -> ConsentRecordQuerySet:
        return self.filter(purpose=purpose).last_decisions().filter(given=True)


class ConsentRecord(models.Model):
    """One decision: consent given or withdrawn, for one purpose, on a day,
    through a channel, recorded by someone. Never changed; the latest counts."""

    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    given = models.BooleanField(_("consent given"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("given by"), max_length=12, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["participant", "purpose"], name="consent_by_purpose")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.purpose} {'given' if self.given else 'withdrawn'}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("waiting for review")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class CorrectableField(models.TextChoices):
    """What a participant may ask to correct. The NIK, sex and birth date come
    from the identity card and are corrected by staff from the card itself."""

    FULL_NAME = "full_name", _("full name")
    NAME_KATAKANA = "name_katakana", _("name in katakana")
    BIRTH_PLACE = "birth_place", _("place of birth")
    ADDRESS = "address", _("address")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")


_M = TypeVar("_M", bound=models.Model)


class RequestQuerySet(models.QuerySet[_M], Generic[_M]):
    def open(self) -> Self:
        return self.filter(status=RequestStatus.OPEN)

    def overdue(self, *, now: datetime.datetime) -> Self:
        return self.open().filter(requested_at__lt=now - RESPONSE_WINDOW)

    def queue_order(self) -> Self:
        """Open first, oldest first (the nearest deadline), then the decided, newest first."""
        return self.order_by(models.F("decided_at").desc(nulls_first=True), "requested_at", "pk")


class PrivacyRequest(models.Model):
    """What a correction and an erasure request share: who asked, when, and
    the decision with its reason."""

    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    requested_at = models.DateTimeField(_("asked at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        abstract = True

    @property
    def due_at(self) -> datetime.datetime:
        return self.requested_at + RESPONSE_WINDOW

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN

    def is_overdue(self, now: datetime.datetime) -> bool:
        return self.is_open and now > self.due_at


class CorrectionRequestQuerySet(RequestQuerySet["CorrectionRequest"]):
    pass


class CorrectionRequest(PrivacyRequest):
    """The participant asks that one field of their record say something
    else (UU 27/2022 Pasal 6); staff who may change the record decide."""

    field = models.CharField(_("what to correct"), max_length=20, choices=CorrectableField.choices)
    value = models.CharField(_("what it should say"), max_length=500)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="correction_queue")]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.field}"


class RetentionException(models.TextChoices):
    """Why data must be kept although its subject asked to erase it
    (UU 27/2022 Pasal 43 with Pasal 15 and the laws named)."""

    LIVE_PLACEMENT = (
        "live_placement",
        _(
            "a live placement: the person is preparing to depart or works in Japan (UU 18/2017 on the protection of "
            "migrant workers)"
        ),
    )
    OPEN_GRIEVANCE = "open_grievance", _("an open grievance that concerns the person")
    LEDGER = (
        "ledger",
        _(
            "fee and cost records within their statutory retention of 10 years (UU 8/1997 on company documents, "
            "Pasal 11)"
        ),
    )
    STATUTORY = "statutory", _("another statutory retention period, named in the reason")


class ErasureRequestQuerySet(RequestQuerySet["ErasureRequest"]):
    pass


class ErasureRequest(PrivacyRequest):
    """The participant asks that their data be erased (UU 27/2022 Pasal 8).
    Accepted, their record is anonymized; refused, the decision names the
    retention exceptions that keep it."""

    exceptions = models.JSONField(_("retention exceptions"), default=list, blank=True)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="erasure_queue")]

    def __str__(self) -> str:
        return f"{self.participant_id} erasure"

    @property
    def exception_labels(self) -> list[str]:
        return [str(RetentionException(code).label) for code in self.exceptions if code in RetentionException]


class AnonymizedQuerySet(models.QuerySet["Anonymization"]):
    def participant_ids(self) -> models.QuerySet[Anonymization, int]:
        return self.values_list("participant_id", flat=True)


class Anonymization(models.Model):
    """A participant whose identifying data was replaced: by an accepted
    erasure request, or by the retention schedule (``rule``)."""

    participant = models.OneToOneField(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True
    )
    request = models.OneToOneField(
        ErasureRequest, verbose_name=_("request"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    rule = models.CharField(_("retention rule"), max_length=40, blank=True)

    objects = AnonymizedQuerySet.as_manager()

    class Meta:
        verbose_name = _("anonymization")
        verbose_name_plural = _("anonymizations")
        constraints = [
            models.CheckConstraint(condition=Q(request__isnull=False) | ~Q(rule=""), name="anonymization_has_a_cause")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} anonymized"
