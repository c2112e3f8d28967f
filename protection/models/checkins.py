"""Monthly check-ins: a short survey every worker in Japan is asked once a
month, in their language, on their phone. An answer that signals a problem
opens a case for their LPK/SO; the response rates per company and
supervising organization are evidence of how partners treat their workers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.encrypted import EncryptedTextField


class CheckInRoundQuerySet(models.QuerySet["CheckInRound"]):
    def newest_first(self) -> CheckInRoundQuerySet:
        return self.order_by("-month")


class CheckInRound(models.Model):
    """One month's survey: every worker in Japan on the day it opened is asked."""

    # The first day of the month the round asks about.
    month = models.DateField(_("month"), unique=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closes_on = models.DateField(_("answers taken until"))

    objects = CheckInRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in round")
        verbose_name_plural = _("check-in rounds")
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.month.strftime("%Y-%m")


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def answered(self) -> CheckInQuerySet:
        return self.filter(answered_at__isnull=False)

    def unanswered(self) -> CheckInQuerySet:
        return self.filter(answered_at__isnull=True)

    def signalling(self) -> CheckInQuerySet:
        return self.filter(signals_problem=True)

    def waiting_on(self, day: datetime.date) -> CheckInQuerySet:
        """Unanswered check-ins of rounds still taking answers on ``day``."""
        return self.unanswered().filter(round__closes_on__gte=day)

    def response_rates(self, by: str) -> list[ResponseRate]:
        """Asked, answered and signalling counts per organization, ``by``
        "company" or "supervising_organization", largest first."""
        rows = (
            self.exclude(**{f"{by}__isnull": True})
            .values(f"{by}_id", f"{by}__name")
            .annotate(
                asked=Count("pk"),
                answered=Count("pk", filter=Q(answered_at__isnull=False)),
                signalling=Count("pk", filter=Q(signals_problem=True)),
            )
            .order_by("-asked", f"{by}__name")
        )
        return [
            ResponseRate(
                organization_id=row[f"{by}_id"],
                name=row[f"{by}__name"],
                asked=row["asked"],
                answered=row["answered"],
                signalling=row["signalling"],
            )
            for row in rows
        ]


@dataclass(frozen=True)
class ResponseRate:
    organization_id: int
    name: str
    asked: int
    answered: int
    signalling: int

    @property
    def percent(self) -> int:
        """The share answered, in whole percent (rounded down: 99 of 100 never shows 100)."""
        return self.answered * 100 // self.asked if self.asked else 0


class CheckIn(models.Model):
    """One worker's check-in for a round. The company and supervising
    organization are copied from the placement when it is asked, so the
    rates stay with the employer the worker had that month."""

    round = models.ForeignKey(CheckInRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="checkins")
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="checkins"
    )
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="checkins"
    )
    company = models.ForeignKey(
        "accounts.Organization", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The answers; empty until answered. "No" to the first two or to either
    # safety question signals a problem (protection.checkins decides).
    wages_paid_in_full = models.BooleanField(_("wages paid in full and on time"), null=True, blank=True)
    documents_in_own_hands = models.BooleanField(
        _("passport and residence card in your own hands"), null=True, blank=True
    )
    hours_per_week = models.PositiveSmallIntegerField(_("hours worked per week"), null=True, blank=True)
    days_off_per_month = models.PositiveSmallIntegerField(_("days off this month"), null=True, blank=True)
    safe_at_work = models.BooleanField(_("safe at work"), null=True, blank=True)
    safe_at_home = models.BooleanField(_("safe at home"), null=True, blank=True)
    anything_to_report = EncryptedTextField(_("anything to report"), blank=True)
    signals_problem = models.BooleanField(_("signals a problem"), default=False)
    case = models.ForeignKey(
        "protection.Case",
        verbose_name=_("case opened"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="one_checkin_per_worker_and_round"),
            models.CheckConstraint(
                condition=Q(signals_problem=False) | Q(answered_at__isnull=False), name="only_answers_signal"
            ),
        ]
        indexes = [
            models.Index(fields=["round", "company"], name="checkin_round_company"),
            models.Index(fields=["round", "supervising_organization"], name="checkin_round_supervising"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.participant_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
