"""Departure cohorts: participants who fly to Japan together on one flight.

The ministry plans a cohort (date, flight, route, escort), adds placements
that are preparing to depart, and marks it departed once everyone's gate is
complete on the flight date: every placement and participant moves at once,
or none does (placements.actions.departure.depart_cohort).
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CohortStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DEPARTED = "departed", _("departed")


# An IATA airport code: three letters (CGK Jakarta Soekarno-Hatta, SDJ Sendai).
AIRPORT_CODE = re.compile(r"[A-Z]{3}")
# A flight number: the airline's two-character IATA designator (letters, or a
# letter and a digit: GA, JL, 3K), one to four digits and an optional
# operational suffix letter (GA 874, JL726, NH 836A).
FLIGHT_NUMBER = re.compile(r"(?P<airline>[A-Z][A-Z0-9]|[0-9][A-Z])\s*(?P<number>[0-9]{1,4}[A-Z]?)")


def normalized_flight_number(value: str) -> str | None:
    """``"ga874"`` → ``"GA 874"``; None when it is not a flight number."""
    found = FLIGHT_NUMBER.fullmatch(value.strip().upper())
    if found is None:
        return None
    return f"{found['airline']} {found['number']}"


class DepartureCohortQuerySet(models.QuerySet["DepartureCohort"]):
    def planned(self) -> DepartureCohortQuerySet:
        return self.filter(status=CohortStatus.PLANNED)

    def flying_by(self, day: datetime.date) -> DepartureCohortQuerySet:
        """Planned cohorts whose flight is on or before ``day`` (overdue ones included)."""
        return self.planned().filter(flight_date__lte=day)


class DepartureCohort(models.Model):
    flight_date = models.DateField(_("flight date"))
    flight_number = models.CharField(_("flight number"), max_length=8)
    route_from = models.CharField(_("from (airport)"), max_length=3)
    route_to = models.CharField(_("to (airport)"), max_length=3)
    escort = models.CharField(_("escort"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=CohortStatus.choices, default=CohortStatus.PLANNED)
    departed_at = models.DateTimeField(_("marked departed at"), null=True, blank=True)
    departed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked departed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Bumped by every change (details, members, departure): a page acting on
    # an older copy is refused instead of acting on a list it did not show.
    version = models.PositiveIntegerField(default=1)

    objects = DepartureCohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("departure cohort")
        verbose_name_plural = _("departure cohorts")
        ordering = ["flight_date", "id"]
        indexes = [models.Index(fields=["status", "flight_date"], name="cohort_by_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(route_from=models.F("route_to")), name="cohort_route_two_airports"
            )
        ]

    def __str__(self) -> str:
        return f"{self.flight_number} {self.route} {self.flight_date.isoformat()}"

    @property
    def route(self) -> str:
        return f"{self.route_from} → {self.route_to}"

    @property
    def is_planned(self) -> bool:
        return self.status == CohortStatus.PLANNED


class CohortMember(models.Model):
    """A placement on a cohort's flight. A placement flies once: it is on at
    most one cohort, and stays on it as the record of its departure."""

    cohort = models.ForeignKey(
        DepartureCohort, verbose_name=_("departure cohort"), on_delete=models.CASCADE, related_name="members"
    )
    placement = models.OneToOneField(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="cohort_member"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        ordering = ["cohort", "placement__participant__full_name", "id"]

    def __str__(self) -> str:
        return f"{self.cohort_id}: {self.placement_id}"
