"""The supervising duties in Japan, kept as records: what the supervising
organization (監理団体) and the registered support organization (登録支援機関)
did, when, and what they found.

The Japanese rules set each duty on a different unit, and so do the records:

| duty                        | who            | unit            | how often                       |
|-----------------------------|----------------|-----------------|---------------------------------|
| 訪問指導 (monthly visit)     | 監理団体        | company         | each month of a 1号 trainee     |
| 定期監査 (audit)             | 監理団体        | company         | at least every three months     |
| 定期面談 (regular interview) | 登録支援機関    | worker          | at least every three months     |
| 定期届出 (quarterly report)  | 登録支援機関    | company         | 14 days after each quarter ends |

The company (実習実施者, 特定技能所属機関) and the supervising organization
write them in Japanese; the embassy and the ministry read them. The deadline
engine (``placements.deadlines``) reads the latest record of each kind to
know when the next is due.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DutyRecord(models.Model):
    """What every duty record carries: its notes and who wrote it when."""

    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class MonthlyVisitQuerySet(models.QuerySet["MonthlyVisit"]):
    def latest_first(self) -> MonthlyVisitQuerySet:
        return self.order_by("-visited_on", "-id")


class MonthlyVisit(DutyRecord):
    """訪問指導: the supervising organization's visit to a company (実習実施者)
    in a month when it trains someone in stage i (第1号技能実習). Per
    company, not per worker: the rule asks the supervising organization to
    see, once a month, that the company trains by its certified plans; one
    visit covers every stage i trainee there."""

    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("implementing organization"),
        on_delete=models.PROTECT,
        related_name="monthly_visits",
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        related_name="visits_made",
    )
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("visited by"), max_length=100)
    checked = models.TextField(_("what was checked"))

    objects = MonthlyVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly visit")
        verbose_name_plural = _("monthly visits")
        ordering = ["-visited_on", "-id"]
        # The engine's "last visit of each company" reads this index only.
        indexes = [models.Index(fields=["company", "supervising_organization", "visited_on"], name="visit_by_company")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.visited_on.isoformat()}"


class AuditOutcome(models.TextChoices):
    NO_FINDINGS = "no_findings", _("no findings")
    IMPROVEMENT = "improvement", _("improvement instructed")


class Audit(DutyRecord):
    """定期監査: the supervising organization's audit of a company at least
    every three months, with its findings. Per company: the audit looks at
    the company's plans, wages, hours and lodging for all its trainees (it
    interviews some of them, but the record is the company's)."""

    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("implementing organization"),
        on_delete=models.PROTECT,
        related_name="audits",
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        related_name="audits_made",
    )
    audited_on = models.DateField(_("audited on"))
    auditor = models.CharField(_("audited by"), max_length=100)
    outcome = models.CharField(_("outcome"), max_length=12, choices=AuditOutcome.choices)
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-audited_on", "-id"]
        indexes = [models.Index(fields=["company", "supervising_organization", "audited_on"], name="audit_by_company")]

    def __str__(self) -> str:
        return f"{self.company_id} {self.audited_on.isoformat()}"


class RegularInterview(DutyRecord):
    """定期面談: the registered support organization (or a company that
    supports its workers itself) meets a specified skilled worker (特定技能1号)
    and their supervisor at least every three months. Per worker: the rule
    names the worker, so each placement has its own series."""

    placement = models.ForeignKey(
        "placements.Placement",
        verbose_name=_("placement"),
        on_delete=models.PROTECT,
        related_name="regular_interviews",
    )
    # The registered support organization, or the company itself (自社支援).
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("interviewed by (organization)"),
        on_delete=models.PROTECT,
        related_name="interviews_held",
    )
    interviewed_on = models.DateField(_("interviewed on"))
    interviewer = models.CharField(_("interviewer"), max_length=100)
    supervisor = models.CharField(_("supervisor interviewed"), max_length=100)

    class Meta:
        verbose_name = _("regular interview")
        verbose_name_plural = _("regular interviews")
        ordering = ["-interviewed_on", "-id"]
        indexes = [models.Index(fields=["placement", "interviewed_on"], name="interview_by_placement")]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.interviewed_on.isoformat()}"


class QuarterlyReport(DutyRecord):
    """定期届出: the report on the support given to a company's specified
    skilled workers in one calendar quarter, due 14 days after the quarter
    ends. Per company (特定技能所属機関) and filing organization: one report
    covers all the workers supported there in that quarter."""

    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="quarterly_reports",
    )
    # The registered support organization, or the company itself (自社支援).
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("filed by (organization)"),
        on_delete=models.PROTECT,
        related_name="reports_filed",
    )
    # The first day of the calendar quarter reported on.
    quarter_start = models.DateField(_("quarter"))
    filed_on = models.DateField(_("filed on"))
    reference = models.CharField(_("receipt number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-quarter_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "organization", "quarter_start"], name="one_report_per_quarter_and_company"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.quarter_start.isoformat()}"
