"""The ledger: what each participant's way to Japan cost, who paid it, and
whether the fee policy in force on the day allowed it.

Entries are append-only, in the model and in the database (a trigger, see
migration 0002): a booked entry is a fact and is never changed or deleted. A
correction is a new entry that reverses one (the same amount, negated), so the
pair nets to exactly zero and both stay on the statement's history.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from joborders.messages import rendered
from ledger.money import DECIMAL_PLACES, MAX_DIGITS, Currency
from rules import Named


class AppendOnly(Exception):
    """A booked ledger row was to be changed or deleted."""


class CostKind(models.TextChoices):
    """The ILO's 2019 definition: recruitment fees, related costs, and costs
    that are not legitimate at all."""

    RECRUITMENT_FEE = "recruitment_fee", _("recruitment fee")
    RELATED_COST = "related_cost", _("related cost")
    ILLEGITIMATE = "illegitimate", _("illegitimate cost")


class CostClassQuerySet(models.QuerySet["CostClass"]):
    def in_force(self, on: datetime.date) -> list[CostClass]:
        """Each class's version in force on ``on``: the latest that started by then."""
        chosen: dict[str, CostClass] = {}
        for cost_class in self.filter(effective_from__lte=on).order_by("code", "effective_from"):
            chosen[cost_class.code] = cost_class
        return sorted(chosen.values(), key=lambda cost_class: (cost_class.position, cost_class.code))

    def version_of(self, code: str, on: datetime.date) -> CostClass | None:
        return self.filter(code=code, effective_from__lte=on).order_by("-effective_from").first()


class CostClass(models.Model):
    """One class of cost of the catalogue, as in force from a date. A change
    (a class a participant may no longer bear) is a new row with a later date:
    entries keep the version they were checked against."""

    code = models.SlugField(_("code"), max_length=40)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_ja = models.CharField(_("name (Japanese)"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CostKind.choices)
    participant_may_bear = models.BooleanField(
        _("a participant may bear it"),
        default=False,
        help_text=_("Under the ILO definition; the zero-cost promise lets a participant bear nothing at all."),
    )
    effective_from = models.DateField(_("effective from"))
    source = models.TextField(_("source"))

    objects = CostClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("cost class")
        verbose_name_plural = _("cost catalogue")
        ordering = ["position", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_cost_class_version_a_day"),
            # An illegitimate cost is never the participant's to bear.
            models.CheckConstraint(
                condition=~Q(kind="illegitimate", participant_may_bear=True), name="illegitimate_never_bearable"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.named.in_language((get_language() or "en")[:2])

    @property
    def named(self) -> Named:
        return Named(ja=self.name_ja, en=self.name_en, id=self.name_id)


class Payer(models.TextChoices):
    """Who paid; the values of rules.Payer."""

    MINISTRY = "ministry", _("ministry budget")
    COOPERATIVE = "cooperative", _("cooperative / supervising organization subsidy")
    SENDING_ORGANIZATION = "sending_organization", _("LPK/SO")
    EMPLOYER = "employer", _("employer")
    PARTICIPANT = "participant", _("participant")


class EntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("ledger entries are never changed; book a reversal")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("ledger entries are never deleted; book a reversal")

    def violations(self) -> EntryQuerySet:
        """Entries that broke the policy in force on their date and are not reversed."""
        return self.filter(breaks_policy=True, reversal__isnull=True, reverses__isnull=True)

    def paid_by_participant(self) -> EntryQuerySet:
        return self.filter(payer=Payer.PARTICIPANT)

    def totals(self) -> dict[str, Decimal]:
        """Exact sums per currency, summed by the database.

        The sum is read as text: Django reads a SQLite decimal through a
        15-digit float context, which would round a sum of many large amounts
        (PostgreSQL's numeric would be exact either way)."""
        rows = self.order_by().values("currency").annotate(total=exact_sum("amount"))
        return {row["currency"]: Decimal(row["total"]) for row in rows}


def exact_sum(field: str) -> Cast:
    """SUM(field) as text, to be read with Decimal(): exact on every database."""
    return Cast(Sum(field), output_field=models.CharField())


def receipt_path(entry: LedgerEntry, filename: str) -> str:
    # A random name, as for documents: the path reveals neither person nor file.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"receipts/{entry.participant_id}/{secrets.token_urlsafe(16)}.{suffix}"


class LedgerEntry(models.Model):
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.PROTECT, related_name="ledger"
    )
    cost_class = models.ForeignKey(CostClass, verbose_name=_("cost"), on_delete=models.PROTECT, related_name="+")
    # Whole units of the currency (ledger.money): never a float.
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    payer = models.CharField(_("paid by"), max_length=24, choices=Payer.choices)
    payer_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("paying organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    payee_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("paid to (organization)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    payee_name = models.CharField(_("paid to"), max_length=200)
    paid_on = models.DateField(_("paid on"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    # The rupiah for one yen this entry was converted at, and the rate's day
    # (the ESD fee cap is in yen); empty when no conversion was needed.
    rate_idr_per_jpy = models.DecimalField(
        _("rupiah for one yen"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    rate_on = models.DateField(_("rate of"), null=True, blank=True)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, max_length=200, blank=True)
    receipt_content_type = models.CharField(max_length=40, blank=True)
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    # The fee policy's answer when the entry was booked, as it was given
    # (joborders.messages: each reader sees it in their own language).
    breaks_policy = models.BooleanField(_("breaks the fee policy"), default=False)
    policy_family = models.CharField(_("rule family"), max_length=40, blank=True)
    policy_version = models.CharField(_("rule version"), max_length=40, blank=True)
    policy_refused_by = models.JSONField(_("refused by"), default=list, blank=True)
    policy_explanation = models.JSONField(_("explanation"), default=list, blank=True)
    policy_explanation_en = models.TextField(_("explanation (English)"), blank=True)
    # An imported row's key (job and row), so committing twice books once.
    import_key = models.CharField(max_length=60, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now)

    objects: ClassVar[EntryQuerySet] = EntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["paid_on", "pk"]
        constraints = [
            # Only a reversal is negative: a payment is more than zero.
            models.CheckConstraint(
                condition=Q(amount__gt=0) | Q(reverses__isnull=False), name="ledger_amount_positive_unless_reversal"
            ),
            models.CheckConstraint(condition=Q(currency__in=["IDR", "JPY"]), name="ledger_known_currency"),
            models.CheckConstraint(
                condition=Q(rate_idr_per_jpy__isnull=True) | Q(rate_idr_per_jpy__gt=0, rate_on__isnull=False),
                name="ledger_rate_positive_with_its_day",
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="ledger_import_row_booked_once"
            ),
        ]
        indexes = [
            models.Index(fields=["participant", "paid_on"], name="ledger_by_participant"),
            models.Index(fields=["breaks_policy", "booked_at"], name="ledger_violations"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.paid_on} {self.currency} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("ledger entries are never changed; book a reversal")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("ledger entries are never deleted; book a reversal")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    def explained(self) -> list[str]:
        return rendered(self.policy_explanation)


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("open")
    # Issue 14 (protection) turns an open dispute into a case of its own.
    CASE_OPENED = "case_opened", _("protection case opened")
    CLOSED = "closed", _("closed")


DISPUTE_TRANSITIONS: dict[DisputeStatus, frozenset[DisputeStatus]] = {
    DisputeStatus.OPEN: frozenset({DisputeStatus.CASE_OPENED, DisputeStatus.CLOSED}),
    DisputeStatus.CASE_OPENED: frozenset({DisputeStatus.CLOSED}),
    DisputeStatus.CLOSED: frozenset(),
}
# The protection case category a dispute becomes (issue 14's "fees or debts charged").
DISPUTE_CATEGORY = "fees_or_debts"


class DisputeQuerySet(models.QuerySet["Dispute"]):
    def open(self) -> DisputeQuerySet:
        return self.filter(status=DisputeStatus.OPEN)


class Dispute(models.Model):
    """A participant says a line of their statement is wrong: in their own
    words, about one entry. The ministry and the LPK/SO are told; the
    protection app (issue 14) takes it over as a case of category
    DISPUTE_CATEGORY."""

    entry = models.ForeignKey(LedgerEntry, verbose_name=_("line"), on_delete=models.PROTECT, related_name="disputes")
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=30, default=DISPUTE_CATEGORY, editable=False)
    words = models.TextField(_("what is wrong"))
    status = models.CharField(_("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("disputed line")
        verbose_name_plural = _("disputed lines")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            # One open dispute per line: a second tap must not open a second case.
            models.UniqueConstraint(fields=["entry"], condition=Q(status="open"), name="one_open_dispute_per_line")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.status}"


class SubsidyBasis(models.TextChoices):
    PARTICIPANT = "participant", _("per participant")
    CLASS = "class", _("per class")


class SubsidyAgreement(models.Model):
    """A cooperative's (supervising organization's) subsidy to an LPK/SO for a
    period: an amount per participant or per class, for a planned number of
    them. What it paid is read from the ledger (payer: the cooperative)."""

    cooperative = models.ForeignKey(
        "accounts.Organization", verbose_name=_("cooperative"), on_delete=models.PROTECT, related_name="+"
    )
    sending_organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("LPK/SO"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=20, choices=SubsidyBasis.choices)
    amount_per_unit = models.DecimalField(_("amount each"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    planned_units = models.PositiveIntegerField(_("planned participants or classes"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("subsidy agreement")
        verbose_name_plural = _("subsidy agreements")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="subsidy_period_in_order"),
            models.CheckConstraint(condition=Q(amount_per_unit__gt=0), name="subsidy_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} → {self.sending_organization} {self.starts_on:%Y}"

    @property
    def planned(self) -> Decimal:
        return self.amount_per_unit * self.planned_units


class Budget(models.Model):
    """The ministry's budget for one BLK and year; what it spent is read from
    the ledger (payer: the ministry, paid to the BLK)."""

    training_centre = models.ForeignKey(
        "accounts.Organization", verbose_name=_("training centre (BLK)"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.IDR)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("training budget")
        verbose_name_plural = _("training budgets")
        ordering = ["-year", "training_centre__name"]
        constraints = [
            models.UniqueConstraint(fields=["training_centre", "year"], name="one_budget_per_blk_and_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.training_centre} {self.year}"
