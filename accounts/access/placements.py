"""Placements: whose placement (and the gate, cohort and offer hanging off it)
a user sees or changes.

| organization kind        | placements                                         |
|--------------------------|----------------------------------------------------|
| ministry                 | all; officers change them                          |
| BLK, LPK/SO              | those of the participants it sees; LPK/SO officers |
|                          | work the pre-departure gate                        |
| supervising org, company | those of the job orders it sees                    |
| embassy                  | all, read only (protection)                        |
| prefecture, association  | none individually; aggregates on their homes       |
| participant              | their own, read only                               |
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.job_orders import job_order_filter
from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import OrganizationKind, User
from joborders.models import JobOrder
from participants.models import Participant
from placements.models import Placement, PlacementQuerySet

_JAPAN_SIDE = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def _placement_filter(user: User, *, write: bool) -> Q | None:
    """The placements a user sees (or changes); None means all."""
    if is_ministry(user, write=write):
        return None
    if not write and organizations_of(user, kind=OrganizationKind.EMBASSY):
        return None
    scope = NOTHING
    for organization in organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE, write=write):
        scope |= Q(participant__training_centre=organization)
    for organization in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=write):
        scope |= Q(participant__sending_organization=organization)
    if any(organizations_of(user, kind=kind, write=write) for kind in _JAPAN_SIDE):
        orders = job_order_filter(user, write=write)
        if orders is None:
            return None
        scope |= Q(job_order__in=JobOrder.objects.filter(orders).values("pk"))
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(participant=own)
    return scope


def placements_visible_to(user: User) -> PlacementQuerySet:
    scope = _placement_filter(user, write=False)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def placements_writable_by(user: User) -> PlacementQuerySet:
    scope = _placement_filter(user, write=True)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def current_placement_of(user: User, participant: Participant) -> Placement | None:
    """The participant's open placement, or else their latest, if the user may see it."""
    return (
        placements_visible_to(user)
        .filter(participant=participant)
        .select_related(
            "job_order__company__company_profile",
            "job_order__supervising_organization__supervising_profile",
            "job_order__support_organization__support_profile",
            "job_order__workplace_prefecture",
        )
        .latest_first()
        .first()
    )


def placement_for_user(user: User, pk: int, *, write: bool = False) -> Placement:
    """The placement if the user may see it (or change it); 404 otherwise."""
    queryset = placements_writable_by(user) if write else placements_visible_to(user)
    placement = (
        queryset.select_related(
            "participant",
            "job_order__company",
            "job_order__supervising_organization",
            "job_order__workplace_prefecture",
        )
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement
