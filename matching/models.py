"""What matching decides and keeps: the ministry's score weights, each job
order's shortlist, and the planning runs of the optimal assignment.

The numbers themselves come from ``matching.engine``; these rows keep its
answers with what they rested on (the weights, the parts of each score), so a
shortlist reads the same later as on the day it was made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from joborders.models import HOLDING_POSITIONS
from matching.engine import columns

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager

_DEFAULTS = columns.Weights()


def _weight(label: StrOrPromise, default: int) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


class ScoreWeightsQuerySet(models.QuerySet["ScoreWeights"]):
    def current(self) -> ScoreWeights:
        """The weights in force: the latest set, or the defaults before the ministry set any."""
        return self.order_by("-set_at", "-id").first() or ScoreWeights()


class ScoreWeights(models.Model):
    """One setting of the score's weights by the ministry. A new setting is a
    new row, so each shortlist can say which weights it was made with."""

    trade_fit = _weight(_("trade fit"), _DEFAULTS.trade_fit)
    language = _weight(_("Japanese level"), _DEFAULTS.language)
    assessment = _weight(_("assessment results"), _DEFAULTS.assessment)
    training = _weight(_("training completed"), _DEFAULTS.training)
    waiting = _weight(_("time waiting in the pool"), _DEFAULTS.waiting)
    preference = _weight(_("the job order's preferences"), _DEFAULTS.preference)
    language_rank_full = models.PositiveSmallIntegerField(
        _("Japanese level that counts in full"),
        default=_DEFAULTS.language_rank_full,
        validators=[MinValueValidator(1)],
        help_text=_("As a level rank: N5 is 10, N4 20, N3 30, N2 40, N1 50."),
    )
    training_hours_full = models.PositiveIntegerField(
        _("training hours that count in full"), default=_DEFAULTS.training_hours_full, validators=[MinValueValidator(1)]
    )
    waiting_days_full = models.PositiveIntegerField(
        _("days of waiting that count in full"), default=_DEFAULTS.waiting_days_full, validators=[MinValueValidator(1)]
    )
    shortlist_factor = models.PositiveSmallIntegerField(
        _("candidates per position"),
        default=_DEFAULTS.shortlist_factor,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Companies interview about three candidates per place."),
    )
    shortlist_cap = models.PositiveSmallIntegerField(
        _("live shortlists per candidate"),
        default=_DEFAULTS.shortlist_cap,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("So that one strong candidate does not block everyone else."),
    )
    note = models.CharField(_("why"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("set by"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = ScoreWeightsQuerySet.as_manager()

    class Meta:
        verbose_name = _("score weights")
        verbose_name_plural = _("score weights")
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.set_at:%Y-%m-%d %H:%M}"

    def as_engine(self) -> columns.Weights:
        return columns.Weights(**{name: getattr(self, name) for name in ENGINE_FIELDS})

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in ENGINE_FIELDS}


# The fields the engine reads, in columns.Weights' order.
ENGINE_FIELDS = (
    "trade_fit",
    "language",
    "assessment",
    "training",
    "waiting",
    "preference",
    "language_rank_full",
    "training_hours_full",
    "waiting_days_full",
    "shortlist_factor",
    "shortlist_cap",
)
WEIGHT_FIELDS = ENGINE_FIELDS[:6]


class ShortlistStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class ShortlistQuerySet(models.QuerySet["Shortlist"]):
    def live(self) -> ShortlistQuerySet:
        """Published for an order still holding its positions: what the per-candidate cap counts."""
        return self.filter(status=ShortlistStatus.PUBLISHED, job_order__status__in=HOLDING_POSITIONS)


class Shortlist(models.Model):
    """The best candidates for one job order: a draft the ministry reviews,
    then published to the company and its supervising organization."""

    job_order = models.ForeignKey(
        "joborders.JobOrder", verbose_name=_("job order"), on_delete=models.CASCADE, related_name="shortlists"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ShortlistStatus.choices, default=ShortlistStatus.DRAFT
    )
    # The weights as they were used, so a change of weights never rewrites an old list.
    weights = models.JSONField(_("weights used"))
    # The day whose readiness and ages were checked.
    computed_on = models.DateField(_("checked on"))
    computed_at = models.DateTimeField(_("made at"), default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    # How many were eligible, and how many of them were left off because they
    # were already on as many live shortlists as allowed.
    eligible_count = models.PositiveIntegerField(_("eligible"), default=0)
    capped_count = models.PositiveIntegerField(_("left off: on enough shortlists"), default=0)
    # {Constraint value: participants in the pool it ruled out}, first failing constraint each.
    ruled_out = models.JSONField(_("ruled out, by reason"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    objects = ShortlistQuerySet.as_manager()

    if TYPE_CHECKING:
        entries: RelatedManager[ShortlistEntry]

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-computed_at", "-id"]
        constraints = [
            # A job order has one shortlist in the making or published at a time.
            models.UniqueConstraint(
                fields=["job_order"], condition=~Q(status="closed"), name="one_open_shortlist_per_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_order} ({self.status})"

    @property
    def is_draft(self) -> bool:
        return self.status == ShortlistStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ShortlistStatus.PUBLISHED

    def kept_entries(self) -> ShortlistEntryQuerySet:
        return ShortlistEntry.objects.filter(shortlist=self).kept()

    def wanted(self) -> int:
        """k: how many candidates the list aims for."""
        return int(self.weights["shortlist_factor"]) * self.job_order.positions


class ShortlistEntryQuerySet(models.QuerySet["ShortlistEntry"]):
    def kept(self) -> ShortlistEntryQuerySet:
        return self.filter(excluded_at__isnull=True)

    def live(self) -> ShortlistEntryQuerySet:
        """Entries that count towards a candidate's cap."""
        return self.kept().filter(
            shortlist__status=ShortlistStatus.PUBLISHED, shortlist__job_order__status__in=HOLDING_POSITIONS
        )


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.PositiveSmallIntegerField(_("score"))
    # The score's parts, each 0..1, in matching.engine.scoring.PART_NAMES order.
    parts = models.JSONField(_("score parts"))
    fit = models.PositiveSmallIntegerField(_("trade fit"))  # a matching.engine.columns.FitLevel
    # A reviewer takes someone off the draft with a reason; a new run keeps them off.
    excluded_at = models.DateTimeField(_("taken off at"), null=True, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    excluded_reason = models.CharField(_("why taken off"), max_length=300, blank=True)

    objects = ShortlistEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["shortlist", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "participant"], name="once_per_shortlist"),
        ]
        indexes = [models.Index(fields=["participant", "shortlist"], name="shortlist_entry_by_participant")]

    def __str__(self) -> str:
        return f"{self.shortlist_id} #{self.rank} {self.participant_id}"

    @property
    def is_excluded(self) -> bool:
        return self.excluded_at is not None


class PlanningStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class PlanningRunQuerySet(models.QuerySet["PlanningRun"]):
    def finished(self) -> PlanningRunQuerySet:
        return self.filter(status__in=(PlanningStatus.DONE, PlanningStatus.FAILED))


class PlanningRun(models.Model):
    """One optimal assignment of the whole pool to all open job orders, for
    the ministry's planning. It proposes; it changes nobody's status."""

    status = models.CharField(_("status"), max_length=10, choices=PlanningStatus.choices, default=PlanningStatus.QUEUED)
    weights = models.JSONField(_("weights used"))
    computed_on = models.DateField(_("checked on"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants in the pool"), default=0)
    job_orders = models.PositiveIntegerField(_("open job orders"), default=0)
    positions = models.PositiveIntegerField(_("positions"), default=0)
    pairs = models.PositiveBigIntegerField(_("eligible pairs"), default=0)
    matched = models.PositiveIntegerField(_("positions filled"), default=0)
    total_score = models.PositiveBigIntegerField(_("total score"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.TextField(_("error"), blank=True)

    objects = PlanningRunQuerySet.as_manager()

    if TYPE_CHECKING:
        placements: RelatedManager[PlannedPlacement]
        unmatched: RelatedManager[UnmatchedParticipant]

    class Meta:
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (PlanningStatus.DONE, PlanningStatus.FAILED)


class PlannedPlacement(models.Model):
    run = models.ForeignKey(PlanningRun, on_delete=models.CASCADE, related_name="placements")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    job_order = models.ForeignKey("joborders.JobOrder", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("planned placement")
        verbose_name_plural = _("planned placements")
        ordering = ["run", "job_order", "-score"]
        indexes = [models.Index(fields=["run", "job_order"], name="planned_by_order")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.participant_id} → {self.job_order_id}"


class UnmatchedParticipant(models.Model):
    run = models.ForeignKey(PlanningRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    # A matching.engine.columns.Constraint value: the furthest constraint reached,
    # or NO_POSITION when eligible somewhere but the positions went to others.
    reason = models.PositiveSmallIntegerField(_("reason"))

    class Meta:
        verbose_name = _("unmatched participant")
        verbose_name_plural = _("unmatched participants")
        ordering = ["run", "reason", "participant"]
        indexes = [models.Index(fields=["run", "reason"], name="unmatched_by_reason")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.participant_id} ({self.reason})"
