"""Interviews: a company (or its supervising organization, or the ministry)
meets the candidates of a published shortlist, scores them on the order's
criteria and gives each a result.

Times are stored in UTC; each interview keeps the zone it was entered in, and
the pages show it in the reader's zone and the other side's (Asia/Tokyo,
Asia/Jakarta). The result "selected" is given only by selecting, which sends
an offer (placements.actions.offers); reserves are ranked, so that a declined
offer goes to the next one.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from joborders.models import InterviewMode

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class DefaultCriterion(models.TextChoices):
    """The criteria an order scores on unless its company sets its own."""

    JAPANESE = "japanese", _("Japanese")
    SKILL_TEST = "skill_test", _("skill test")
    ATTITUDE = "attitude", _("attitude")
    PHYSICAL = "physical", _("physical fitness")


# Out of 100 together: the skill test weighs most, as companies interviewing
# technical intern trainees usually have them do the work in front of them.
DEFAULT_MAXIMA: dict[DefaultCriterion, int] = {
    DefaultCriterion.JAPANESE: 20,
    DefaultCriterion.SKILL_TEST: 40,
    DefaultCriterion.ATTITUDE: 20,
    DefaultCriterion.PHYSICAL: 20,
}
# A criterion's maximum score: enough for a 100-point or 1000-point sheet.
HIGHEST_MAXIMUM = 1000


class InterviewCriterion(models.Model):
    """One thing an order's interviews score, out of its maximum."""

    job_order = models.ForeignKey(
        "joborders.JobOrder", on_delete=models.CASCADE, related_name="interview_criteria", verbose_name=_("job order")
    )
    # One of the defaults (shown in the reader's language), or empty with a name typed by the company.
    key = models.CharField(_("criterion"), max_length=20, choices=DefaultCriterion.choices, blank=True)
    name = models.CharField(_("name"), max_length=80, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"))
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("interview criterion")
        verbose_name_plural = _("interview criteria")
        ordering = ["job_order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job_order", "position"], name="criterion_position_per_order"),
            models.CheckConstraint(
                condition=Q(max_score__gte=1) & Q(max_score__lte=HIGHEST_MAXIMUM), name="criterion_max_score_range"
            ),
            models.CheckConstraint(condition=~Q(key="") | ~Q(name=""), name="criterion_is_named"),
        ]

    def __str__(self) -> str:
        return f"{self.label} /{self.max_score}"

    @property
    def label(self) -> StrOrPromise:
        return DefaultCriterion(self.key).label if self.key else self.name


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


class InterviewResult(models.TextChoices):
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("reserve")
    NOT_SELECTED = "not_selected", _("not selected")


class InterviewQuerySet(models.QuerySet["Interview"]):
    def scheduled(self) -> InterviewQuerySet:
        return self.filter(status=InterviewStatus.SCHEDULED)

    def overlapping(
        self, *, participant_id: int, starts_at: datetime.datetime, ends_at: datetime.datetime
    ) -> InterviewQuerySet:
        """The participant's scheduled interviews (any job order) that share a moment with the given span."""
        return self.scheduled().filter(participant_id=participant_id, starts_at__lt=ends_at, ends_at__gt=starts_at)

    def upcoming(self) -> InterviewQuerySet:
        return self.scheduled().filter(ends_at__gte=timezone.now())

    def waiting_for_scores(self) -> InterviewQuerySet:
        """Held (their time has passed) and not scored yet."""
        return self.scheduled().filter(starts_at__lt=timezone.now(), scored_at__isnull=True)

    def reserves(self) -> InterviewQuerySet:
        """Reserves, best-ranked first."""
        return self.scheduled().filter(result=InterviewResult.RESERVE).order_by("reserve_rank", "pk")


class Interview(models.Model):
    job_order = models.ForeignKey(
        "joborders.JobOrder", on_delete=models.CASCADE, related_name="interviews", verbose_name=_("job order")
    )
    entry = models.ForeignKey(
        "matching.ShortlistEntry", on_delete=models.PROTECT, related_name="+", verbose_name=_("shortlist entry")
    )
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="interviews", verbose_name=_("participant")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Where the person who scheduled it was: the time they typed was in this zone.
    entered_in_zone = models.CharField(_("entered in time zone"), max_length=40)
    mode = models.CharField(_("interview"), max_length=10, choices=InterviewMode.choices)
    link = models.URLField(_("link"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    panel = models.TextField(_("panel"), help_text=_("The interviewers' names, one per line."))
    status = models.CharField(
        _("status"), max_length=10, choices=InterviewStatus.choices, default=InterviewStatus.SCHEDULED
    )
    scheduled_at = models.DateTimeField(_("scheduled at"), default=timezone.now)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(_("result"), max_length=12, choices=InterviewResult.choices, blank=True)
    # 1 is offered the place first when an offer is declined or withdrawn.
    reserve_rank = models.PositiveSmallIntegerField(_("reserve rank"), null=True, blank=True)
    result_at = models.DateTimeField(_("result given at"), null=True, blank=True)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_reason = models.CharField(_("why cancelled"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = InterviewQuerySet.as_manager()

    if TYPE_CHECKING:
        scores: RelatedManager[InterviewScore]

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at", "pk"]
        constraints = [
            # A candidate of a shortlist has one interview in force; a cancelled one may be replaced.
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="scheduled"), name="one_scheduled_interview_per_entry"
            ),
            models.UniqueConstraint(
                fields=["job_order", "reserve_rank"],
                condition=Q(result="reserve", status="scheduled"),
                name="one_reserve_per_rank",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="interview_ends_after_start"),
            models.CheckConstraint(
                condition=Q(result="reserve", reserve_rank__isnull=False)
                | (~Q(result="reserve") & Q(reserve_rank=None)),
                name="reserve_has_rank",
            ),
        ]
        indexes = [
            # The overlap check: one participant's interviews by time.
            models.Index(fields=["participant", "starts_at"], name="interview_by_participant"),
            models.Index(fields=["job_order", "status"], name="interview_by_order"),
            models.Index(fields=["starts_at"], name="interview_by_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.participant_id} @ {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def is_scheduled(self) -> bool:
        return self.status == InterviewStatus.SCHEDULED

    @property
    def is_online(self) -> bool:
        return self.mode == InterviewMode.ONLINE

    @property
    def panel_names(self) -> list[str]:
        return [name.strip() for name in self.panel.splitlines() if name.strip()]

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class InterviewScore(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(InterviewCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("interview score")
        verbose_name_plural = _("interview scores")
        ordering = ["interview", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.criterion_id}={self.score}"
