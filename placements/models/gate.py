"""What has been recorded for a placement's pre-departure gate.

One row per recording: recording an item again supersedes the current row
(kept, for the history of who entered what and when) instead of changing it.
Which fields an item uses, and the checks on them, are placements/gate.py's;
the table keeps one shape for all items so the gate of a whole cohort reads
in one query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import GateItem


class GateRecordQuerySet(models.QuerySet["GateRecord"]):
    def current(self) -> GateRecordQuerySet:
        return self.filter(superseded_at__isnull=True)


class GateRecord(models.Model):
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.CASCADE, related_name="gate_records"
    )
    item = models.CharField(_("gate item"), max_length=24, choices=GateItem.choices)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    # Certified, issued, signed, prepared or passed on; for the flight, its date.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=60, blank=True)
    # Insurance: as entered. COE: computed from the issue date when recorded
    # (placements.gate.coe_expiry), so lists can tell an expiring COE apart.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    exempt = models.BooleanField(_("exempt"), default=False)
    flight_number = models.CharField(_("flight number"), max_length=8, blank=True)
    route_from = models.CharField(_("from (airport)"), max_length=3, blank=True)
    route_to = models.CharField(_("to (airport)"), max_length=3, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = GateRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("gate record")
        verbose_name_plural = _("gate records")
        ordering = ["placement", "item", "-recorded_at", "-id"]
        constraints = [
            # The action supersedes under the placement's row lock; the database
            # makes sure no path leaves two current answers to one item.
            models.UniqueConstraint(
                fields=["placement", "item"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_gate_record_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.item}"

    @property
    def route(self) -> str:
        return f"{self.route_from} → {self.route_to}" if self.route_from and self.route_to else ""
