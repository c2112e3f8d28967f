"""Résumés (履歴書): whose Japanese résumé a user may download.

| organization kind        | résumés                                                   |
|--------------------------|-----------------------------------------------------------|
| ministry                 | every participant's; a shortlist's, draft or published    |
| LPK/SO                   | its own candidates' (those enrolled with it)              |
| supervising org, company | the candidates kept on a published shortlist of an order  |
|                          | it sees, and those placed (open placement) on such orders |
| everyone else            | none: not the BLK, the embassy or the participant         |

The résumé carries no NIK, street address or health details (only "fit"),
so the Japanese side may read it wherever it may read the limited profile,
and for the people it has taken on.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.job_orders import job_order_filter
from accounts.access.matching import shortlists_visible_to
from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.models import OrganizationKind, User
from joborders.models import JobOrder
from matching.models import Shortlist, ShortlistEntry, ShortlistStatus
from participants.models import Participant, ParticipantQuerySet
from placements.models import Placement

_JAPAN_SIDE = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def _resume_filter(user: User) -> Q | None:
    """The participants whose résumé the user may download; None means all."""
    if is_ministry(user):
        return None
    scope = NOTHING
    for organization in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION):
        scope |= Q(sending_organization=organization)
    if any(organizations_of(user, kind=kind) for kind in _JAPAN_SIDE):
        published = shortlists_visible_to(user).filter(status=ShortlistStatus.PUBLISHED)
        shortlisted = ShortlistEntry.objects.kept().filter(shortlist__in=published.values("pk"))
        orders = job_order_filter(user, write=False)
        placed = Placement.objects.open()
        if orders is not None:
            placed = placed.filter(job_order__in=JobOrder.objects.filter(orders).values("pk"))
        scope |= Q(pk__in=shortlisted.values("participant_id")) | Q(pk__in=placed.values("participant_id"))
    return scope


def resume_subjects_for(user: User) -> ParticipantQuerySet:
    scope = _resume_filter(user)
    return Participant.objects.all() if scope is None else Participant.objects.filter(scope)


def resume_subject_for(user: User, pk: int) -> Participant:
    """The participant if the user may download their résumé; 404 otherwise."""
    participant = resume_subjects_for(user).filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def may_download_resume(user: User, participant: Participant) -> bool:
    scope = _resume_filter(user)
    # Everyone's (the ministry): nothing to ask the database about this one.
    return scope is None or Participant.objects.filter(scope, pk=participant.pk).exists()


def resume_shortlist_for(user: User, job_order: JobOrder) -> Shortlist:
    """The order's shortlist whose résumés the user may download as one PDF:
    the ministry's working list (draft or published), the Japanese side's
    published one; 404 for anyone else, and once the list is closed."""
    shortlist = shortlists_visible_to(user).filter(job_order=job_order).exclude(status=ShortlistStatus.CLOSED).first()
    if shortlist is None:
        raise Http404
    return shortlist
