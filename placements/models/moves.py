"""Moves between placements and how a stay in Japan can stop.

A transfer to another company and a change of programme (TITP ii → SSW i)
end one placement and open the next, which ``follows`` it; the ``Move`` keeps
why, and the rule answer that allowed it. A disappearance (失踪) ends the
placement too; the ``Disappearance`` keeps the dates the supervising
organization must report, and how it ended (found, deceased, returned).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from joborders import messages

if TYPE_CHECKING:
    from rules import Answer


class MoveKind(models.TextChoices):
    TRANSFER = "transfer", _("transfer to another company")
    CHANGE_PROGRAMME = "change_programme", _("change to SSW i")


class TransferReason(models.TextChoices):
    BANKRUPTCY = "bankruptcy", _("the company went bankrupt or stopped the work")
    ABUSE = "abuse", _("violence, harassment or unpaid wages")
    ESD_WISH = "esd_wish", _("ESD: the worker's own wish")
    OTHER = "other", _("other reason")


class KeptAnswer(models.Model):
    """A rule answer stored as it was given (like a job order's RuleDecision):
    a later rule version never changes it."""

    rule_family = models.CharField(_("rule family"), max_length=40, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)

    class Meta:
        abstract = True

    def keep_answer(self, answer: Answer[Any]) -> None:
        rule = answer.rule
        self.rule_family = rule.family if rule else ""
        self.rule_version = rule.label if rule else ""
        self.explanation = messages.many_to_json(answer.explanation)
        with translation.override("en"):
            self.explanation_en = answer.explain()

    def explained(self) -> list[str]:
        return messages.rendered(self.explanation)


class Move(KeptAnswer):
    kind = models.CharField(_("kind"), max_length=20, choices=MoveKind.choices)
    from_placement = models.OneToOneField(
        "placements.Placement", verbose_name=_("from"), on_delete=models.PROTECT, related_name="move_out"
    )
    to_placement = models.OneToOneField(
        "placements.Placement", verbose_name=_("to"), on_delete=models.PROTECT, related_name="move_in"
    )
    # The first day with the new employer or in the new programme.
    moved_on = models.DateField(_("moved on"))
    reason = models.CharField(_("reason"), max_length=20, choices=TransferReason.choices, blank=True)
    reason_detail = models.TextField(_("details"), blank=True)
    # ESD: the first employer's initial costs and the part the new employer
    # repays, by the dated rule (rules.esd_transfer_cost_share).
    initial_costs_jpy = models.PositiveIntegerField(_("first employer's initial costs (yen)"), null=True, blank=True)
    cost_share_jpy = models.PositiveIntegerField(_("repaid by the new employer (yen)"), null=True, blank=True)
    cost_explanation = models.JSONField(_("cost sharing explained"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("move")
        verbose_name_plural = _("moves")
        ordering = ["-moved_on", "-id"]

    def __str__(self) -> str:
        return f"{self.from_placement_id} → {self.to_placement_id} ({self.kind})"

    def cost_explained(self) -> list[str]:
        return messages.rendered(self.cost_explanation)


class DisappearanceEnd(models.TextChoices):
    FOUND = "found", _("found")
    DECEASED = "deceased", _("deceased")
    RETURNED_EARLY = "returned_early", _("returned early")


class Disappearance(models.Model):
    """失踪: the worker left the workplace and cannot be reached. The
    supervising organization reports it to the police and to OTIT; the record
    keeps each date, and stays open until the person is found (back to work),
    or known to be dead or to have gone home."""

    placement = models.OneToOneField(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="disappearance"
    )
    missing_since = models.DateField(_("missing since"))
    last_contact_on = models.DateField(_("last contact"))
    police_reported_on = models.DateField(_("reported to the police on"), null=True, blank=True)
    otit_reported_on = models.DateField(_("reported to OTIT on"), null=True, blank=True)
    circumstances = models.TextField(_("circumstances"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_as = models.CharField(_("closed as"), max_length=20, choices=DisappearanceEnd.choices, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("disappearance")
        verbose_name_plural = _("disappearances")
        ordering = ["-missing_since", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_contact_on__lte=models.F("missing_since")),
                name="last_contact_before_missing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} missing since {self.missing_since.isoformat()}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
