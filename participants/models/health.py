"""Medical checks. Health data is specific personal data (UU 27/2022): only
the ministry, the participant's LPK/SO and the participant see it
(accounts.access.may_view_health), and every showing is audit-logged."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lib.encrypted import EncryptedCharField, EncryptedTextField

# How far ahead a health check running out counts as readiness about to lapse:
# a new check takes about a month to book and get back.
LAPSE_WARNING_DAYS = 30


class HealthResult(models.TextChoices):
    FIT = "fit", pgettext_lazy("health check result", "fit")
    CONDITIONAL = "conditional", _("fit with conditions")
    UNFIT = "unfit", _("unfit")


class HealthCheckQuerySet(models.QuerySet["HealthCheck"]):
    def latest_first(self) -> HealthCheckQuerySet:
        return self.order_by("-examined_on", "-id")


class HealthCheck(models.Model):
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="health_checks")
    examined_on = models.DateField(_("examined on"))
    result = models.CharField(_("result"), max_length=12, choices=HealthResult.choices)
    expires_on = models.DateField(_("valid until"))
    clinic = EncryptedCharField(_("clinic or hospital"), max_length=150, blank=True)
    notes = EncryptedTextField(_("conditions and notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = HealthCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-examined_on", "-id"]
        indexes = [models.Index(fields=["participant", "examined_on"], name="health_check_timeline")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gte=models.F("examined_on")), name="health_check_expires_after_exam"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} ({self.examined_on})"

    def is_fit_on(self, day: datetime.date) -> bool:
        return self.result == HealthResult.FIT and self.examined_on <= day <= self.expires_on
