"""The Japanese side: profiles of the organizations in Japan and their job orders.

Supervising organizations (監理団体), implementing companies (実習実施者) and
registered support organizations for SSW (登録支援機関) are organizations
(``accounts.Organization``) with a profile here, one to one. A company's
supervising organization is its ``parent``.

A job order is a company's request for workers under one residence programme.
Its status moves along ALLOWED_TRANSITIONS through ``joborders.actions``;
opening it applies the programme rules (``rules``) on its start date, and their
answer is stored with it (RuleDecision), so a later rule version never changes
a decision already taken.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypeAlias

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization, OrganizationKind
from joborders.messages import rendered
from lib.languages import page_language
from reference.models import LocalNames, RuleFamily, Track
from rules import Stage

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


# --- profiles -----------------------------------------------------------------


class ExcellentStatus(models.Model):
    """優良: the rating that raises a TITP quota and opens stage iii. It is
    granted from a date and may lapse, so a decision asks about a given day."""

    excellent_since = models.DateField(
        _("excellent (優良) since"),
        null=True,
        blank=True,
        help_text=_(
            "The date the excellent rating was granted. Leave empty if the organization is not rated excellent."
        ),
    )
    excellent_until = models.DateField(
        _("excellent until"),
        null=True,
        blank=True,
        help_text=_("Only if the rating has lapsed or ends on a known date."),
    )

    class Meta:
        abstract = True

    def is_excellent_on(self, day: datetime.date) -> bool:
        if self.excellent_since is None or day < self.excellent_since:
            return False
        return self.excellent_until is None or day <= self.excellent_until

    def clean_excellence(self) -> dict[str, ValidationError]:
        if self.excellent_until is None:
            return {}
        if self.excellent_since is None:
            return {"excellent_until": ValidationError(_("Give the date the rating was granted first."))}
        if self.excellent_until < self.excellent_since:
            return {"excellent_until": ValidationError(_("The rating cannot end before it was granted."))}
        return {}


class Profile(models.Model):
    """What every profile of an organization in Japan has: a contact and a version."""

    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Bumped by every edit, so an edit based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SupervisingCategory(models.TextChoices):
    # 一般監理事業 / 特定監理事業: only a "general" licence may supervise stage iii.
    GENERAL = "general", _("general (stages i to iii)")
    SPECIFIC = "specific", _("specific (stages i and ii)")


class SupervisingOrganizationProfile(ExcellentStatus, Profile):
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="supervising_profile",
        limit_choices_to={"kind": OrganizationKind.SUPERVISING_ORGANIZATION},
    )
    licence_number = models.CharField(
        _("licence number"), max_length=40, help_text=_("The supervision licence (許可番号), e.g. 許1704000123.")
    )
    category = models.CharField(_("licence category"), max_length=10, choices=SupervisingCategory.choices)

    class Meta:
        verbose_name = _("supervising organization profile")
        verbose_name_plural = _("supervising organization profiles")

    def __str__(self) -> str:
        return self.organization.name

    @property
    def may_supervise_stage_iii(self) -> bool:
        return self.category == SupervisingCategory.GENERAL

    def clean(self) -> None:
        errors = self.clean_excellence()
        if errors:
            raise ValidationError(errors)


class TitpStage(models.IntegerChoices):
    # Japanese names them 1号, 2号, 3号.
    I = 1, pgettext_lazy("TITP stage", "i")  # noqa: E741 -- the stage's name
    II = 2, pgettext_lazy("TITP stage", "ii")
    III = 3, pgettext_lazy("TITP stage", "iii")

    @property
    def named(self) -> str:
        """The stage as a sentence names it: "stage ii", in Japanese "2号".
        Never "stage" and the label: Japanese would read "2号号" or "ii号"."""
        return str(Stage.numbered(self.value).named)


class CompanyProfile(ExcellentStatus, Profile):
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="company_profile",
        limit_choices_to={"kind": OrganizationKind.COMPANY},
    )
    industry = models.CharField(_("industry"), max_length=120, help_text=_("e.g. metal machining, food processing"))
    # Which orders fall under the construction limit follows their job
    # category's sector, not this flag (joborders.trainees): it only says
    # whether the trainees recorded below, who have no job category, count
    # as construction trainees.
    is_construction = models.BooleanField(
        _("construction company"),
        default=False,
        help_text=_(
            "Whether the trainees recorded here work in construction job categories. The construction limit "
            "applies to job orders in construction job categories, whatever the company's industry."
        ),
    )
    full_time_staff = models.PositiveIntegerField(
        _("full-time staff"), help_text=_("Permanent full-time employees, not counting technical intern trainees.")
    )
    # The TITP trainees the company has now that did not come through this
    # system's job orders (other countries, other channels), by stage, as its
    # supervising organization records them. Trainees of filled job orders
    # are counted from the orders themselves (joborders.trainees), and from
    # placements once they exist.
    trainees_stage_i = models.PositiveSmallIntegerField(
        _("other trainees in stage i"), default=0, help_text=_("Not counting trainees of job orders filled here.")
    )
    trainees_stage_ii = models.PositiveSmallIntegerField(
        _("other trainees in stage ii"), default=0, help_text=_("Not counting trainees of job orders filled here.")
    )
    trainees_stage_iii = models.PositiveSmallIntegerField(
        _("other trainees in stage iii"), default=0, help_text=_("Not counting trainees of job orders filled here.")
    )
    trainees_recorded_on = models.DateField(_("trainee numbers as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(full_time_staff__gte=1),
                name="company_has_full_time_staff",
                violation_error_message=_("A company has at least one full-time employee."),
            ),
        ]

    def __str__(self) -> str:
        return self.organization.name

    def current_trainees(self, stage: TitpStage) -> int:
        return {
            TitpStage.I: self.trainees_stage_i,
            TitpStage.II: self.trainees_stage_ii,
            TitpStage.III: self.trainees_stage_iii,
        }[stage]

    def clean(self) -> None:
        errors = self.clean_excellence()
        if self.full_time_staff is not None and self.full_time_staff < 1:
            errors["full_time_staff"] = ValidationError(_("A company has at least one full-time employee."))
        if errors:
            raise ValidationError(errors)


class SupportOrganizationProfile(Profile):
    """A registered support organization (登録支援機関): supports SSW i workers on a company's behalf."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="support_profile",
        limit_choices_to={"kind": OrganizationKind.SUPPORT_ORGANIZATION},
    )
    registration_number = models.CharField(
        _("registration number"), max_length=40, help_text=_("The registration (登録番号), e.g. 19登-000123.")
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("support organization profile")
        verbose_name_plural = _("support organization profiles")

    def __str__(self) -> str:
        return self.organization.name


JAPANESE_KINDS = (
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
)
AnyProfile: TypeAlias = SupervisingOrganizationProfile | CompanyProfile | SupportOrganizationProfile
# The profile each kind of organization in Japan has, by its relation's name.
PROFILE_RELATIONS = {
    OrganizationKind.SUPERVISING_ORGANIZATION: "supervising_profile",
    OrganizationKind.COMPANY: "company_profile",
    OrganizationKind.SUPPORT_ORGANIZATION: "support_profile",
}


def profile_of(organization: Organization) -> AnyProfile | None:
    """The organization's profile, None when it has none yet (or is not an organization in Japan)."""
    relation = PROFILE_RELATIONS.get(OrganizationKind(organization.kind))
    # A missing one-to-one raises an AttributeError subclass, which getattr's default catches.
    profile: AnyProfile | None = getattr(organization, relation, None) if relation else None
    return profile


# --- job orders ---------------------------------------------------------------


class JobOrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    INTERVIEWING = "interviewing", _("interviewing")
    FILLED = "filled", _("filled")
    CANCELLED = "cancelled", _("cancelled")


# The allowed edges: draft → open → interviewing → filled, and an open or
# interviewing order may be cancelled. Nothing else, and nothing back.
ALLOWED_TRANSITIONS: dict[JobOrderStatus, frozenset[JobOrderStatus]] = {
    JobOrderStatus.DRAFT: frozenset({JobOrderStatus.OPEN}),
    JobOrderStatus.OPEN: frozenset({JobOrderStatus.INTERVIEWING, JobOrderStatus.CANCELLED}),
    JobOrderStatus.INTERVIEWING: frozenset({JobOrderStatus.FILLED, JobOrderStatus.CANCELLED}),
    JobOrderStatus.FILLED: frozenset(),
    JobOrderStatus.CANCELLED: frozenset(),
}
# Statuses with no way on: the pages ask for confirmation before them.
FINAL_STATUSES = frozenset(status for status, onward in ALLOWED_TRANSITIONS.items() if not onward)
# LPK/SOs prepare candidates for an order: cancelling one must say why.
REASON_REQUIRED = frozenset({JobOrderStatus.CANCELLED})
# Orders that hold their positions: nobody has been taken for them yet.
HOLDING_POSITIONS = frozenset({JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING})
# Orders whose trainees count against the company's TITP quota: those still
# looking (their positions) and those filled (their trainees, for as long as
# their stage lasts: joborders.trainees).
COUNTED_FOR_QUOTA = HOLDING_POSITIONS | {JobOrderStatus.FILLED}
# Orders that may still be edited at all; once past draft, the fields the
# opening decision rests on (DECIDED_FIELDS) are fixed.
EDITABLE = frozenset({JobOrderStatus.DRAFT, JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING})
DECIDED_FIELDS = (
    "company",
    "programme",
    "titp_stage",
    "job_category",
    "operation",
    "ssw_field",
    "esd_field",
    "positions",
    "start_date",
)


class InterviewMode(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")


class JobOrderQuerySet(models.QuerySet["JobOrder"]):
    def with_status(self, status: JobOrderStatus) -> JobOrderQuerySet:
        return self.filter(status=status)

    def holding_positions(self) -> JobOrderQuerySet:
        return self.filter(status__in=HOLDING_POSITIONS)

    def search(self, text: str) -> JobOrderQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(company__name__icontains=text) | Q(company__name_ja__icontains=text)
        )

    def titp_commitments(
        self, *, company_id: int, excluding: int | None = None
    ) -> list[tuple[str, int | None, int, datetime.date, str | None]]:
        """The company's TITP orders whose trainees count against its quota
        (open, interviewing and filled), as (status, stage, positions, start
        date, job category sector), leaving out the order ``excluding``."""
        orders = self.filter(
            company_id=company_id, programme=Track.TITP, status__in=COUNTED_FOR_QUOTA, titp_stage__isnull=False
        )
        if excluding is not None:
            orders = orders.exclude(pk=excluding)
        rows = orders.order_by("start_date", "pk").values_list(
            "status", "titp_stage", "positions", "start_date", "job_category__sector"
        )
        return list(rows)


class JobOrder(models.Model):
    company = models.ForeignKey(
        Organization,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="job_orders",
        limit_choices_to={"kind": OrganizationKind.COMPANY},
    )
    # TITP and ESD: the company's supervising organization when the order was made.
    supervising_organization = models.ForeignKey(
        Organization,
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_job_orders",
        limit_choices_to={"kind": OrganizationKind.SUPERVISING_ORGANIZATION},
    )
    # SSW: the registered support organization, when the company does not support its workers itself.
    support_organization = models.ForeignKey(
        Organization,
        verbose_name=_("registered support organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_job_orders",
        limit_choices_to={"kind": OrganizationKind.SUPPORT_ORGANIZATION},
    )
    sending_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("LPK/SOs serving this order"),
        blank=True,
        related_name="served_job_orders",
        limit_choices_to={"kind": OrganizationKind.SENDING_ORGANIZATION},
    )
    programme = models.CharField(_("programme"), max_length=10, choices=Track.choices)
    title = models.CharField(_("job title"), max_length=150, help_text=_("e.g. Welder (semi-automatic)"))
    titp_stage = models.PositiveSmallIntegerField(_("TITP stage"), choices=TitpStage.choices, null=True, blank=True)
    job_category = models.ForeignKey(
        "reference.JobCategory",
        verbose_name=_("TITP job category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    operation = models.ForeignKey(
        "reference.Operation",
        verbose_name=_("TITP operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ssw_field = models.ForeignKey(
        "reference.SSWField",
        verbose_name=_("SSW field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    esd_field = models.ForeignKey(
        "reference.ESDField",
        verbose_name=_("ESD field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    business_category = models.CharField(_("business category"), max_length=120, blank=True)
    positions = models.PositiveSmallIntegerField(_("positions"))
    workplace_prefecture = models.ForeignKey(
        "reference.Prefecture", verbose_name=_("workplace prefecture"), on_delete=models.PROTECT, related_name="+"
    )
    # The city in Latin letters for Indonesian readers and in Japanese for
    # Japanese ones (the contract and the residence card read 仙台市, not Sendai).
    workplace_city = models.CharField(
        _("workplace city"), max_length=100, help_text=_("In Latin letters, e.g. Sendai.")
    )
    workplace_city_ja = models.CharField(
        _("workplace city in Japanese"), max_length=100, blank=True, help_text=_("E.g. 仙台市.")
    )
    # Yen per month, gross: the contract's basic wage before deductions.
    monthly_wage_jpy = models.PositiveIntegerField(_("monthly wage (JPY)"))
    hours_per_week = models.PositiveSmallIntegerField(_("working hours per week"))
    working_hours_note = models.CharField(
        _("working hours"), max_length=200, blank=True, help_text=_("Shifts, overtime, days off.")
    )
    housing_provided = models.BooleanField(_("housing provided"), default=True)
    housing_cost_jpy = models.PositiveIntegerField(
        _("housing deduction (JPY per month)"), default=0, help_text=_("Rent and utilities taken from the wage.")
    )
    other_deductions_jpy = models.PositiveIntegerField(
        _("other deductions (JPY per month)"), default=0, help_text=_("e.g. meals, transport; not tax or insurance.")
    )
    deductions_note = models.CharField(_("about the deductions"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), help_text=_("When the workers are expected to start in Japan."))
    interview_date = models.DateField(_("interview date"), null=True, blank=True)
    interview_mode = models.CharField(_("interview"), max_length=10, choices=InterviewMode.choices, blank=True)
    min_japanese_level = models.ForeignKey(
        "reference.LanguageTest",
        verbose_name=_("minimum Japanese level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    trade = models.ForeignKey(
        "reference.VocationalProgramme",
        verbose_name=_("trade"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The BLK trade candidates should have learned, if any."),
    )
    experience_months = models.PositiveSmallIntegerField(_("experience (months)"), default=0)
    experience_note = models.CharField(_("experience"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=JobOrderStatus.choices, default=JobOrderStatus.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = JobOrderQuerySet.as_manager()

    if TYPE_CHECKING:
        history: RelatedManager[JobOrderStatusChange]
        decisions: RelatedManager[RuleDecision]

    class Meta:
        verbose_name = _("job order")
        verbose_name_plural = _("job orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(positions__gte=1),
                name="job_order_has_positions",
                violation_error_message=_("A job order has at least one position."),
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="job_order_age_range",
                violation_error_message=_("The maximum age is below the minimum age."),
            ),
        ]
        indexes = [
            # The quota check sums a company's orders holding positions.
            models.Index(fields=["company", "status"], name="job_order_by_company"),
            models.Index(fields=["-created_at", "-id"], name="job_order_newest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def can_move_to(self, status: JobOrderStatus) -> bool:
        return status in ALLOWED_TRANSITIONS[JobOrderStatus(self.status)]

    def allowed_next_statuses(self) -> list[JobOrderStatus]:
        allowed = ALLOWED_TRANSITIONS[JobOrderStatus(self.status)]
        return [status for status in JobOrderStatus if status in allowed]

    @property
    def is_draft(self) -> bool:
        return self.status == JobOrderStatus.DRAFT

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_titp(self) -> bool:
        return self.programme == Track.TITP

    @property
    def stage(self) -> TitpStage | None:
        return TitpStage(self.titp_stage) if self.titp_stage is not None else None

    @property
    def stage_name(self) -> str:
        """ "stage ii" (2号 in Japanese) for a TITP order; empty otherwise."""
        stage = self.stage
        return stage.named if stage is not None else ""

    @property
    def job_type(self) -> LocalNames | None:
        """What the worker will do, as precisely as the order names it: the
        TITP operation (else its job category), the SSW or the ESD field."""
        job: LocalNames | None = self.operation or self.job_category or self.ssw_field or self.esd_field
        return job

    @property
    def workplace(self) -> str:
        """Prefecture and city as the reader writes them."""
        return self.workplace_prefecture.place(city=self.workplace_city, city_ja=self.workplace_city_ja)

    @property
    def workplace_ja(self) -> str:
        """The workplace in Japanese, for small type beside it on pages in another language ("" if unknown)."""
        if not self.workplace_city_ja or page_language() == "ja":
            return ""
        return f"{self.workplace_prefecture.name_ja}{self.workplace_city_ja}"

    @property
    def deductions_jpy(self) -> int:
        return self.housing_cost_jpy + self.other_deductions_jpy

    @property
    def take_home_before_tax_jpy(self) -> int:
        """The wage less housing and other deductions (tax and social insurance come on top)."""
        return self.monthly_wage_jpy - self.deductions_jpy


class JobOrderStatusChange(models.Model):
    job_order = models.ForeignKey(JobOrder, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=12, choices=JobOrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=JobOrderStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("job order status change")
        verbose_name_plural = _("job order status changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.job_order_id}: {self.from_status} → {self.to_status}"


class RuleDecision(models.Model):
    """One programme rule's answer when a job order opened, kept as it was
    given: the rule version (label and effective date) it came from and its
    explanation. A later rule version never changes it; the page shows this,
    not a fresh answer.

    The explanation is kept as the rules' messages (English msgid and
    figures), so each reader sees it in their own language, and as the English
    text it read then, for whoever reads the database without the code.
    """

    job_order = models.ForeignKey(JobOrder, on_delete=models.CASCADE, related_name="decisions")
    status_change = models.ForeignKey(
        JobOrderStatusChange, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    # What was asked, e.g. "titp_quota" or "programme_open" (joborders.decisions.Question).
    question = models.CharField(_("question"), max_length=40)
    # The rule version the answer used; empty where it rested on reference data alone.
    rule_family = models.CharField(_("rule family"), max_length=40, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=40, blank=True)
    rule_effective_from = models.DateField(_("rule in force from"), null=True, blank=True)
    # The day whose rules were applied: the job order's start date.
    applied_on = models.DateField(_("rules of"))
    allowed = models.BooleanField(_("allowed"))
    value = models.JSONField(_("value"), null=True, blank=True)
    would_fit = models.PositiveIntegerField(_("positions that would fit"), null=True, blank=True)
    refused_by = models.JSONField(_("refused by"), default=list, blank=True)
    explanation = models.JSONField(_("explanation"), default=list)
    explanation_en = models.TextField(_("explanation (English)"))
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("rule decision")
        verbose_name_plural = _("rule decisions")
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.job_order_id} {self.question} {self.rule_family} {self.rule_version}"

    @property
    def rule_family_label(self) -> str:
        return str(RuleFamily(self.rule_family).label) if self.rule_family else ""

    def explained(self) -> list[str]:
        """The explanation as it was given, in the reader's language."""
        return rendered(self.explanation)
