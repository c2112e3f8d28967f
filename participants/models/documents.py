"""Scanned papers and photos. Files live in private storage (never under a
public URL) and are served only by a view that checks access first."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedCharField
from reference.models import DocumentKind

# A participant holds one current document of each kind, except training
# certificates, of which there is one per course.
MANY_PER_PARTICIPANT = frozenset({DocumentKind.TRAINING_CERTIFICATE})


def document_path(document: Document, filename: str) -> str:
    # A random name: the stored path must reveal neither the person nor the
    # original file name, and must not be guessable.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{document.participant_id}/{secrets.token_urlsafe(16)}.{suffix}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def current(self) -> DocumentQuerySet:
        return self.filter(superseded_at__isnull=True)

    def verified(self) -> DocumentQuerySet:
        return self.filter(verified_at__isnull=False)


class Document(models.Model):
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    number = EncryptedCharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # A replaced document stays on file (for the audit trail) but stops counting.
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "-uploaded_at"]
        indexes = [models.Index(fields=["participant", "kind"], name="document_by_kind")]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=Q(superseded_at__isnull=True) & ~Q(kind__in=[str(k) for k in MANY_PER_PARTICIPANT]),
                name="one_current_document_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def is_current(self) -> bool:
        """Not replaced by a later upload: what DocumentQuerySet.current selects."""
        return self.superseded_at is None

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.expires_on is None or self.expires_on >= day
