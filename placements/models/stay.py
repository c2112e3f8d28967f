"""A placement's stages in Japan: each period the person spends in one
programme stage, with the rule answer that allowed it.

Arrival opens the first period; a stage move (TITP i → ii → iii) closes one and
opens the next on the same placement. A transfer or a change of programme opens
a new placement instead, whose first period starts the chain again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from joborders import messages
from placements.models.placement import StayStage

if TYPE_CHECKING:
    from rules import Answer


class StagePeriodQuerySet(models.QuerySet["StagePeriod"]):
    def current(self) -> StagePeriodQuerySet:
        return self.filter(ended_on__isnull=True)


class StagePeriod(models.Model):
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.CASCADE, related_name="periods"
    )
    stage = models.CharField(_("programme and stage"), max_length=10, choices=StayStage.choices)
    started_on = models.DateField(_("started on"))
    # The last day the stage may last (TITP: rules.titp_stage_end), or the
    # contract's end where no rule sets one.
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # Stage iii only: the home return between stages ii and iii (at least a
    # month and under a year), as the move that opened the period checked it.
    home_return_left_on = models.DateField(_("left Japan on"), null=True, blank=True)
    home_return_back_on = models.DateField(_("back in Japan on"), null=True, blank=True)
    # The rule answer that opened the period, kept as it was given (like a job
    # order's RuleDecision): a later rule version never changes it.
    rule_family = models.CharField(_("rule family"), max_length=40, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40, blank=True)
    rule_effective_from = models.DateField(_("rule in force from"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = StagePeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage period")
        verbose_name_plural = _("stage periods")
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"], condition=models.Q(ended_on__isnull=True), name="one_current_period_per_placement"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="stage_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(home_return_back_on__isnull=True)
                | models.Q(home_return_back_on__gte=models.F("home_return_left_on")),
                name="home_return_back_after_leaving",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.stage} {self.started_on.isoformat()}"

    def keep_answer(self, answer: Answer[Any]) -> None:
        """Store the rule answer behind this period as it was given."""
        rule = answer.rule
        self.rule_family = rule.family if rule else ""
        self.rule_version = rule.label if rule else ""
        self.rule_effective_from = rule.effective_from if rule else None
        self.explanation = messages.many_to_json(answer.explanation)
        with translation.override("en"):
            self.explanation_en = answer.explain()

    def explained(self) -> list[str]:
        """The explanation as it was given, in the reader's language."""
        return messages.rendered(self.explanation)
