"""Matching: shortlists, planning runs and weights."""

from __future__ import annotations

from django.http import Http404

from accounts.access.job_orders import job_order_filter
from accounts.access.memberships import is_ministry, is_ministry_admin, organizations_of
from accounts.access.participants import participants_visible_to
from accounts.models import Organization, OrganizationKind, User
from joborders.models import JobOrder
from matching.models import PlanningRun, PlanningRunQuerySet, Shortlist, ShortlistQuerySet, ShortlistStatus
from participants.models import Participant, ParticipantQuerySet

# | organization kind        | shortlists                                   | planning, weights          |
# |--------------------------|----------------------------------------------|----------------------------|
# | ministry                 | all; officers run, review and publish them   | officers run plans;        |
# |                          |                                              | administrators set weights |
# | supervising org, company | published ones of the orders they see, as    | none                       |
# |                          | limited profiles (no NIK, address or health) |                            |
# | everyone else            | none                                         | none                       |
#
# A participant's page lists the open orders they fit to whoever sees the
# participant, and to the participant.

_SHORTLIST_READERS = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def may_run_matching(user: User) -> bool:
    return is_ministry(user, write=True)


def may_set_weights(user: User) -> bool:
    return is_ministry_admin(user)


def shortlists_visible_to(user: User) -> ShortlistQuerySet:
    if is_ministry(user):
        return Shortlist.objects.all()
    if not any(organizations_of(user, kind=kind) for kind in _SHORTLIST_READERS):
        return Shortlist.objects.none()
    orders = job_order_filter(user, write=False)
    published = Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED)
    if orders is None:
        return published
    return published.filter(job_order__in=JobOrder.objects.filter(orders).values("pk"))


def shortlist_for_user(user: User, pk: int) -> Shortlist:
    shortlist = shortlists_visible_to(user).select_related("job_order__company").filter(pk=pk).first()
    if shortlist is None:
        raise Http404
    return shortlist


def may_see_shortlists(user: User) -> bool:
    return is_ministry(user) or any(organizations_of(user, kind=kind) for kind in _SHORTLIST_READERS)


def may_see_shortlist_of(user: User, job_order: JobOrder) -> bool:
    """The ministry works on any order's shortlist; the Japanese side sees a published one."""
    return may_run_matching(user) or shortlists_visible_to(user).filter(job_order=job_order).exists()


def planning_runs_visible_to(user: User) -> PlanningRunQuerySet:
    return PlanningRun.objects.all() if is_ministry(user) else PlanningRun.objects.none()


def may_see_matches_of(user: User, participant: Participant) -> bool:
    """Whoever sees the participant (staff of their organizations, the ministry, themselves)."""
    return participants_visible_to(user).filter(pk=participant.pk).exists()


def serving_organizations_of(user: User, job_order: JobOrder) -> list[Organization]:
    """The user's LPK/SOs that serve the job order: they may see which of
    their own candidates fit it (never anyone else's)."""
    serving = set(job_order.sending_organizations.values_list("pk", flat=True))
    return [org for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION) if org.pk in serving]


def own_candidates_for(user: User, job_order: JobOrder) -> ParticipantQuerySet:
    """The participants of the user's LPK/SOs serving the order; none for anyone else."""
    serving = serving_organizations_of(user, job_order)
    if not serving:
        return Participant.objects.none()
    return participants_visible_to(user).filter(sending_organization__in=serving)
