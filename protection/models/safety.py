"""Disaster safety checks (安否確認): after an earthquake or a typhoon a
ministry or embassy officer names the event and the prefectures it struck,
and every worker placed there is asked "are you safe?" on their phone and by
e-mail. The question rows are the board: safe, needs help or no answer, per
prefecture and company, with the follow-up calls made to those who need help
or have not answered."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SafetyAnswer(models.TextChoices):
    SAFE = "safe", _("safe")
    NEEDS_HELP = "needs_help", _("needs help")


class AnsweredVia(models.TextChoices):
    """Who gave the answer: the worker themselves (logged in or from the
    e-mail's link), their employer's side, or a follow-up call."""

    PARTICIPANT = "participant", _("the worker, on their page")
    EMAIL_LINK = "email_link", _("the worker, from the e-mail")
    COMPANY = "company", _("the company, for the worker")
    SUPERVISING_ORGANIZATION = "supervising", _("the supervising organization, for the worker")
    SUPPORT_ORGANIZATION = "support", _("the support organization, for the worker")
    FOLLOW_UP_CALL = "call", _("a follow-up call")


# An answer may change (safe at first, then the shelter runs out of water);
# it never goes back to none.
ANSWER_TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({SafetyAnswer.SAFE, SafetyAnswer.NEEDS_HELP}),
    SafetyAnswer.SAFE: frozenset({SafetyAnswer.SAFE, SafetyAnswer.NEEDS_HELP}),
    SafetyAnswer.NEEDS_HELP: frozenset({SafetyAnswer.SAFE, SafetyAnswer.NEEDS_HELP}),
}


class SafetyCheckQuerySet(models.QuerySet["SafetyCheck"]):
    def open(self) -> SafetyCheckQuerySet:
        return self.filter(closed_at__isnull=True)

    def newest_first(self) -> SafetyCheckQuerySet:
        return self.order_by("-opened_at", "-pk")


class SafetyCheck(models.Model):
    event = models.CharField(_("event"), max_length=200)
    prefectures = models.ManyToManyField(
        "reference.Prefecture", verbose_name=_("prefectures"), related_name="safety_checks"
    )
    # The event and prefectures as one text while the check is open: the same
    # check submitted twice (a double tap, two officers at once) is refused by
    # the database and the open one is used, so nobody is asked twice.
    same_as = models.CharField(max_length=400, editable=False)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    objects = SafetyCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety check")
        verbose_name_plural = _("safety checks")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["same_as"], condition=Q(closed_at__isnull=True), name="one_open_safety_check_per_event"
            )
        ]

    def __str__(self) -> str:
        return self.event

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SafetyQuestionQuerySet(models.QuerySet["SafetyQuestion"]):
    def answered(self, answer: SafetyAnswer) -> SafetyQuestionQuerySet:
        return self.filter(answer=answer)

    def unanswered(self) -> SafetyQuestionQuerySet:
        return self.filter(answer="")

    def help_not_followed_up(self) -> SafetyQuestionQuerySet:
        """Workers who need help and have had no follow-up call since they said so: work to do."""
        return self.filter(
            answer=SafetyAnswer.NEEDS_HELP, followed_up_at__isnull=True, safety_check__closed_at__isnull=True
        )

    def tallied_by(self, *fields: str) -> models.QuerySet[SafetyQuestion, dict[str, Any]]:
        """The tallies grouped by ``fields`` (prefecture, company): one GROUP BY
        the board reads, served by the (check, prefecture, company, answer) index."""
        grouped: models.QuerySet[SafetyQuestion, dict[str, Any]] = self.order_by().values(*fields).annotate(**_TALLIES)
        return grouped


_TALLIES = {
    "total": Count("pk"),
    "safe": Count("pk", filter=Q(answer=SafetyAnswer.SAFE)),
    "needs_help": Count("pk", filter=Q(answer=SafetyAnswer.NEEDS_HELP)),
    "no_answer": Count("pk", filter=Q(answer="")),
}


class SafetyQuestion(models.Model):
    """One worker asked in one check. The placement's prefecture and
    organizations are copied when asked, in the one INSERT … SELECT that asks
    everyone, so the board groups and scopes without a join to placements.

    No foreign key has an index of its own (``db_index=False``): the
    composite indexes below serve every lookup the pages and the work items
    make, and each index more is written 20,000 times when a prefecture is
    asked. Deleting a placement, prefecture, organization or user is refused
    (PROTECT) after a scan, which is rare enough to accept."""

    # Not "check": that name is Model.check(), Django's system checks.
    safety_check = models.ForeignKey(
        SafetyCheck, verbose_name=_("safety check"), on_delete=models.CASCADE, related_name="questions", db_index=False
    )
    participant = models.ForeignKey(
        "participants.Participant", verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    placement = models.ForeignKey(
        "placements.Placement", verbose_name=_("placement"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    prefecture = models.ForeignKey(
        "reference.Prefecture", verbose_name=_("prefecture"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    company = models.ForeignKey(
        "accounts.Organization", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
    )
    support_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("registered support organization"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
    )
    sending_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("LPK/SO"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    # Set when the e-mail is claimed for sending: the outbox, as for deadline notices.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=12, choices=SafetyAnswer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_via = models.CharField(_("answered by"), max_length=12, choices=AnsweredVia.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        null=True,
        blank=True,
    )
    message = models.TextField(_("message"), blank=True)
    whereabouts = models.CharField(_("where they are"), max_length=300, blank=True)
    # The last follow-up call after the worker said they need help; cleared
    # when they say so again, so a new call is due.
    followed_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)

    objects = SafetyQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("safety question")
        verbose_name_plural = _("safety questions")
        ordering = ["pk"]
        constraints = [
            # What makes asking idempotent: the fan-out inserts ON CONFLICT DO NOTHING.
            models.UniqueConstraint(fields=["safety_check", "participant"], name="one_safety_question_per_worker"),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False), name="safety_answer_has_a_time"
            ),
        ]
        indexes = [
            # The board: one GROUP BY prefecture, company over a check, counting answers (index-only).
            models.Index(fields=["safety_check", "prefecture", "company", "answer"], name="safety_board"),
            # The Japanese side's and the LPK/SO's boards and work items.
            models.Index(fields=["safety_check", "supervising_organization"], name="safety_by_supervising"),
            models.Index(fields=["safety_check", "support_organization"], name="safety_by_support"),
            models.Index(fields=["sending_organization", "answer"], name="safety_by_lpk"),
            models.Index(fields=["participant", "safety_check"], name="safety_by_worker"),
        ]

    def __str__(self) -> str:
        return f"{self.safety_check_id} {self.participant_id}"

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    def may_become(self, answer: str) -> bool:
        return answer in ANSWER_TRANSITIONS[self.answer]


class FollowUpCall(models.Model):
    """A call (or visit) made to a worker who needs help or has not answered."""

    question = models.ForeignKey(
        SafetyQuestion, verbose_name=_("safety question"), on_delete=models.CASCADE, related_name="calls"
    )
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("called by"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("for the organization"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reached = models.BooleanField(_("reached the worker"))
    note = models.TextField(_("what was said or done"), blank=True)

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["-called_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.question_id} {self.called_at:%Y-%m-%d %H:%M}"
