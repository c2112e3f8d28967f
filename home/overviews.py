"""The panels of a home that show an organization its part of the programme:
its job orders and what happens next (Japanese partners), its prefecture
(prefectural governments), its member LPK/SOs (the association), the workers
in Japan (the embassy), the classes running now (training providers) and its
participants by status. Each returns nothing for someone it does not concern,
and the page leaves out what is empty."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import cast

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, OrganizationKind, User
from joborders.models import JobOrder, JobOrderQuerySet, JobOrderStatus
from lib.seek import estimated_rows
from matching.models import Shortlist, ShortlistStatus
from participants.models import IN_JAPAN, Participant, ParticipantQuerySet, Status
from placements.models import Placement
from reference.models import Prefecture
from training.models import Enrolment, EnrolmentStatus, TrainingClass

# Missing workers first: they are the embassy's most urgent cases.
_IN_JAPAN_ORDER = (Status.MISSING, Status.DEPARTED, Status.PLACED, Status.TRANSFERRED)
ROWS_SHOWN = 10
# Counting every participant by status reads the whole status index: at a
# million participants 120 ms of the ministry's home, 360 ms under load, on
# every visit. At that scale the nationwide counts are kept this many seconds
# and the page says when they were taken; smaller tables are counted live.
NATIONWIDE_COUNTS_FRESH_FOR = 60
NATIONWIDE_CACHED_FROM_ROWS = 100_000
NATIONWIDE_COUNTS_KEY = "home:status-counts:nationwide"


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str = ""


@dataclass(frozen=True)
class OrderRow:
    title: str
    url: str
    company: Organization
    status: str
    start_date: datetime.date
    positions: int
    next_step: str


@dataclass(frozen=True)
class MemberRow:
    name: str
    in_training: int
    ready: int
    in_japan: int


@dataclass(frozen=True)
class WorkplaceRow:
    prefecture: str
    employer: str
    in_japan: int
    missing: int


@dataclass(frozen=True)
class ClassRow:
    course: str
    url: str
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class StatusCounts:
    figures: list[Figure]
    # When the counts were taken, if they come from the cache (nationwide counts at scale).
    as_of: datetime.datetime | None = None


def status_counts(user: User) -> StatusCounts:
    """The user's participants by status, the statuses that hold anyone only."""
    if access.counts_every_participant(user) and estimated_rows(Participant) >= NATIONWIDE_CACHED_FROM_ROWS:
        taken = cache.get_or_set(NATIONWIDE_COUNTS_KEY, _counted_now, NATIONWIDE_COUNTS_FRESH_FOR)
        counts, as_of = cast(tuple[dict[str, int], datetime.datetime], taken)
    else:
        counts, as_of = _count_by_status(access.participants_counted_for(user)), None
    linked = access.may_see_participant_list(user)
    list_url = reverse("participant_list")
    figures = [
        Figure(str(status.label), counts[status.value], f"{list_url}?status={status.value}" if linked else "")
        for status in Status
        if counts.get(status.value)
    ]
    return StatusCounts(figures, as_of)


def _count_by_status(participants: ParticipantQuerySet) -> dict[str, int]:
    return dict(participants.values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def _counted_now() -> tuple[dict[str, int], datetime.datetime]:
    return _count_by_status(Participant.objects.all()), timezone.now()


def _next_step(order: JobOrder) -> str:
    match order.status:
        case JobOrderStatus.DRAFT:
            return _("Complete the order and start recruiting.")
        case JobOrderStatus.OPEN if getattr(order, "has_published_list", False):
            return _("A shortlist is published: read the candidates and plan the interviews.")
        case JobOrderStatus.OPEN:
            return _("Recruiting: the ministry is preparing a shortlist of candidates.")
        case JobOrderStatus.INTERVIEWING:
            return _("Interviews: record who is selected.")
        case _:
            return ""


def partner_orders(user: User) -> list[OrderRow]:
    """Job orders of a supervising organization or company still in progress, soonest start first."""
    if not any(
        access.organizations_of(user, kind=kind)
        for kind in (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)
    ):
        return []
    published = Shortlist.objects.filter(job_order=OuterRef("pk"), status=ShortlistStatus.PUBLISHED)
    orders = (
        access.job_orders_visible_to(user)
        .filter(status__in=[JobOrderStatus.DRAFT, JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING])
        .select_related("company")
        .annotate(has_published_list=Exists(published))
        .order_by("start_date", "pk")[:ROWS_SHOWN]
    )
    return [
        OrderRow(
            title=order.title,
            # Once the shortlist is published, the work is on the interviews page.
            url=reverse(
                "order_interviews" if getattr(order, "has_published_list", False) else "job_order_detail",
                args=[order.pk],
            ),
            company=order.company,
            status=order.get_status_display(),
            start_date=order.start_date,
            positions=order.positions,
            next_step=_next_step(order),
        )
        for order in orders
    ]


def served_orders(user: User) -> list[OrderRow]:
    """For an LPK/SO: the open job orders it serves, each linked to its own candidates who fit."""
    lpks = access.organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)
    if not lpks:
        return []
    orders = (
        access.job_orders_visible_to(user)
        .filter(status=JobOrderStatus.OPEN, sending_organizations__in=lpks)
        .distinct()
        .select_related("company")
        .order_by("start_date", "pk")[:ROWS_SHOWN]
    )
    return [
        OrderRow(
            title=order.title,
            url=reverse("job_order_candidates", args=[order.pk]),
            company=order.company,
            status=order.get_status_display(),
            start_date=order.start_date,
            positions=order.positions,
            next_step=_("See which of your candidates fit."),
        )
        for order in orders
    ]


def _supporting_step(order: JobOrder) -> str:
    # The company writes the support plan; a registered support organization carries it out.
    if order.status == JobOrderStatus.FILLED:
        return _("Filled: prepare to support the workers from their arrival (pick-up, housing, orientation).")
    return _("Recruiting: the workers you will support are not chosen yet.")


def supported_orders(user: User, *, today: datetime.date) -> list[OrderRow]:
    """For a registered support organization: the orders that name it, from
    recruiting to the start date, soonest start first."""
    if not access.organizations_of(user, kind=OrganizationKind.SUPPORT_ORGANIZATION):
        return []
    orders = (
        access.job_orders_visible_to(user)
        .filter(status__in=[JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED])
        .filter(start_date__gte=today)
        .select_related("company")
        .order_by("start_date", "pk")[:ROWS_SHOWN]
    )
    return [
        OrderRow(
            title=order.title,
            url=reverse("job_order_detail", args=[order.pk]),
            company=order.company,
            status=order.get_status_display(),
            start_date=order.start_date,
            positions=order.positions,
            next_step=_supporting_step(order),
        )
        for order in orders
    ]


def prefecture_counts(user: User) -> list[Figure]:
    """For a prefectural government: the organizations and the job orders in its prefecture."""
    prefectures = access.prefectures_of(user)
    if not prefectures:
        return []
    companies = Organization.objects.of_kind(OrganizationKind.COMPANY).filter(prefecture__in=prefectures)
    orders = JobOrder.objects.filter(workplace_prefecture__in=prefectures)
    placed_here = Placement.objects.filter(prefecture__in=prefectures)
    # Their profiles are the prefecture's to read (accounts.access), listed on one page.
    organizations = reverse("organization_list")
    return [
        Figure(_("Implementing companies"), companies.count(), organizations),
        Figure(
            _("Supervising organizations of those companies"),
            Organization.objects.filter(members__in=companies).distinct().count(),
        ),
        Figure(_("Job orders recruiting now"), orders.filter(status=JobOrderStatus.OPEN).count()),
        Figure(_("Job orders in interviews"), orders.filter(status=JobOrderStatus.INTERVIEWING).count()),
        Figure(_("Positions filled"), _positions(orders.filter(status=JobOrderStatus.FILLED))),
        # Aggregates only: a prefecture sees no worker's identity.
        Figure(_("Workers placed here now"), placed_here.in_japan().count()),
        Figure(_("Workers preparing to come here"), placed_here.preparing().count()),
    ]


def _positions(orders: JobOrderQuerySet) -> int:
    return int(orders.aggregate(n=Sum("positions"))["n"] or 0)


def association_members(user: User, *, today: datetime.date) -> list[MemberRow]:
    """For the association: each member LPK/SO with the candidates in its
    classes today, those ready and those in Japan. "In training" counts its
    classes, not a status: an LPK/SO teaches Japanese to people the BLK has
    already declared ready, and it is the LPK/SO's own teaching the
    association follows."""
    members = access.association_members_of(user)
    if not members:
        return []
    learning = dict(
        Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED, training_class__course__provider__in=members)
        .filter(training_class__starts_on__lte=today, training_class__ends_on__gte=today)
        .values_list("training_class__course__provider")
        .annotate(n=Count("participant", distinct=True))
        .values_list("training_class__course__provider", "n")
    )
    in_japan = Q(enrolled_participants__status__in=IN_JAPAN)
    rows = (
        Organization.objects.filter(pk__in=[member.pk for member in members])
        .annotate(
            ready=Count("enrolled_participants", filter=Q(enrolled_participants__status=Status.READY)),
            in_japan=Count("enrolled_participants", filter=in_japan),
        )
        .order_by("name")
        .values_list("pk", "name", "ready", "in_japan")
    )
    return [MemberRow(name, learning.get(pk, 0), ready, japan) for pk, name, ready, japan in rows]


def in_japan_counts(user: User) -> list[Figure]:
    """For the embassy: the workers in Japan by status, the missing first."""
    if not access.organizations_of(user, kind=OrganizationKind.EMBASSY):
        return []
    counts = dict(
        access.participants_visible_to(user)
        .filter(status__in=IN_JAPAN)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    list_url = reverse("participant_list")
    return [
        Figure(str(status.label), counts.get(status.value, 0), f"{list_url}?status={status.value}")
        for status in _IN_JAPAN_ORDER
    ]


def in_japan_by_workplace(user: User) -> list[WorkplaceRow]:
    """For the embassy: the workers in Japan by prefecture and employer, the
    workplaces with missing workers first, then the largest."""
    if not access.organizations_of(user, kind=OrganizationKind.EMBASSY):
        return []
    rows = (
        access.placements_visible_to(user)
        .in_japan()
        .values("prefecture", "company")
        .annotate(
            in_japan=Count("id"),
            missing=Count("id", filter=Q(participant__status=Status.MISSING)),
        )
        .order_by("-missing", "-in_japan", "prefecture__jis_code")
    )
    prefectures = {p.pk: p for p in Prefecture.objects.all()}
    companies = Organization.objects.in_bulk([row["company"] for row in rows])
    return [
        WorkplaceRow(
            prefecture=str(prefectures[row["prefecture"]]),
            employer=str(companies[row["company"]]),
            in_japan=row["in_japan"],
            missing=row["missing"],
        )
        for row in rows
    ]


def running_classes(user: User, *, today: datetime.date) -> list[ClassRow]:
    """Classes of the user's training providers running today, ending soonest first."""
    if not access.may_see_training(user) or access.is_ministry(user):
        return []
    running = access.classes_visible_to(user).running_on(today).select_related("course")
    classes: list[TrainingClass] = list(running.order_by("ends_on", "pk")[:ROWS_SHOWN])
    return [ClassRow(c.course.name, reverse("class_detail", args=[c.pk]), c.starts_on, c.ends_on) for c in classes]
