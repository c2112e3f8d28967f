"""Incidents of a stay in Japan: an accident at work, an illness, a death, a
disappearance, an early return, each tied to the placement it happened in.

An accident or an illness is this app's own record: its day and what
happened are kept here. A death, a disappearance and an early return end the
placement, and the placements app already keeps those facts (the placement's
``ended_on`` / ``ending_reason``, the ``Disappearance`` with its dates); the
incident only points at them, so the day of a death is never kept twice.
What the incident adds is who was told, and when.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedTextField


class IncidentKind(models.TextChoices):
    ACCIDENT_AT_WORK = "accident_at_work", _("accident at work")
    ILLNESS = "illness", _("illness")
    DEATH = "death", _("death")
    DISAPPEARANCE = "disappearance", _("disappearance")
    EARLY_RETURN = "early_return", _("early return")

    @property
    def ends_placement(self) -> bool:
        """Whether the placements app records this kind (as the placement's
        ending or its disappearance) and the incident only points at it."""
        return self not in _OWN_FACTS


# The kinds whose day and story the incident keeps itself.
_OWN_FACTS = frozenset({IncidentKind.ACCIDENT_AT_WORK, IncidentKind.ILLNESS})


class Audience(models.TextChoices):
    """Those an incident may have to be told to (protection.actions.incidents.WHO_IS_TOLD)."""

    SENDING_ORGANIZATION = "sending_organization", _("the worker's LPK/SO")
    SUPERVISING_ORGANIZATION = "supervising_organization", _("the supervising organization")
    COMPANY = "company", _("the employer")
    MINISTRY = "ministry", _("the ministry")
    EMBASSY = "embassy", _("the embassy")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def newest_first(self) -> IncidentQuerySet:
        return self.order_by("-recorded_at", "-pk")


class Incident(models.Model):
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="incidents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    # An accident or an illness only: the placements app keeps an ending's day and reason.
    occurred_on = models.DateField(_("happened on"), null=True, blank=True)
    description = EncryptedTextField(_("what happened"), blank=True)
    in_hospital = models.BooleanField(_("taken to hospital"), null=True, blank=True)
    # A disappearance, and a death or an early return that closed one.
    disappearance = models.ForeignKey(
        "placements.Disappearance",
        verbose_name=_("disappearance"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    # Set by the notice once its e-mail went out (protection.notices).
    notified_at = models.DateTimeField(_("people told at"), null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            # The day and story of an ending live on the placement, never here too.
            models.CheckConstraint(
                condition=Q(kind__in=["accident_at_work", "illness"], occurred_on__isnull=False)
                | Q(~Q(kind__in=["accident_at_work", "illness"]), occurred_on__isnull=True, description=""),
                name="incident_day_kept_once",
            ),
            models.CheckConstraint(
                condition=~Q(kind="disappearance") | Q(disappearance__isnull=False),
                name="disappearance_incident_points_at_it",
            ),
            # One notice per ending: a second recording of the same death tells no one twice.
            models.UniqueConstraint(
                fields=["placement", "kind"],
                condition=Q(kind__in=["death", "disappearance", "early_return"]),
                name="one_incident_per_ending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.kind}"

    @property
    def happened_on(self) -> datetime.date | None:
        """The day, wherever it is kept: here, on the disappearance, or as the placement's last day."""
        if self.occurred_on is not None:
            return self.occurred_on
        if self.disappearance is not None:
            if self.kind == IncidentKind.DISAPPEARANCE:
                return self.disappearance.missing_since
            return self.disappearance.closed_on
        return self.placement.ended_on

    @property
    def what_happened(self) -> str:
        if self.description:
            return str(self.description)
        if self.kind == IncidentKind.DISAPPEARANCE and self.disappearance is not None:
            return self.disappearance.circumstances
        return self.placement.ending_reason
