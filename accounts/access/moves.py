"""Moves and endings of placements in Japan: who transfers a worker, changes
them to SSW i, records a disappearance or the end of a placement.

| organization kind        | moves and endings                                  |
|--------------------------|----------------------------------------------------|
| ministry                 | all; officers record them                          |
| supervising org, company | those it supervises or employs: officers           |
| support organization     | none (reads the placement; the employer decides)   |
| embassy                  | none: reads every placement and disappearance for  |
|                          | protection (ARCHITECTURE.md), records nothing on   |
|                          | the Japanese side's placement                      |
| BLK, LPK/SO, participant | none (they read the placement where they may)      |
| prefecture, association  | none                                               |

Opening a placement for a person in Japan by their record with none (legacy
data) is the ministry's alone: it names an employer on the person's behalf.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.models import OrganizationKind, User
from placements.models import Placement, PlacementQuerySet


def _moves_filter(user: User) -> Q | None:
    """The placements whose moves and endings the user records; None means all."""
    if is_ministry(user, write=True):
        return None
    scope = NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True):
        scope |= Q(company__parent=supervising) | Q(supervising_organization=supervising)
    companies = organizations_of(user, kind=OrganizationKind.COMPANY, write=True)
    if companies:
        scope |= Q(company__in=companies)
    return scope


def placements_movable_by(user: User) -> PlacementQuerySet:
    scope = _moves_filter(user)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def may_move(user: User, placement: Placement) -> bool:
    return placements_movable_by(user).filter(pk=placement.pk).exists()


def movable_placement_for_user(user: User, pk: int) -> Placement:
    """The placement if the user records its moves and endings; 404 otherwise."""
    placement = (
        placements_movable_by(user)
        .select_related("participant", "company", "supervising_organization", "prefecture", "esd_field")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def may_open_legacy_placement(user: User) -> bool:
    return is_ministry(user, write=True)


_SEES_LIST = (
    OrganizationKind.MINISTRY,
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.EMBASSY,
)


def may_see_moves_list(user: User) -> bool:
    """The list of people in Japan and missing: the ministry, the Japanese side
    that records their moves, and the embassy that protects them."""
    return any(organizations_of(user, kind=kind) for kind in _SEES_LIST)
