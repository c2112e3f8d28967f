"""Checks of NIKs that belong to someone the checker may not change.

Each is one row here, beside its audit row, so that how many an organization
made in the last 24 hours is one indexed count (participants.nik_checks).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForeignNikCheckQuerySet(models.QuerySet["ForeignNikCheck"]):
    def since(self, moment: datetime.datetime) -> ForeignNikCheckQuerySet:
        return self.filter(at__gte=moment)


class ForeignNikCheck(models.Model):
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # What asked, when it may ask again for the same reason: an import's row
    # ("import:<job>:<row>"). A check started again after its worker died
    # finds the rows it counted and does not count them twice.
    source = models.CharField(_("origin of the check"), max_length=60, blank=True, default="")

    objects = ForeignNikCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("check of a NIK held elsewhere")
        verbose_name_plural = _("checks of NIKs held elsewhere")
        # The rate limit counts an organization's recent checks.
        indexes = [models.Index(fields=["organization", "at"], name="foreign_nik_checks_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~models.Q(source=""), name="foreign_nik_checks_counted_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.participant_id} {self.at:%Y-%m-%d %H:%M}"
