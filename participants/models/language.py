"""Japanese language results: official tests and the LPK/SO's own levels."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LanguageResultQuerySet(models.QuerySet["LanguageResult"]):
    def valid_on(self, day: datetime.date) -> LanguageResultQuerySet:
        """Passed results taken by ``day`` and not expired on it."""
        return self.filter(passed=True, taken_on__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))

    def official(self) -> LanguageResultQuerySet:
        return self.filter(in_house=False)

    def highest(self) -> LanguageResult | None:
        # The order highest_of takes in Python: keep the two the same.
        return self.select_related("level").order_by("-level__rank", "-taken_on", "-id").first()


class LanguageResult(models.Model):
    """One result: a JLPT level, a JFT-Basic result with its score, or a level
    the LPK/SO assessed itself (``in_house``), recorded as the official level
    it is meant to match. Failed attempts are kept for the record; only passed
    ones count."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="language_results"
    )
    level = models.ForeignKey(
        "reference.LanguageTest", verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    in_house = models.BooleanField(_("in-house level"), default=False)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), default=True)
    taken_on = models.DateField(_("test date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = LanguageResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("language result")
        verbose_name_plural = _("language results")
        ordering = ["-taken_on", "-id"]
        indexes = [models.Index(fields=["participant", "taken_on"], name="language_result_timeline")]

    def __str__(self) -> str:
        return f"{self.level} ({self.taken_on})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.passed and self.taken_on <= day and (self.valid_until is None or self.valid_until >= day)

    @staticmethod
    def highest_of(results: Iterable[LanguageResult]) -> LanguageResult | None:
        """The highest level among results already read, as LanguageResultQuerySet.highest picks it:
        the strongest level, then the latest taken."""
        return max(results, key=lambda result: (result.level.rank, result.taken_on, result.pk), default=None)
