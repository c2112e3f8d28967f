"""What the selection pages show, read in a few queries per page so that
templates never query: an order's candidates with their interview, score and
offer; the counts the ministry reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone

from joborders.models import JobOrder
from matching.models import Shortlist, ShortlistEntry, ShortlistEntryQuerySet
from participants.models import Participant, Status
from placements.models import (
    Interview,
    InterviewCriterion,
    InterviewQuerySet,
    InterviewStatus,
    Offer,
    OfferQuerySet,
    OfferStatus,
)


@dataclass(frozen=True)
class CandidateRow:
    entry: ShortlistEntry
    participant: Participant
    interview: Interview | None
    total: int | None
    offer: Offer | None
    # Why the candidate left the list after it was published (selected elsewhere, declined…).
    left_because: str

    @property
    def is_available(self) -> bool:
        return not self.left_because and self.participant.status == Status.SHORTLISTED


@dataclass(frozen=True)
class OrderFigures:
    positions: int
    interviews: int
    offers_waiting: int
    accepted: int


def published_list(job_order: JobOrder) -> Shortlist | None:
    """The list the Japanese side was given: published, or closed after it was."""
    return (
        Shortlist.objects.filter(job_order=job_order, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


def candidate_rows(job_order: JobOrder, shortlist: Shortlist) -> list[CandidateRow]:
    entries = list(
        shortlist.entries.filter(Q(excluded_at__isnull=True) | Q(excluded_at__gt=shortlist.published_at))
        .select_related("participant")
        .order_by("rank")
    )
    interviews = _latest_interviews(job_order)
    totals = dict(
        Interview.objects.filter(job_order=job_order).annotate(total=Sum("scores__score")).values_list("pk", "total")
    )
    offers: dict[int, Offer] = {}
    for offer in Offer.objects.filter(job_order=job_order).order_by("sent_at", "pk"):
        offers[offer.participant_id] = offer  # the latest one wins
    rows = []
    for entry in entries:
        interview = interviews.get(entry.pk)
        rows.append(
            CandidateRow(
                entry=entry,
                participant=entry.participant,
                interview=interview,
                total=totals.get(interview.pk) if interview else None,
                offer=offers.get(entry.participant_id),
                left_because=entry.excluded_reason if entry.is_excluded else "",
            )
        )
    return rows


def _latest_interviews(job_order: JobOrder) -> dict[int, Interview]:
    """Per shortlist entry, its scheduled interview, else the last one cancelled."""
    found: dict[int, Interview] = {}
    for interview in Interview.objects.filter(job_order=job_order).order_by("scheduled_at", "pk"):
        current = found.get(interview.entry_id)
        if current is None or not current.is_scheduled:
            found[interview.entry_id] = interview
    return found


def schedulable_entries(shortlist: Shortlist) -> ShortlistEntryQuerySet:
    """The candidates of the list who may get an interview now: still on it,
    shortlisted, and without one in force for this order."""
    taken = Interview.objects.scheduled().filter(job_order_id=shortlist.job_order_id).values("entry_id")
    return (
        ShortlistEntry.objects.filter(
            shortlist=shortlist, excluded_at__isnull=True, participant__status=Status.SHORTLISTED
        )
        .exclude(pk__in=taken)
        .select_related("participant")
        .order_by("rank")
    )


def order_figures(job_order: JobOrder) -> OrderFigures:
    offers = Offer.objects.filter(job_order=job_order).aggregate(
        waiting=Count("pk", filter=Q(status=OfferStatus.SENT)),
        accepted=Count("pk", filter=Q(status=OfferStatus.ACCEPTED)),
    )
    return OrderFigures(
        positions=job_order.positions,
        interviews=Interview.objects.scheduled().filter(job_order=job_order).count(),
        offers_waiting=offers["waiting"],
        accepted=offers["accepted"],
    )


def criteria_of(job_order: JobOrder) -> list[InterviewCriterion]:
    return list(job_order.interview_criteria.all())


def scores_of(interview: Interview) -> dict[int, int]:
    return dict(interview.scores.values_list("criterion_id", "score"))


def criteria_fixed(job_order: JobOrder) -> bool:
    return Interview.objects.filter(job_order=job_order, scores__isnull=False).exists()


# --- lists ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    value: str = ""


def interview_list(visible: InterviewQuerySet) -> InterviewQuerySet:
    return visible.select_related("participant", "job_order__company").order_by("starts_at", "pk")


def interview_counts(visible: InterviewQuerySet) -> dict[str, int]:
    now = timezone.now()
    return visible.aggregate(
        upcoming=Count("pk", filter=Q(status=InterviewStatus.SCHEDULED, ends_at__gte=now)),
        unscored=Count("pk", filter=Q(status=InterviewStatus.SCHEDULED, starts_at__lt=now, scored_at__isnull=True)),
        decided=Count("pk", filter=Q(status=InterviewStatus.SCHEDULED) & ~Q(result="")),
        cancelled=Count("pk", filter=Q(status=InterviewStatus.CANCELLED)),
    )


def offer_counts(visible: OfferQuerySet) -> list[Figure]:
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [Figure(str(status.label), counts.get(status.value, 0), status.value) for status in OfferStatus]


def offer_list(visible: OfferQuerySet) -> OfferQuerySet:
    return visible.select_related("participant", "job_order__company").order_by("-sent_at", "-pk")
