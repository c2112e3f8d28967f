"""Possible duplicates: different NIKs, same person?

A NIK typed wrong at one centre makes a second record for the same person.
Records with the same normalized name and birth date are flagged for a
ministry reviewer, who decides; nothing is merged automatically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from participants.models.participant import Participant


class Review(models.TextChoices):
    OPEN = "open", _("to review")
    DIFFERENT_PEOPLE = "different", _("different people")
    SAME_PERSON = "same", _("same person")


class PossibleDuplicateQuerySet(models.QuerySet["PossibleDuplicate"]):
    def open(self) -> PossibleDuplicateQuerySet:
        return self.filter(review=Review.OPEN)


class PossibleDuplicate(models.Model):
    # ``participant`` is the newer record, ``other`` the older one it resembles.
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="possible_duplicates"
    )
    other = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.OPEN)
    flagged_at = models.DateTimeField(_("flagged at"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-flagged_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["participant", "other"], name="one_flag_per_pair")]
        indexes = [models.Index(fields=["review", "flagged_at"], name="duplicate_review_queue")]

    def __str__(self) -> str:
        return f"{self.participant_id} ~ {self.other_id}"

    @property
    def pair(self) -> tuple[Participant, Participant]:
        """The older record first, as a reviewer reads them."""
        return (self.other, self.participant)
