"""Coming home: who records a return, who downloads the certificate of
completion, who reads and enters the follow-ups.

| organization kind        | record the return | certificate | follow-ups                  |
|--------------------------|-------------------|-------------|-----------------------------|
| ministry                 | officers          | all         | read all                    |
| BLK, LPK/SO              | no                | their       | their participants'; their  |
|                          |                   | participants'| officers enter them        |
| supervising org, company | officers, for the | no          | no                          |
|                          | placements they   |             |                             |
|                          | hold              |             |                             |
| participant              | no                | their own   | their own; they enter them  |
|                          |                   |             | on their phone              |
| embassy, support org,    | no                | no          | no                          |
| prefecture, association  |                   |             |                             |

The return ends the work in Japan, which the employer's side knows first
hand (the flight, the last working day); the follow-ups are the Indonesian
side's duty and the returnee's own word.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, organizations_of
from accounts.access.participants import own_participant_record
from accounts.access.placements import _japan_side_scope
from accounts.models import OrganizationKind, User
from placements.models import (
    FollowUp,
    FollowUpQuerySet,
    HomeReturn,
    HomeReturnQuerySet,
    Placement,
    PlacementQuerySet,
)

_INDONESIAN_SIDE = (OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)
_JAPAN_SIDE = (OrganizationKind.SUPERVISING_ORGANIZATION, OrganizationKind.COMPANY)


def may_record_returns(user: User) -> bool:
    """Whether the user records returns at all (the "coming home" list)."""
    return is_ministry(user, write=True) or any(organizations_of(user, kind=kind, write=True) for kind in _JAPAN_SIDE)


def returns_recordable_by(user: User) -> PlacementQuerySet:
    """The placements whose return home the user may record: the ministry's
    officers any, the supervising organization and employer their own."""
    if is_ministry(user, write=True):
        return Placement.objects.all()
    # The Japanese side's writers only: a BLK or LPK/SO that may change its
    # participants' placements does not record their flight home.
    return Placement.objects.filter(_japan_side_scope(user, write=True))


def return_placement_for(user: User, pk: int) -> Placement:
    """The placement if the user may record its return; 404 otherwise."""
    placement = returns_recordable_by(user).select_related("participant", "company", "prefecture").filter(pk=pk).first()
    if placement is None:
        raise Http404
    return placement


def _participant_scope(user: User, *, write: bool, prefix: str) -> Q | None:
    """The returnees a user reaches by their BLK or LPK/SO or as themselves;
    None means all (the ministry, reading). ``prefix`` leads from the model
    queried to the participant."""
    if not write and is_ministry(user):
        return None
    scope = NOTHING
    for organization in organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE, write=write):
        scope |= Q(**{f"{prefix}training_centre": organization})
    for organization in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION, write=write):
        scope |= Q(**{f"{prefix}sending_organization": organization})
    own = own_participant_record(user)
    if own is not None:
        scope |= Q(**{f"{prefix}pk": own.pk})
    return scope


def may_see_returnees(user: User) -> bool:
    """The list of returnees and their follow-ups: the ministry, BLKs and LPK/SOs."""
    return is_ministry(user) or any(organizations_of(user, kind=kind) for kind in _INDONESIAN_SIDE)


def returns_visible_to(user: User) -> HomeReturnQuerySet:
    """The returns home whose follow-ups the user reads."""
    scope = _participant_scope(user, write=False, prefix="placement__participant__")
    return HomeReturn.objects.all() if scope is None else HomeReturn.objects.filter(scope)


def home_return_for(user: User, placement_pk: int) -> HomeReturn:
    """The return home of a placement, if the user reads its follow-ups; 404 otherwise."""
    home = (
        returns_visible_to(user)
        .select_related("placement__participant", "placement__company")
        .filter(placement_id=placement_pk)
        .first()
    )
    if home is None:
        raise Http404
    return home


def follow_ups_writable_by(user: User) -> FollowUpQuerySet:
    """The follow-ups the user may enter: their BLK's or LPK/SO's officers, and the returnee."""
    scope = _participant_scope(user, write=True, prefix="placement__participant__")
    return FollowUp.objects.all() if scope is None else FollowUp.objects.filter(scope)


def follow_up_for_user(user: User, pk: int) -> FollowUp:
    """The follow-up if the user may enter it; 404 otherwise."""
    follow_up = (
        follow_ups_writable_by(user)
        .select_related("home_return", "placement__participant", "placement__company")
        .filter(pk=pk)
        .first()
    )
    if follow_up is None:
        raise Http404
    return follow_up


def may_enter_follow_ups(user: User, home: HomeReturn) -> bool:
    return follow_ups_writable_by(user).filter(home_return=home).exists()


def certificate_placements_for(user: User) -> PlacementQuerySet:
    """The completed placements whose certificate the user may download: the
    ministry, the returnee's BLK and LPK/SO (viewers too) and the returnee."""
    scope = _participant_scope(user, write=False, prefix="participant__")
    placements = Placement.objects.all() if scope is None else Placement.objects.filter(scope)
    return placements.completed()


def certificate_placement_for(user: User, pk: int) -> Placement:
    """The placement whose certificate of completion the user may download;
    404 otherwise, and for a placement that did not complete."""
    placement = (
        certificate_placements_for(user)
        .select_related(
            "participant",
            "company",
            "supervising_organization",
            "support_organization",
            "prefecture",
            "job_category",
            "operation",
            "ssw_field",
        )
        .filter(pk=pk)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def may_download_certificate(user: User, placement: Placement) -> bool:
    # The statuses first, as the query would say them: most placements have not completed.
    return placement.is_completed and certificate_placements_for(user).filter(pk=placement.pk).exists()


def own_return_placement(user: User) -> int | None:
    """The placement of a returnee's latest return home (their follow-ups page), if any."""
    own = own_participant_record(user)
    if own is None:
        return None
    return (
        HomeReturn.objects.filter(placement__participant=own)
        .order_by("-returned_on", "-pk")
        .values_list("placement_id", flat=True)
        .first()
    )
