"""The placement: one participant working for one job order's company.

It is made when the participant accepts an offer and lasts until they come
home. Everything before departure (the gate, the cohort) and in Japan hangs
off it, so the embassy reading a record sees employer, prefecture and
supervising organization from one row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lib.languages import page_language
from reference.models import Track

if TYPE_CHECKING:
    from accounts.models import Organization, User
    from joborders.models import JobOrder, Profile
    from participants.models import Participant


class PlacementStatus(models.TextChoices):
    PREPARING = "preparing", _("preparing to depart")
    IN_JAPAN = "in_japan", _("in Japan")
    ENDED = "ended", _("ended")
    CANCELLED = "cancelled", _("cancelled before departure")


class StayStage(models.TextChoices):
    """The programme and stage a placement is in: what the residence status
    says the person does in Japan."""

    TITP_I = "titp_i", _("TITP stage i")
    TITP_II = "titp_ii", _("TITP stage ii")
    TITP_III = "titp_iii", _("TITP stage iii")
    SSW_I = "ssw_i", _("SSW i")
    SSW_II = "ssw_ii", _("SSW ii")
    ESD = "esd", _("ESD")
    ENGINEER = "engineer", _("Engineer/Specialist")

    @property
    def track(self) -> Track:
        return _TRACKS[self]

    @property
    def titp_stage(self) -> int | None:
        """1, 2 or 3 for a TITP stage (rules.stage.Stage.numbered reads it)."""
        return _TITP_NUMBERS.get(self)

    @classmethod
    def of_order(cls, programme: str, titp_stage: int | None) -> StayStage:
        """The stage a job order recruits for: TITP orders name theirs; SSW starts at i."""
        if programme == Track.TITP:
            return {1: cls.TITP_I, 2: cls.TITP_II, 3: cls.TITP_III}[titp_stage or 1]
        return {Track.SSW: cls.SSW_I, Track.ESD: cls.ESD, Track.ENGINEER: cls.ENGINEER}[Track(programme)]


_TRACKS = {
    StayStage.TITP_I: Track.TITP,
    StayStage.TITP_II: Track.TITP,
    StayStage.TITP_III: Track.TITP,
    StayStage.SSW_I: Track.SSW,
    StayStage.SSW_II: Track.SSW,
    StayStage.ESD: Track.ESD,
    StayStage.ENGINEER: Track.ENGINEER,
}
_TITP_NUMBERS = {StayStage.TITP_I: 1, StayStage.TITP_II: 2, StayStage.TITP_III: 3}


class ResidenceStatus(models.TextChoices):
    """The status of residence on the residence card (在留資格). TITP workers
    sent through a supervising organization hold the "(b)" kind (ロ)."""

    TITP_1B = "titp_1b", _("Technical Intern Training (i)(b)")
    TITP_2B = "titp_2b", _("Technical Intern Training (ii)(b)")
    TITP_3B = "titp_3b", _("Technical Intern Training (iii)(b)")
    SSW_1 = "ssw_1", _("Specified Skilled Worker (i)")
    SSW_2 = "ssw_2", _("Specified Skilled Worker (ii)")
    ESD = "esd", _("Employment for Skill Development")
    ENGINEER = "engineer", _("Engineer/Specialist in Humanities/International Services")
    # Held while a change of status is being decided (e.g. TITP ii → SSW i).
    DESIGNATED_ACTIVITIES = "designated", _("Designated Activities")

    @classmethod
    def for_stage(cls, stage: StayStage) -> ResidenceStatus:
        return _RESIDENCE_FOR_STAGE[stage]


_RESIDENCE_FOR_STAGE = {
    StayStage.TITP_I: ResidenceStatus.TITP_1B,
    StayStage.TITP_II: ResidenceStatus.TITP_2B,
    StayStage.TITP_III: ResidenceStatus.TITP_3B,
    StayStage.SSW_I: ResidenceStatus.SSW_1,
    StayStage.SSW_II: ResidenceStatus.SSW_2,
    StayStage.ESD: ResidenceStatus.ESD,
    StayStage.ENGINEER: ResidenceStatus.ENGINEER,
}


class Ending(models.TextChoices):
    """How a placement in Japan ended."""

    COMPLETED = "completed", _("completed")
    RETURNED_EARLY = "returned_early", _("returned early")
    MISSING = "missing", _("missing")
    DECEASED = "deceased", _("deceased")
    TRANSFERRED = "transferred", _("transferred to another company")
    CHANGED_PROGRAMME = "changed_programme", _("moved on to another programme")


# Placements that still hold the participant: a person has at most one.
OPEN_PLACEMENT = frozenset({PlacementStatus.PREPARING, PlacementStatus.IN_JAPAN})

ALLOWED_TRANSITIONS: dict[PlacementStatus, frozenset[PlacementStatus]] = {
    PlacementStatus.PREPARING: frozenset({PlacementStatus.IN_JAPAN, PlacementStatus.CANCELLED}),
    PlacementStatus.IN_JAPAN: frozenset({PlacementStatus.ENDED}),
    PlacementStatus.ENDED: frozenset(),
    PlacementStatus.CANCELLED: frozenset(),
}


@dataclass(frozen=True)
class Party:
    """An organization with a part in a placement, and whom to call there."""

    role: StrOrPromise
    organization: Organization
    profile: Profile | None


class PlacementQuerySet(models.QuerySet["Placement"]):
    def create_for_order(
        self,
        *,
        participant: Participant,
        job_order: JobOrder,
        starts_on: datetime.date,
        created_by: User,
        **fields: Any,
    ) -> Placement:
        """A placement with the job order's terms: its employer, organizations,
        workplace, programme and job. The placement keeps its own copy because a
        transfer or a change of programme later gives the person another employer
        with no job order of its own."""
        terms = {
            "company": job_order.company,
            "supervising_organization": job_order.supervising_organization,
            "support_organization": job_order.support_organization,
            "prefecture": job_order.workplace_prefecture,
            "work_city": job_order.workplace_city,
            "work_city_ja": job_order.workplace_city_ja,
            "stage": StayStage.of_order(job_order.programme, job_order.titp_stage),
            "job_category": job_order.job_category,
            "operation": job_order.operation,
            "ssw_field": job_order.ssw_field,
            "esd_field": job_order.esd_field,
            "business_category": job_order.business_category,
        }
        return self.create(
            participant=participant,
            job_order=job_order,
            starts_on=starts_on,
            created_by=created_by,
            **{**terms, **fields},
        )

    def open(self) -> PlacementQuerySet:
        return self.filter(status__in=OPEN_PLACEMENT)

    def preparing(self) -> PlacementQuerySet:
        return self.filter(status=PlacementStatus.PREPARING)

    def in_japan(self) -> PlacementQuerySet:
        return self.filter(status=PlacementStatus.IN_JAPAN)

    def completed(self) -> PlacementQuerySet:
        """Those Placement.is_completed says: ended with the stay served."""
        return self.filter(status=PlacementStatus.ENDED, ending=Ending.COMPLETED)

    def latest_first(self) -> PlacementQuerySet:
        """Open placements first, then the most recent: a person's current one leads."""
        return self.annotate(
            still_open=models.Case(
                models.When(status__in=OPEN_PLACEMENT, then=models.Value(1)), default=models.Value(0)
            )
        ).order_by("-still_open", "-created_at", "-id")


class Placement(models.Model):
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    # The order the person was selected from; none for a placement that a
    # transfer or a change of programme opened.
    job_order = models.ForeignKey(
        "joborders.JobOrder",
        verbose_name=_("job order"),
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
    )
    # The placement this one follows: the one the person transferred from, or
    # their TITP ii before SSW i. A person's history is this chain.
    follows = models.OneToOneField(
        "self",
        verbose_name=_("follows"),
        on_delete=models.PROTECT,
        related_name="followed_by",
        null=True,
        blank=True,
    )
    company = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("employer (implementing organization)"),
        on_delete=models.PROTECT,
        related_name="placements_employed",
    )
    supervising_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("supervising organization"),
        on_delete=models.PROTECT,
        related_name="placements_supervised",
        null=True,
        blank=True,
    )
    support_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("registered support organization"),
        on_delete=models.PROTECT,
        related_name="placements_supported",
        null=True,
        blank=True,
    )
    prefecture = models.ForeignKey(
        "reference.Prefecture", verbose_name=_("prefecture"), on_delete=models.PROTECT, related_name="placements"
    )
    work_city = models.CharField(_("city"), max_length=100, blank=True)
    work_city_ja = models.CharField(_("city (Japanese)"), max_length=100, blank=True)
    work_site = models.CharField(
        _("work site"),
        max_length=300,
        blank=True,
        help_text=_("The address where the person works, as written in Japan."),
    )
    stage = models.CharField(_("programme and stage"), max_length=10, choices=StayStage.choices)
    job_category = models.ForeignKey(
        "reference.JobCategory", verbose_name=_("job category"), on_delete=models.PROTECT, null=True, blank=True
    )
    operation = models.ForeignKey(
        "reference.Operation", verbose_name=_("operation"), on_delete=models.PROTECT, null=True, blank=True
    )
    ssw_field = models.ForeignKey(
        "reference.SSWField", verbose_name=_("SSW field"), on_delete=models.PROTECT, null=True, blank=True
    )
    esd_field = models.ForeignKey(
        "reference.ESDField", verbose_name=_("ESD field"), on_delete=models.PROTECT, null=True, blank=True
    )
    business_category = models.CharField(_("business category"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.PREPARING
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    # The planned first working day, from the job order; departure may move it.
    starts_on = models.DateField(_("starts on"))
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    # The last day the current stage may last (TITP: rules.titp_stage_end) or
    # the end of the contract; the deadline engine warns ahead of it.
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    residence_status = models.CharField(
        _("status of residence"), max_length=12, choices=ResidenceStatus.choices, blank=True
    )
    residence_card_number = models.CharField(_("residence card number"), max_length=12, blank=True)
    residence_card_expires_on = models.DateField(_("residence card expires on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ending = models.CharField(_("ending"), max_length=20, choices=Ending.choices, blank=True)
    ending_reason = models.TextField(_("why it ended"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The database, not only the action, keeps a person in one placement at a time:
            # two acceptances racing on different job orders cannot both land.
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["preparing", "in_japan"]),
                name="one_open_placement_per_participant",
            )
        ]
        indexes = [
            models.Index(fields=["job_order", "status"], name="placement_by_order"),
            models.Index(fields=["company", "status"], name="placement_by_company"),
            models.Index(fields=["prefecture", "status"], name="placement_by_prefecture"),
            # The home's arrivals to record, first to have flown first, and their
            # count: the whole table was read for them (about 100 ms each at a
            # million participants, a third of the ministry's home).
            models.Index(
                fields=["departed_on", "id"],
                name="placement_arrival_to_record",
                condition=Q(status=PlacementStatus.IN_JAPAN, arrived_on__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.company}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLACEMENT

    @property
    def is_preparing(self) -> bool:
        return self.status == PlacementStatus.PREPARING

    @property
    def is_in_japan(self) -> bool:
        return self.status == PlacementStatus.IN_JAPAN

    @property
    def is_completed(self) -> bool:
        """Ended with the stay served: the certificate of completion is due."""
        return self.status == PlacementStatus.ENDED and self.ending == Ending.COMPLETED

    @property
    def track(self) -> Track:
        return StayStage(self.stage).track

    @property
    def workplace(self) -> str:
        """Prefecture and city as the reader writes them."""
        return self.prefecture.place(city=self.work_city, city_ja=self.work_city_ja)

    @property
    def workplace_ja(self) -> str:
        """The workplace in Japanese beside a page in another language ("" if unknown)."""
        if not self.work_city_ja or page_language() == "ja":
            return ""
        return f"{self.prefecture.name_ja}{self.work_city_ja}"

    def can_move_to(self, status: PlacementStatus) -> bool:
        return status in ALLOWED_TRANSITIONS[PlacementStatus(self.status)]

    def parties(self) -> list[Party]:
        """The employer, the supervising organization and the registered support
        organization, each with its contact: whom the embassy calls about a worker."""
        named = [
            (_("employer (implementing organization)"), self.company, "company_profile"),
            (_("supervising organization"), self.supervising_organization, "supervising_profile"),
            (_("registered support organization"), self.support_organization, "support_profile"),
        ]
        return [
            Party(role=role, organization=organization, profile=getattr(organization, profile, None))
            for role, organization, profile in named
            if organization is not None
        ]
