"""Offers: selecting a candidate sends them the job order's employment
conditions, which they accept or decline.

The conditions are copied onto the offer when it is sent, so an edit of the
job order afterwards never changes what the person was offered and signed.
A person has at most one live offer (sent or accepted) at a time, which the
database enforces as well as the action: two companies selecting the same
person at the same moment cannot both succeed.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reference.models import Track
from rules import Stage

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class OfferStatus(models.TextChoices):
    SENT = "sent", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Offers that hold a position of the order and the person: a person has one at most.
LIVE_OFFER = frozenset({OfferStatus.SENT, OfferStatus.ACCEPTED})

# Declining ends an offer that was sent; withdrawing (by the company, its
# supervising organization or the ministry) ends one sent or accepted.
ALLOWED_TRANSITIONS: dict[OfferStatus, frozenset[OfferStatus]] = {
    OfferStatus.SENT: frozenset({OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN}),
    OfferStatus.ACCEPTED: frozenset({OfferStatus.WITHDRAWN}),
    OfferStatus.DECLINED: frozenset(),
    OfferStatus.WITHDRAWN: frozenset(),
}


class DurationBasis(models.TextChoices):
    # TITP: the stage's length from the rules in force on the start date.
    TITP_STAGE = "titp_stage", _("the TITP stage")
    # SSW, ESD, engineer: the length the employment contract states.
    CONTRACT = "contract", _("the employment contract")


def signed_page_path(offer: Offer, filename: str) -> str:
    # A random name, as for participants' documents: the stored path reveals
    # neither the person nor the uploaded file's name, and cannot be guessed.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"offers/{offer.participant_id}/{secrets.token_urlsafe(16)}.{suffix}"


class OfferQuerySet(models.QuerySet["Offer"]):
    def live(self) -> OfferQuerySet:
        return self.filter(status__in=LIVE_OFFER)

    def waiting(self) -> OfferQuerySet:
        return self.filter(status=OfferStatus.SENT)

    def accepted(self) -> OfferQuerySet:
        return self.filter(status=OfferStatus.ACCEPTED)


class Offer(models.Model):
    job_order = models.ForeignKey(
        "joborders.JobOrder", on_delete=models.PROTECT, related_name="offers", verbose_name=_("job order")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="offers", verbose_name=_("participant")
    )
    interview = models.ForeignKey(
        "placements.Interview", on_delete=models.PROTECT, related_name="offers", verbose_name=_("interview")
    )
    status = models.CharField(_("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.SENT)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)

    # --- the employment conditions as they were when the offer was sent ---------
    title = models.CharField(_("job title"), max_length=150)
    programme = models.CharField(_("programme"), max_length=10, choices=Track.choices)
    titp_stage = models.PositiveSmallIntegerField(_("TITP stage"), null=True, blank=True)
    company_name = models.CharField(_("company"), max_length=200)
    company_name_ja = models.CharField(_("company (Japanese)"), max_length=200, blank=True)
    workplace_prefecture = models.ForeignKey(
        "reference.Prefecture", on_delete=models.PROTECT, related_name="+", verbose_name=_("workplace prefecture")
    )
    workplace_city = models.CharField(_("workplace city"), max_length=100)
    workplace_city_ja = models.CharField(_("workplace city in Japanese"), max_length=100, blank=True)
    monthly_wage_jpy = models.PositiveIntegerField(_("monthly wage (JPY)"))
    hours_per_week = models.PositiveSmallIntegerField(_("working hours per week"))
    working_hours_note = models.CharField(_("working hours"), max_length=200, blank=True)
    housing_provided = models.BooleanField(_("housing provided"))
    housing_cost_jpy = models.PositiveIntegerField(_("housing deduction (JPY per month)"))
    other_deductions_jpy = models.PositiveIntegerField(_("other deductions (JPY per month)"))
    deductions_note = models.CharField(_("about the deductions"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    ends_on = models.DateField(_("last day"))
    duration_basis = models.CharField(_("duration from"), max_length=12, choices=DurationBasis.choices)
    # The rule version the TITP duration came from, e.g. "titp_stages 2026-initial".
    duration_rule = models.CharField(_("duration rule"), max_length=80, blank=True)

    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The offer whose decline or withdrawal passed the place to this reserve.
    promoted_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="promoted_to"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The page the participant signed, when their LPK/SO records the answer for them.
    signed_page = models.FileField(_("signed page"), upload_to=signed_page_path, max_length=200, blank=True)
    signed_page_name = models.CharField(_("file name"), max_length=200, blank=True)
    signed_page_type = models.CharField(max_length=60, blank=True)
    signed_page_sha256 = models.CharField(max_length=64, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="offer"
    )
    version = models.PositiveIntegerField(default=1)

    objects = OfferQuerySet.as_manager()

    if TYPE_CHECKING:
        history: RelatedManager[OfferStatusChange]

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-sent_at", "-id"]
        constraints = [
            # The database, not only the action's row lock, keeps a person to one
            # live offer: two selections racing on different orders cannot both land.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_live_offer_per_participant",
            ),
        ]
        indexes = [models.Index(fields=["job_order", "status"], name="offer_by_order")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.participant_id} → {self.job_order_id}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_OFFER

    @property
    def is_waiting(self) -> bool:
        return self.status == OfferStatus.SENT

    def can_move_to(self, status: OfferStatus) -> bool:
        return status in ALLOWED_TRANSITIONS[OfferStatus(self.status)]

    @property
    def deductions_jpy(self) -> int:
        return self.housing_cost_jpy + self.other_deductions_jpy

    @property
    def take_home_before_tax_jpy(self) -> int:
        return self.monthly_wage_jpy - self.deductions_jpy

    @property
    def is_titp(self) -> bool:
        return self.programme == Track.TITP

    @property
    def stage_name(self) -> str:
        """ "stage i" (1号 in Japanese), in the language active where it is shown."""
        return str(Stage.numbered(self.titp_stage).named) if self.titp_stage else ""

    @property
    def company(self) -> str:
        """The company's name as the language active where it is shown writes it."""
        return self.company_name_ja if get_language() == "ja" and self.company_name_ja else self.company_name

    @property
    def workplace(self) -> str:
        """Prefecture and city as the language active where it is shown writes them (宮城県仙台市)."""
        return self.workplace_prefecture.place(city=self.workplace_city, city_ja=self.workplace_city_ja)


class OfferStatusChange(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=10, choices=OfferStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=OfferStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("offer status change")
        verbose_name_plural = _("offer status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["to_status", "changed_at"], name="offer_change_by_status")]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.from_status} → {self.to_status}"
