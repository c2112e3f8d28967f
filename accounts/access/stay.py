"""Work in Japan: who records an arrival, a stage move and upskilling, who
reads the list of placements, and whose prefecture's figures a user reads.

| organization kind        | records arrival, stage  | placement list     | prefecture figures |
|                          | moves and upskilling    |                    |                    |
|--------------------------|-------------------------|--------------------|--------------------|
| ministry                 | officers: all           | all                | every prefecture   |
| supervising org, company | officers: their own     | their own          | none               |
| support organization     | none                    | those it supports  | none               |
| embassy                  | none                    | all (protection)   | none               |
| LPK/SO                   | none                    | its participants'  | none               |
| prefecture               | none                    | none               | its prefecture     |
| BLK, association         | none                    | none               | none               |
| participant              | none                    | none (their own    | none               |
|                          |                         | placement's page)  |                    |

The records are the Japanese side's to keep: the supervising organization
and the employer see the worker every day; an LPK/SO or the embassy reads them.
A prefecture reads counts only, never a person (accounts.access.placements).
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, organizations_of, prefectures_of
from accounts.models import OrganizationKind, User
from placements.models import Placement, PlacementQuerySet
from reference.models import Prefecture

_LIST_READERS = (
    OrganizationKind.MINISTRY,
    OrganizationKind.EMBASSY,
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.SUPPORT_ORGANIZATION,
    OrganizationKind.SENDING_ORGANIZATION,
)


def _stay_scope(user: User) -> Q | None:
    """The placements whose life in Japan the user records; None means all."""
    if is_ministry(user, write=True):
        return None
    scope = NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True):
        scope |= Q(company__parent=supervising) | Q(supervising_organization=supervising)
    companies = organizations_of(user, kind=OrganizationKind.COMPANY, write=True)
    if companies:
        scope |= Q(company__in=companies)
    return scope


def stay_writable_by(user: User) -> PlacementQuerySet:
    """Placements whose arrival, stage moves and upskilling the user records."""
    scope = _stay_scope(user)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def stay_placement_for_user(user: User, pk: int) -> Placement:
    """The placement if the user records its life in Japan; 404 otherwise."""
    placement = (
        stay_writable_by(user)
        .select_related("participant", "company", "supervising_organization", "prefecture", "job_category", "operation")
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def may_record_stay(user: User, placement: Placement) -> bool:
    return stay_writable_by(user).filter(pk=placement.pk).exists()


def may_see_placement_list(user: User) -> bool:
    return any(organizations_of(user, kind=kind) for kind in _LIST_READERS)


def may_see_prefecture_figures(user: User) -> bool:
    return is_ministry(user) or bool(organizations_of(user, kind=OrganizationKind.PREFECTURE))


def figure_prefectures(user: User) -> list[Prefecture]:
    """The prefectures whose figures the user reads: all for the ministry, its own for a prefecture."""
    if is_ministry(user):
        return list(Prefecture.objects.order_by("jis_code"))
    return list(Prefecture.objects.filter(pk__in=prefectures_of(user)).order_by("jis_code"))
