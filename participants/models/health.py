"""Medical checks. Health data is specific personal data (UU 27/2022): only
the ministry, the participant's LPK/SO and the participant see it
(accounts.access.may_view_health), and every showing is audit-logged."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
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


# The results a health check counts for while it lasts.
VALID_HEALTH_RESULTS = (HealthResult.FIT, HealthResult.CONDITIONAL)
# The columns a participant's health_valid_until derives from.
_VALIDITY_COLUMNS = frozenset({"participant", "participant_id", "result", "expires_on"})


class HealthCheckQuerySet(models.QuerySet["HealthCheck"]):
    def latest_first(self) -> HealthCheckQuerySet:
        return self.order_by("-examined_on", "-id")

    def update(self, **kwargs: Any) -> int:
        if _VALIDITY_COLUMNS.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            participants = set(self.values_list("participant_id", flat=True))
            updated = super().update(**kwargs)
            moved_to = kwargs.get("participant_id", kwargs.get("participant"))
            if moved_to is not None:
                participants.add(getattr(moved_to, "pk", moved_to))
            _refresh_validity(participants)
            return updated

    def delete(self) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=self.db):
            participants = set(self.values_list("participant_id", flat=True))
            deleted = super().delete()
            _refresh_validity(participants)
            return deleted


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

    # A check stays with the participant it was recorded for (nothing moves
    # it), so a save or delete changes that one participant's validity.
    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)
            _refresh_validity({self.participant_id})

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        with transaction.atomic(using=kwargs.get("using")):
            participant_id = self.participant_id
            deleted = super().delete(*args, **kwargs)
            _refresh_validity({participant_id})
            return deleted

    def is_fit_on(self, day: datetime.date) -> bool:
        return self.result == HealthResult.FIT and self.examined_on <= day <= self.expires_on


def refresh_validity(participants: models.QuerySet[Any]) -> int:
    """Writes each of ``participants``' ``health_valid_until``: the last day
    their latest fit (or conditionally fit) check covers, or NULL."""
    latest = (
        HealthCheck.objects.filter(participant=OuterRef("pk"), result__in=VALID_HEALTH_RESULTS)
        .order_by("-expires_on")
        .values("expires_on")[:1]
    )
    return participants.update(health_valid_until=Subquery(latest))


def _refresh_validity(participant_ids: Iterable[int]) -> None:
    ids = sorted(participant_ids)
    if not ids:
        return
    # The participant model through the foreign key: participant.py imports this module.
    participant = cast("type[models.Model]", HealthCheck._meta.get_field("participant").related_model)
    refresh_validity(participant._default_manager.filter(pk__in=ids))
