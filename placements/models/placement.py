"""The placement: one participant working for one job order's company.

It is made when the participant accepts an offer and lasts until they come
home. Everything before departure (the gate, the cohort) and in Japan hangs
off it, so the embassy reading a record sees employer, prefecture and
supervising organization from one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from accounts.models import Organization
    from joborders.models import Profile


class PlacementStatus(models.TextChoices):
    PREPARING = "preparing", _("preparing to depart")
    IN_JAPAN = "in_japan", _("in Japan")
    ENDED = "ended", _("ended")
    CANCELLED = "cancelled", _("cancelled before departure")


# Placements that still hold the participant: a person has at most one.
OPEN_PLACEMENT = frozenset({PlacementStatus.PREPARING, PlacementStatus.IN_JAPAN})

ALLOWED_TRANSITIONS: dict[PlacementStatus, frozenset[PlacementStatus]] = {
    PlacementStatus.PREPARING: frozenset({PlacementStatus.IN_JAPAN, PlacementStatus.CANCELLED}),
    PlacementStatus.IN_JAPAN: frozenset({PlacementStatus.ENDED}),
    PlacementStatus.ENDED: frozenset(),
    PlacementStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class Party:
    """An organization with a part in a placement, and whom to call there."""

    role: StrOrPromise
    organization: Organization
    profile: Profile | None


class PlacementQuerySet(models.QuerySet["Placement"]):
    def open(self) -> PlacementQuerySet:
        return self.filter(status__in=OPEN_PLACEMENT)

    def preparing(self) -> PlacementQuerySet:
        return self.filter(status=PlacementStatus.PREPARING)

    def in_japan(self) -> PlacementQuerySet:
        return self.filter(status=PlacementStatus.IN_JAPAN)

    def latest_first(self) -> PlacementQuerySet:
        """Open placements first, then the most recent: a person's current one leads."""
        return self.annotate(
            still_open=models.Case(
                models.When(status__in=OPEN_PLACEMENT, then=models.Value(1)), default=models.Value(0)
            )
        ).order_by("-still_open", "-created_at", "-id")


class Placement(models.Model):
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    job_order = models.ForeignKey(
        "joborders.JobOrder", verbose_name=_("job order"), on_delete=models.PROTECT, related_name="placements"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.PREPARING
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # The planned first working day, from the job order; departure may move it.
    starts_on = models.DateField(_("starts on"))
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not only the action, keeps a person in one placement at a time:
            # two acceptances racing on different job orders cannot both land.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["preparing", "in_japan"]),
                name="one_open_placement_per_participant",
            )
        ]
        indexes = [models.Index(fields=["job_order", "status"], name="placement_by_order")]

    def __str__(self) -> str:
        return f"{self.participant} → {self.job_order}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLACEMENT

    @property
    def is_preparing(self) -> bool:
        return self.status == PlacementStatus.PREPARING

    def can_move_to(self, status: PlacementStatus) -> bool:
        return status in ALLOWED_TRANSITIONS[PlacementStatus(self.status)]

    def parties(self) -> list[Party]:
        """The employer, the supervising organization and the registered support
        organization, each with its contact: whom the embassy calls about a worker."""
        order = self.job_order
        named = [
            (_("employer (implementing organization)"), order.company, "company_profile"),
            (_("supervising organization"), order.supervising_organization, "supervising_profile"),
            (_("registered support organization"), order.support_organization, "support_profile"),
        ]
        return [
            Party(role=role, organization=organization, profile=getattr(organization, profile, None))
            for role, organization, profile in named
            if organization is not None
        ]
