"""Selection: who sees and runs interviews, and who sees, answers and
withdraws offers.

| organization kind        | interviews and offers                                  |
|--------------------------|--------------------------------------------------------|
| ministry                 | all; officers schedule, score, select and withdraw     |
| supervising org, company | those of their job orders once a shortlist of theirs   |
|                          | is published; officers schedule, score, select and     |
|                          | withdraw (scores are theirs and the ministry's only)   |
| LPK/SO                   | those of its own candidates (no scores); officers      |
|                          | record a candidate's answer with the signed page       |
| participant              | their own; answers their own offer                     |
| everyone else            | none (404)                                             |
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.job_orders import job_order_filter, job_orders_visible_to, job_orders_writable_by
from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import OrganizationKind, User
from joborders.models import JobOrder
from matching.models import Shortlist
from participants.models import Participant
from placements.models import Interview, InterviewQuerySet, Offer, OfferQuerySet

_JAPAN_SIDE = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def _is_japan_side(user: User, *, write: bool = False) -> bool:
    return any(organizations_of(user, kind=kind, write=write) for kind in _JAPAN_SIDE)


def _scope(user: User) -> Q | None:
    """What a user reads of interviews or offers (both hang off a job order and
    a participant); None means all."""
    if is_ministry(user):
        return None
    scope = NOTHING
    if _is_japan_side(user):
        orders = job_order_filter(user, write=False)
        if orders is None:
            return None
        published = Shortlist.objects.filter(published_at__isnull=False).values("job_order_id")
        scope |= Q(job_order__in=JobOrder.objects.filter(orders).filter(pk__in=published).values("pk"))
    lpks = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)
    if lpks:
        scope |= Q(participant__sending_organization__in=lpks)
    own = own_participant_record(user)
    if own is not None:
        scope |= Q(participant=own)
    return scope


def interviews_visible_to(user: User) -> InterviewQuerySet:
    scope = _scope(user)
    return Interview.objects.all() if scope is None else Interview.objects.filter(scope)


def offers_visible_to(user: User) -> OfferQuerySet:
    scope = _scope(user)
    return Offer.objects.all() if scope is None else Offer.objects.filter(scope)


def may_see_selection(user: User) -> bool:
    """The interview and offer lists: the ministry, the Japanese side and the LPK/SOs."""
    return (
        is_ministry(user)
        or _is_japan_side(user)
        or bool(organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION))
    )


def may_see_interviews_of(user: User, job_order: JobOrder) -> bool:
    """An order's interview page: the ministry, and its company and supervising
    organization once its shortlist has been published to them."""
    if is_ministry(user):
        return True
    if not _is_japan_side(user) or not job_orders_visible_to(user).filter(pk=job_order.pk).exists():
        return False
    return Shortlist.objects.filter(job_order=job_order, published_at__isnull=False).exists()


def may_run_interviews(user: User, job_order: JobOrder) -> bool:
    """Scheduling, scoring, selecting and withdrawing offers: ministry officers,
    and officers of the order's company and supervising organization."""
    if is_ministry(user, write=True):
        return True
    return (
        _is_japan_side(user, write=True)
        and may_see_interviews_of(user, job_order)
        and job_orders_writable_by(user).filter(pk=job_order.pk).exists()
    )


def may_see_scores(user: User, job_order: JobOrder) -> bool:
    """Scores are the interviewers' assessment: the ministry and the Japanese side read them."""
    return may_see_interviews_of(user, job_order)


def interview_for_user(user: User, pk: int, *, write: bool = False) -> Interview:
    interview = (
        interviews_visible_to(user)
        .select_related("job_order__company", "participant", "entry__shortlist")
        .filter(pk=pk)
        .first()
    )
    if interview is None or (write and not may_run_interviews(user, interview.job_order)):
        raise Http404
    return interview


def offer_for_user(user: User, pk: int) -> Offer:
    offer = (
        offers_visible_to(user)
        .select_related(
            "job_order__company",
            "job_order__supervising_organization",
            "participant__sending_organization",
            "workplace_prefecture",
            "interview",
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def may_withdraw_offer(user: User, offer: Offer) -> bool:
    return may_run_interviews(user, offer.job_order)


def may_record_offer_answer(user: User, offer: Offer) -> bool:
    """The candidate's own LPK/SO, for a candidate who answered on paper."""
    lpks = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=True)
    return any(lpk.pk == offer.participant.sending_organization_id for lpk in lpks)


def may_answer_offer(user: User, offer: Offer) -> bool:
    """Only the person it was made to, on their own login."""
    own = own_participant_record(user)
    return own is not None and own.pk == offer.participant_id


def may_see_selection_of(user: User, participant: Participant) -> bool:
    """A participant's own interviews and offers: the ministry, their LPK/SO and themselves."""
    if is_ministry(user):
        return True
    own = own_participant_record(user)
    if own is not None and own.pk == participant.pk:
        return True
    lpks = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)
    return any(lpk.pk == participant.sending_organization_id for lpk in lpks)
