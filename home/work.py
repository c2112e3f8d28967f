"""What needs a staff member now: each item a whole sentence with its count
and a link to where the work is done. Items with nothing to do are left out,
so an empty list means there is nothing waiting."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import OrganizationKind, User
from joborders.models import JobOrderStatus
from lib.seek import Count as CappedCount
from lib.seek import count_up_to
from matching.models import Shortlist, ShortlistStatus
from participants.forms import LAPSING
from participants.models import LAPSE_WARNING_DAYS, Participant, ParticipantQuerySet, Status
from placements.duty_pages import recent_notices
from placements.gate import gates_for, with_gate_relations
from placements.models import InterviewQuerySet, OfferStatus, OfferStatusChange, Placement
from spreadsheets.models import ImportState

NAMES_SHOWN = 5
M = TypeVar("M", bound=Model)
# The home counts lapsing health checks exactly up to here, then says "more
# than": past a thousand the number changes no one's next step, and counting
# every match at national scale cost most of the ministry's home page.
LAPSING_COUNTED_UP_TO = 1_000
# A failed import stays on the home this long: long enough to fix the file,
# short enough that old failures do not hide new work.
FAILED_IMPORTS_SHOWN_FOR = datetime.timedelta(days=7)
# A declined or withdrawn offer stays on the Japanese side's home this long,
# the same week as a failed import: long enough to read who took the place.
LAPSED_OFFERS_SHOWN_FOR = datetime.timedelta(days=7)
# A payment that broke the fee policy stays on the home this long after it was
# booked; the violations list keeps every one until it is reversed.
VIOLATIONS_SHOWN_FOR = datetime.timedelta(days=30)
# Interviews of an LPK/SO's candidates this close are its work: coach them, check the link.
INTERVIEWS_AHEAD = datetime.timedelta(days=7)
_JAPAN_SIDE = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)
# Who is told of a worker's call for help after a disaster: those on the worker's side.
_HELPERS = (OrganizationKind.MINISTRY, OrganizationKind.EMBASSY, OrganizationKind.SENDING_ORGANIZATION)


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    text: str
    url: str
    urgent: bool = False
    # A few of the records behind the count, each linked, for work done one record at a time.
    examples: tuple[Link, ...] = ()


def _first_and_count(ordered: QuerySet[M]) -> tuple[list[M], int]:
    """The first NAMES_SHOWN rows, and how many there are, counted only when there are more: reading
    every arrival to record with its participant (23,166 for the ministry at a million) took 93 MB and a
    quarter second of its home for a count and five names."""
    first = list(ordered[: NAMES_SHOWN + 1])
    count = ordered.count() if len(first) > NAMES_SHOWN else len(first)
    return first[:NAMES_SHOWN], count


def work_for(user: User, *, today: datetime.date) -> list[WorkItem]:
    """The user's work items, most urgent first."""
    items = [
        *_imports(user, today=today),
        *_duplicates(user),
        *_shortlists(user),
        *_drafts(user),
        *_lapsing_readiness(user, today=today),
        *_selection(user),
        *_gate_items_open(user, today=today),
        *_cohorts_departing(user, today=today),
        *_arrivals_to_record(user),
        *_fee_violations(user, today=today),
        *_deadline_notices(user),
        *_calls_for_help(user),
        *_protection_cases(user),
        *_data_breaches(user),
    ]
    return sorted(items, key=lambda item: not item.urgent)


def _imports(user: User, *, today: datetime.date) -> list[WorkItem]:
    # The user's own organizations' imports: the ministry sees every one, but
    # another organization's import is that organization's work.
    own = [org.pk for org in access.organizations_of(user)]
    jobs = access.import_jobs_visible_to(user).filter(
        organization__in=own,
        state__in=[ImportState.VALIDATED, ImportState.FAILED, ImportState.VALIDATING, ImportState.UPLOADED],
    )
    items = []
    for job in jobs.order_by("-created_at")[:NAMES_SHOWN]:
        url = reverse("import_detail", args=[job.pk])
        if job.state == ImportState.FAILED:
            if job.finished_at is None or job.finished_at.date() < today - FAILED_IMPORTS_SHOWN_FOR:
                continue
            text = _("The import of “%(file)s” failed: read why and upload a corrected file.") % {
                "file": job.original_name
            }
            items.append(WorkItem(text, url, urgent=True))
        elif job.state == ImportState.VALIDATED and job.invalid:
            text = ngettext(
                "The import of “%(file)s” waits for you: %(count)s row has errors.",
                "The import of “%(file)s” waits for you: %(count)s rows have errors.",
                job.invalid,
            ) % {"file": job.original_name, "count": number_format(job.invalid)}
            items.append(WorkItem(text, url, urgent=True))
        elif job.state == ImportState.VALIDATED:
            text = _("The import of “%(file)s” is checked and waits for your confirmation.") % {
                "file": job.original_name
            }
            items.append(WorkItem(text, url))
        else:
            text = _("The import of “%(file)s” is being checked.") % {"file": job.original_name}
            items.append(WorkItem(text, url))
    return items


def _duplicates(user: User) -> list[WorkItem]:
    count = access.duplicates_to_review_by(user).count()
    if not count:
        return []
    text = ngettext("%(count)s possible duplicate to judge.", "%(count)s possible duplicates to judge.", count) % {
        "count": number_format(count)
    }
    return [WorkItem(text, reverse("duplicate_queue"))]


def _shortlists(user: User) -> list[WorkItem]:
    if not access.may_run_matching(user):
        return []
    items = []
    drafts = access.shortlists_visible_to(user).filter(status=ShortlistStatus.DRAFT).count()
    if drafts:
        text = ngettext(
            "%(count)s draft shortlist to review and publish.",
            "%(count)s draft shortlists to review and publish.",
            drafts,
        ) % {"count": number_format(drafts)}
        items.append(WorkItem(text, reverse("shortlist_list")))
    live = Shortlist.objects.live().filter(job_order=OuterRef("pk"))
    waiting = (
        access.job_orders_visible_to(user)
        .filter(status=JobOrderStatus.OPEN)
        .annotate(has_list=Exists(live))
        .filter(has_list=False)
    )
    count = waiting.count()
    if count:
        text = ngettext(
            "%(count)s open job order waits for a shortlist.", "%(count)s open job orders wait for a shortlist.", count
        ) % {"count": number_format(count)}
        examples = tuple(
            Link(order.title, reverse("job_order_shortlist", args=[order.pk]))
            for order in waiting.order_by("start_date", "pk")[:NAMES_SHOWN]
        )
        items.append(WorkItem(text, reverse("shortlist_list"), examples=examples))
    return items


def _drafts(user: User) -> list[WorkItem]:
    """Draft orders of the user's own company or supervising organization: until
    they are opened, nobody can be matched to them."""
    partners = [
        org.pk
        for kind in (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)
        for org in access.organizations_of(user, kind=kind, write=True)
    ]
    if not partners:
        return []
    drafts = access.job_orders_writable_by(user).filter(status=JobOrderStatus.DRAFT)
    count = drafts.filter(Q(company__in=partners) | Q(company__parent__in=partners)).count()
    if not count:
        return []
    text = ngettext(
        "%(count)s draft job order to complete and open for recruiting.",
        "%(count)s draft job orders to complete and open for recruiting.",
        count,
    ) % {"count": number_format(count)}
    return [WorkItem(text, f"{reverse('job_order_list')}?status={JobOrderStatus.DRAFT}")]


def _lapsing_readiness(user: User, *, today: datetime.date) -> list[WorkItem]:
    if not access.may_see_participant_list(user):
        return []
    horizon = today + datetime.timedelta(days=LAPSE_WARNING_DAYS)
    lapsing = access.participants_writable_by(user).health_lapsing(by=horizon)
    count = count_up_to(lapsing, LAPSING_COUNTED_UP_TO)
    if not count.value:
        return []
    examples = tuple(
        Link(participant.full_name, reverse("participant_detail", args=[participant.pk]))
        for participant in _longest_waiting(lapsing)
    )
    # The list filtered the same way, so the count on the home is the count on the list.
    url = f"{reverse('participant_list')}?health={LAPSING}"
    return [WorkItem(_lapsing_text(count), url, urgent=True, examples=examples)]


def _lapsing_text(count: CappedCount) -> str:
    values = {"count": number_format(count.value), "days": number_format(LAPSE_WARNING_DAYS)}
    if count.more:
        return (
            ngettext(
                "More than %(count)s ready candidate needs a new health check within %(days)s days.",
                "More than %(count)s ready candidates need a new health check within %(days)s days.",
                count.value,
            )
            % values
        )
    return (
        ngettext(
            "%(count)s ready candidate needs a new health check within %(days)s days.",
            "%(count)s ready candidates need a new health check within %(days)s days.",
            count.value,
        )
        % values
    )


def _longest_waiting(lapsing: ParticipantQuerySet) -> list[Participant]:
    """The names shown first: those ready (or shortlisted) the longest. One
    walk of the (status, status_changed_at) index per status: ordering both
    statuses at once sorted every match (some 200,000 nationally) for five names."""
    firsts = [
        participant
        for status in (Status.READY, Status.SHORTLISTED)
        for participant in lapsing.filter(status=status).order_by("status_changed_at", "pk")[:NAMES_SHOWN]
    ]
    return sorted(firsts, key=lambda participant: (participant.status_changed_at, participant.pk))[:NAMES_SHOWN]


def _selection(user: User) -> list[WorkItem]:
    """Interviews and offers: the Japanese side scores interviews held and
    reads the offers declined or withdrawn; an LPK/SO records its candidates'
    answers and prepares them for their interviews."""
    items: list[WorkItem] = []
    if any(access.organizations_of(user, kind=kind, write=True) for kind in _JAPAN_SIDE):
        items += _interviews_to_score(user) + _lapsed_offers(user)
    if access.organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True):
        items += _offers_waiting(user) + _interviews_ahead(user)
    return items


def _interviews_to_score(user: User) -> list[WorkItem]:
    waiting = access.interviews_visible_to(user).waiting_for_scores().select_related("participant")
    count = waiting.count()
    if not count:
        return []
    text = ngettext(
        "%(count)s interview was held and waits for its scores.",
        "%(count)s interviews were held and wait for their scores.",
        count,
    ) % {"count": count}
    examples = tuple(
        Link(interview.participant.full_name, reverse("interview_detail", args=[interview.pk]))
        for interview in waiting.order_by("starts_at", "pk")[:NAMES_SHOWN]
    )
    return [WorkItem(text, f"{reverse('interview_list')}?when=past", examples=examples)]


def _lapsed_offers(user: User) -> list[WorkItem]:
    since = timezone.now() - LAPSED_OFFERS_SHOWN_FOR
    lapsed = (
        access.offers_visible_to(user)
        .filter(status__in=[OfferStatus.DECLINED, OfferStatus.WITHDRAWN])
        .filter(Exists(OfferStatusChange.objects.filter(offer=OuterRef("pk"), changed_at__gte=since)))
        .select_related("participant")
    )
    count = lapsed.count()
    if not count:
        return []
    text = ngettext(
        "%(count)s offer was declined or withdrawn this week: see who was offered the place instead.",
        "%(count)s offers were declined or withdrawn this week: see who was offered the places instead.",
        count,
    ) % {"count": count}
    examples = tuple(
        Link(offer.participant.full_name, reverse("offer_detail", args=[offer.pk]))
        for offer in lapsed.order_by("-status_changed_at", "-pk")[:NAMES_SHOWN]
    )
    return [WorkItem(text, reverse("offer_list"), urgent=True, examples=examples)]


def _offers_waiting(user: User) -> list[WorkItem]:
    waiting = access.offers_visible_to(user).filter(status=OfferStatus.SENT).select_related("participant")
    count = waiting.count()
    if not count:
        return []
    text = ngettext(
        "%(count)s offer to your candidates waits for their answer.",
        "%(count)s offers to your candidates wait for their answers.",
        count,
    ) % {"count": count}
    examples = tuple(
        Link(offer.participant.full_name, reverse("offer_detail", args=[offer.pk]))
        for offer in waiting.order_by("sent_at", "pk")[:NAMES_SHOWN]
    )
    return [WorkItem(text, f"{reverse('offer_list')}?status={OfferStatus.SENT}", examples=examples)]


def _interviews_ahead(user: User) -> list[WorkItem]:
    soon: InterviewQuerySet = access.interviews_visible_to(user).upcoming()
    count = soon.filter(starts_at__lte=timezone.now() + INTERVIEWS_AHEAD).count()
    if not count:
        return []
    text = ngettext(
        "%(count)s of your candidates has an interview within a week.",
        "%(count)s of your candidates have interviews within a week.",
        count,
    ) % {"count": count}
    return [WorkItem(text, reverse("interview_list"))]


# --- departures ---------------------------------------------------------------

# A flight this close is urgent: a COE or visa takes longer than that to fix.
FLIGHT_SOON = datetime.timedelta(days=14)


def _gate_items_open(user: User, *, today: datetime.date) -> list[WorkItem]:
    """Participants preparing to depart with gate items open that this user records."""
    if not access.may_see_departures(user):
        return []
    placements = list(with_gate_relations(access.gates_visible_to(user).preparing()).order_by("starts_on", "pk"))
    recordable = access.gate_items_recordable_for(user, [placement.pk for placement in placements])
    gates = gates_for(placements, today=today)
    waiting = [
        placement
        for placement in placements
        if any(item.item in recordable[placement.pk] for item in gates[placement.pk].missing)
    ]
    if not waiting:
        return []
    text = ngettext(
        "%(count)s participant preparing to depart has gate items open that you record.",
        "%(count)s participants preparing to depart have gate items open that you record.",
        len(waiting),
    ) % {"count": number_format(len(waiting))}
    soon = any(gates[p.pk].flight is not None and gates[p.pk].on <= today + FLIGHT_SOON for p in waiting)
    examples = tuple(
        Link(placement.participant.full_name, reverse("placement_gate", args=[placement.pk]))
        for placement in waiting[:NAMES_SHOWN]
    )
    return [WorkItem(text, reverse("departure_list"), urgent=soon, examples=examples)]


def _cohorts_departing(user: User, *, today: datetime.date) -> list[WorkItem]:
    """Planned cohorts flying within FLIGHT_SOON (or overdue), with how many are still blocked."""
    if not access.may_see_cohorts(user):
        return []
    cohorts = list(access.cohorts_visible_to(user).flying_by(today + FLIGHT_SOON).order_by("flight_date", "pk"))
    members = list(with_gate_relations(Placement.objects.filter(cohort_member__cohort__in=cohorts)))
    gates = gates_for(members, today=today)
    blocked = Counter(p.cohort_member.cohort_id for p in members if not gates[p.pk].complete)
    items = []
    for cohort in cohorts:
        values = {"flight": f"{cohort.flight_number} {cohort.route}", "date": date_format(cohort.flight_date)}
        if cohort.flight_date < today:
            text = _("The cohort %(flight)s of %(date)s is not marked departed yet.") % values
        elif blocked[cohort.pk]:
            text = ngettext(
                "The cohort %(flight)s on %(date)s: %(count)s participant is still blocked.",
                "The cohort %(flight)s on %(date)s: %(count)s participants are still blocked.",
                blocked[cohort.pk],
            ) % {**values, "count": number_format(blocked[cohort.pk])}
        else:
            text = _("The cohort %(flight)s on %(date)s is ready to depart.") % values
        urgent = bool(blocked[cohort.pk]) or cohort.flight_date < today
        items.append(WorkItem(text, reverse("cohort_board", args=[cohort.pk]), urgent=urgent))
    return items


# --- work in Japan ------------------------------------------------------------------


def _arrivals_to_record(user: User) -> list[WorkItem]:
    """Workers who flew to Japan and whose arrival the user records: their first stage starts with it."""
    waiting = access.stay_writable_by(user).in_japan().filter(arrived_on__isnull=True)
    first, count = _first_and_count(waiting.select_related("participant").order_by("departed_on", "pk"))
    if not first:
        return []
    text = ngettext(
        "%(count)s worker has flown to Japan: record the arrival.",
        "%(count)s workers have flown to Japan: record their arrival.",
        count,
    ) % {"count": number_format(count)}
    examples = tuple(
        Link(placement.participant.full_name, reverse("record_arrival", args=[placement.pk])) for placement in first
    )
    return [WorkItem(text, reverse("placement_list"), examples=examples)]


def _fee_violations(user: User, *, today: datetime.date) -> list[WorkItem]:
    """Payments that broke the fee policy, booked lately, and lines participants
    dispute: the ministry's and the participant's LPK/SO's to follow up."""
    if not access.may_see_violations(user):
        return []
    items = []
    since = timezone.make_aware(datetime.datetime.combine(today - VIOLATIONS_SHOWN_FOR, datetime.time.min))
    count = access.violations_visible_to(user).filter(booked_at__gte=since).count()
    if count:
        text = ngettext(
            "%(count)s payment booked lately breaks the fee policy: follow it up with the participant.",
            "%(count)s payments booked lately break the fee policy: follow them up with the participants.",
            count,
        ) % {"count": number_format(count)}
        items.append(WorkItem(text, reverse("ledger_violations"), urgent=True))
    disputes = access.disputes_visible_to(user).open().select_related("participant").order_by("-opened_at")
    count = disputes.count()
    if count:
        text = ngettext(
            "%(count)s participant disputes a line of their cost statement.",
            "%(count)s participants dispute a line of their cost statement.",
            count,
        ) % {"count": number_format(count)}
        examples = tuple(
            Link(dispute.participant.full_name, reverse("participant_ledger", args=[dispute.participant_id]))
            for dispute in disputes[:NAMES_SHOWN]
        )
        items.append(WorkItem(text, examples[0].url, urgent=True, examples=examples))
    return items


def _deadline_notices(user: User) -> list[WorkItem]:
    """Deadline notices of the last two weeks to the user's organizations (the sweep writes them)."""
    recent = recent_notices(user, now=timezone.now(), shown=NAMES_SHOWN)
    if not recent.count:
        return []
    text = ngettext(
        "%(count)s deadline notice in the last two weeks: see what is due.",
        "%(count)s deadline notices in the last two weeks: see what is due.",
        recent.count,
    ) % {"count": number_format(recent.count)}
    url = reverse("todo_list")
    examples = tuple(Link(line, url) for line in recent.texts)
    return [WorkItem(text, url, urgent=recent.overdue, examples=examples)]


def _calls_for_help(user: User) -> list[WorkItem]:
    """Workers who said "I need help" in an open safety check and have had no
    follow-up call since: urgent for their LPK/SO, the embassy and the ministry."""
    if not any(access.organizations_of(user, kind=kind) for kind in _HELPERS):
        return []
    waiting = access.safety_questions_visible_to(user).help_not_followed_up()
    items = []
    for row in waiting.order_by().values("safety_check", "safety_check__event").annotate(count=Count("pk")):
        text = ngettext(
            "%(count)s worker needs help after %(event)s: call them.",
            "%(count)s workers need help after %(event)s: call them.",
            row["count"],
        ) % {"count": number_format(row["count"]), "event": row["safety_check__event"]}
        url = reverse("protection:safety_people", args=[row["safety_check"]]) + "?answer=needs_help"
        items.append(WorkItem(text, url, urgent=True))
    return items


def _protection_cases(user: User) -> list[WorkItem]:
    """Protection cases waiting for the user's organization: those whose
    24-hour clock ran out first (urgent), then new ones to acknowledge."""
    items = []
    url = reverse("protection:case_list")
    breached = access.breached_clocks_for(user, now=timezone.now()).count()
    if breached:
        text = ngettext(
            "%(count)s protection case was not acknowledged within 24 hours.",
            "%(count)s protection cases were not acknowledged within 24 hours.",
            breached,
        ) % {"count": number_format(breached)}
        items.append(WorkItem(text, f"{url}?clock=breached", urgent=True))
    waiting = access.cases_to_acknowledge_by(user).count()
    if waiting:
        text = ngettext(
            "%(count)s new protection case to acknowledge.", "%(count)s new protection cases to acknowledge.", waiting
        ) % {"count": number_format(waiting)}
        items.append(WorkItem(text, f"{url}?status=new"))
    return items


def _data_breaches(user: User) -> list[WorkItem]:
    """Data breaches whose people or authority are still to be told: urgent
    from the start, the clock of UU PDP Pasal 46 is only 3 × 24 hours."""
    waiting, total = _first_and_count(access.breaches_visible_to(user).waiting_for_notice().order_by("found_at", "pk"))
    if not waiting:
        return []
    text = ngettext(
        "%(count)s data breach: the people and the authority must be told by %(moment)s.",
        "%(count)s data breaches: the people and the authority must be told, the first by %(moment)s.",
        total,
    ) % {
        "count": number_format(total),
        "moment": date_format(timezone.localtime(waiting[0].deadline), "DATETIME_FORMAT"),
    }
    examples = tuple(Link(breach.number, reverse("breaches:breach_detail", args=[breach.pk])) for breach in waiting)
    return [WorkItem(text, reverse("breaches:breach_list"), urgent=True, examples=examples)]
