"""Deadline notices: one row per obligation and notice stage (90 days ahead,
30 days ahead, overdue…), shown in the app and sent by e-mail once.

The sweep (``placements.deadlines.sweep``) writes them with the database's
own conflict handling on the unique key, so a second sweep, or two workers
sweeping at once, add nothing; e-mail goes out from this table as from an
outbox (``emailed_at``), claimed row by row, so no notice is mailed twice.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

# The notice stage of an obligation whose day has passed.
OVERDUE = -1


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_organizations(self, organizations: list[Organization]) -> NoticeQuerySet:
        """The notices an organization must act on, or whose worker or premises they concern."""
        return self.filter(Q(organization__in=organizations) | Q(company__in=organizations))

    def unsent(self) -> NoticeQuerySet:
        return self.filter(emailed_at__isnull=True)

    def newest_first(self) -> NoticeQuerySet:
        return self.order_by("-created_at", "-id")


class Notice(models.Model):
    # The obligation's kind (a key of placements.deadlines.registry), not a
    # choices field: the lead plugs further kinds in (return follow-ups).
    kind = models.CharField(_("kind"), max_length=30)
    # The row the obligation is about: a placement, a stage period, a
    # document or a company, as the kind says.
    subject_id = models.BigIntegerField()
    due_on = models.DateField(_("due on"))
    # Days ahead of the due day this notice warns at, or OVERDUE.
    days_ahead = models.SmallIntegerField(_("days ahead"))
    # Who must act, and who else it concerns. No single-column index on these
    # foreign keys (the composite indexes below start with them) and no
    # database constraint: the sweep writes a notice only from rows its own
    # SELECT read in the same statement, deletions cascade through Django's
    # collector, and the constraint checks at commit were two thirds of the
    # time the sweep took to write a hundred thousand notices.
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    # Placements are never deleted (PROTECT everywhere else), so nothing looks notices up by it.
    placement = models.ForeignKey(
        "placements.Placement",
        verbose_name=_("placement"),
        on_delete=models.CASCADE,
        related_name="notices",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="deadline_notices",
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The key that makes each notice exactly once: the sweep inserts
            # with ON CONFLICT DO NOTHING against it.
            models.UniqueConstraint(fields=["kind", "subject_id", "due_on", "days_ahead"], name="one_notice_per_stage"),
        ]
        indexes = [
            # The outbox: notices not yet e-mailed, oldest first.
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="notice_unsent"),
            models.Index(fields=["organization", "created_at"], name="notice_by_organization"),
            models.Index(fields=["company", "created_at"], name="notice_by_company"),
            models.Index(fields=["participant", "created_at"], name="notice_by_participant"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_id} {self.due_on.isoformat()} {self.days_ahead}"

    @property
    def is_overdue(self) -> bool:
        return self.days_ahead == OVERDUE
