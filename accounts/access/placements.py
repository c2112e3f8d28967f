"""Placements: whose placement (and the gate, cohort and offer hanging off it)
a user sees or changes.

| organization kind        | placements                                         |
|--------------------------|----------------------------------------------------|
| ministry                 | all; officers change them                          |
| BLK, LPK/SO              | those of the participants it sees; LPK/SO officers |
|                          | work the pre-departure gate                        |
| supervising org, company | those it supervises or employs (its member         |
|                          | companies' for a supervising organization)         |
| support organization     | those it supports, read only                       |
| embassy                  | all, read only (protection)                        |
| prefecture, association  | none individually; aggregates on their homes       |
| participant              | their own, read only                               |
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.http import Http404

from accounts.access.job_orders import job_order_filter
from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.models import OrganizationKind, User
from joborders.models import JobOrder
from participants.models import Participant
from placements.models import DepartureCohort, DepartureCohortQuerySet, Placement, PlacementQuerySet
from reference.models import GateItem

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
    scope |= _japan_side_scope(user, write=write)
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(participant=own)
    return scope


def _japan_side_scope(user: User, *, write: bool) -> Q:
    """The placements the Japanese side holds, read from the placement itself
    (not its job order): after a transfer or a change of programme the new
    employer has no job order of its own."""
    scope = NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=write):
        scope |= Q(company__parent=supervising) | Q(supervising_organization=supervising)
    companies = organizations_of(user, kind=OrganizationKind.COMPANY, write=write)
    if companies:
        scope |= Q(company__in=companies)
    # A registered support organization reads the workers it supports (SSW):
    # its interviews and quarterly reports rest on them.
    supporting = organizations_of(user, kind=OrganizationKind.SUPPORT_ORGANIZATION) if not write else []
    if supporting:
        scope |= Q(support_organization__in=supporting)
    return scope


def placements_visible_to(user: User) -> PlacementQuerySet:
    scope = _placement_filter(user, write=False)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def placements_writable_by(user: User) -> PlacementQuerySet:
    scope = _placement_filter(user, write=True)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def current_placement_of(user: User, participant: Participant) -> Placement | None:
    """The participant's open placement, or else their latest, if the user may see it."""
    # The key first: most people have no placement yet, and planning the query
    # that joins the placement's eight companions took 6 ms of every record page.
    key = placements_visible_to(user).filter(participant=participant).latest_first().values_list("pk", flat=True)
    found = key.first()
    if found is None:
        return None
    placement = Placement.objects.select_related(
        "job_order",
        "company__company_profile",
        "supervising_organization__supervising_profile",
        "support_organization__support_profile",
        "prefecture",
    ).get(pk=found)
    placement.participant = participant  # read already: the page asks the placement for it
    return placement


def placement_for_user(user: User, pk: int, *, write: bool = False) -> Placement:
    """The placement if the user may see it (or change it); 404 otherwise."""
    queryset = placements_writable_by(user) if write else placements_visible_to(user)
    placement = (
        queryset.select_related(
            "participant",
            "job_order__company",
            "company",
            "supervising_organization",
            "prefecture",
        )
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


# --- the pre-departure gate and departure cohorts -----------------------------
#
# | organization kind        | gate of a placement                        | cohorts        |
# |--------------------------|--------------------------------------------|----------------|
# | ministry                 | all; officers record every item            | all; officers  |
# |                          |                                            | plan and mark  |
# |                          |                                            | them departed  |
# | LPK/SO                   | its participants'; officers record every   | none           |
# |                          | item                                       |                |
# | supervising org, company | its job orders'; officers record the items | none           |
# |                          | done in Japan (JAPAN_SIDE_GATE_ITEMS)      |                |
# | participant              | their own, read only                       | none           |
# | BLK, embassy, others     | none                                       | none           |
#
# The medical item is read from the participant's health checks and recorded
# there (may_record_health), never on the gate.

# What the Japanese side does itself: the supervising organization applies for
# the plan certification (OTIT, or the ESD plan) and the COE; an SSW worker's
# employer signs the contract and makes the support plan.
JAPAN_SIDE_GATE_ITEMS = frozenset(
    {
        GateItem.PLAN_CERTIFICATION,
        GateItem.ESD_PLAN_CERTIFICATION,
        GateItem.COE,
        GateItem.EMPLOYMENT_CONTRACT,
        GateItem.SUPPORT_PLAN,
    }
)
_READ_FROM_ELSEWHERE = frozenset({GateItem.MEDICAL})


def _gate_filter(user: User, *, write: bool, japan_side: bool = True) -> Q | None:
    """The placements whose gate a user sees (or records items of); None means all."""
    if is_ministry(user, write=write):
        return None
    scope = NOTHING
    for organization in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=write):
        scope |= Q(participant__sending_organization=organization)
    if japan_side and any(organizations_of(user, kind=kind, write=write) for kind in _JAPAN_SIDE):
        orders = job_order_filter(user, write=write)
        if orders is None:
            return None
        scope |= Q(job_order__in=JobOrder.objects.filter(orders).values("pk"))
    own = own_participant_record(user) if not write else None
    if own is not None:
        scope |= Q(participant=own)
    return scope


def gates_visible_to(user: User) -> PlacementQuerySet:
    """Placements whose pre-departure gate the user sees."""
    scope = _gate_filter(user, write=False)
    return Placement.objects.all() if scope is None else Placement.objects.filter(scope)


def gate_for_user(user: User, pk: int) -> Placement:
    """The placement if the user may see its gate; 404 otherwise."""
    placement = gates_visible_to(user).filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


def may_see_departures(user: User) -> bool:
    """The list of departures: the ministry, LPK/SOs and the Japanese side."""
    kinds = (OrganizationKind.MINISTRY, OrganizationKind.SENDING_ORGANIZATION, *_JAPAN_SIDE)
    return any(organizations_of(user, kind=kind) for kind in kinds)


def gate_items_recordable_by(user: User, placement: Placement) -> frozenset[GateItem]:
    """The gate items the user may record for ``placement``."""
    return gate_items_recordable_for(user, [placement.pk])[placement.pk]


def gate_items_recordable_for(user: User, placement_ids: Sequence[int]) -> dict[int, frozenset[GateItem]]:
    """For each placement, the gate items the user may record (two queries for a whole list)."""
    everything = frozenset(GateItem) - _READ_FROM_ELSEWHERE
    every_item = _ids_in(_gate_filter(user, write=True, japan_side=False), placement_ids)
    japan_items = _ids_in(_gate_filter(user, write=True), placement_ids) - every_item
    return {
        pk: everything if pk in every_item else everything & JAPAN_SIDE_GATE_ITEMS if pk in japan_items else frozenset()
        for pk in placement_ids
    }


def may_record_gate_item(user: User, placement: Placement, item: GateItem) -> bool:
    return item in gate_items_recordable_by(user, placement)


def _ids_in(scope: Q | None, placement_ids: Sequence[int]) -> set[int]:
    if scope is None:
        return set(placement_ids)
    return set(Placement.objects.filter(scope, pk__in=placement_ids).values_list("pk", flat=True))


def may_see_cohorts(user: User) -> bool:
    return is_ministry(user)


def may_manage_cohorts(user: User) -> bool:
    return is_ministry(user, write=True)


def cohorts_visible_to(user: User) -> DepartureCohortQuerySet:
    return DepartureCohort.objects.all() if may_see_cohorts(user) else DepartureCohort.objects.none()


def cohort_for_user(user: User, pk: int, *, write: bool = False) -> DepartureCohort:
    """The cohort if the user may see it (or manage it); 404 otherwise."""
    if not (may_manage_cohorts(user) if write else may_see_cohorts(user)):
        raise Http404
    cohort = DepartureCohort.objects.filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort
