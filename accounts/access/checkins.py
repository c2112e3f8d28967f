"""Monthly check-ins and incidents: who answers a check-in, who reads the
response rates, who records an incident.

| organization kind        | check-ins                        | incidents                   |
|--------------------------|----------------------------------|-----------------------------|
| ministry                 | all rates                        | officers record any         |
| embassy                  | all rates (protection)           | none (told by e-mail)       |
| LPK/SO                   | its own workers' rates           | reads (told by e-mail)      |
| association              | its members' workers' rates      | none                        |
| supervising org, company | none: a company's rate of        | those it supervises or      |
|                          | answers that signal a problem    | employs (officers), as for  |
|                          | would tell it of cases before    | the placement's endings     |
|                          | any referral                     |                             |
| support org, prefecture, | none                             | none                        |
| BLK                      |                                  |                             |
| participant              | answers their own, once          | none                        |

Incidents are recorded by whoever records the placement's endings
(``placements_movable_by``): a death, a disappearance and an early return
are those endings.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, association_members_of, is_ministry, organizations_of
from accounts.access.moves import may_move, movable_placement_for_user
from accounts.access.participants import own_participant_record
from accounts.access.placements import placement_for_user
from accounts.models import OrganizationKind, User
from placements.models import Placement
from protection.models import CheckIn, CheckInQuerySet


def _rates_scope(user: User) -> Q | None:
    """The check-ins whose rates the user reads; None means all."""
    if is_ministry(user) or organizations_of(user, kind=OrganizationKind.EMBASSY):
        return None
    sending = organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION) + association_members_of(user)
    return Q(participant__sending_organization__in=sending) if sending else NOTHING


def checkins_counted_for(user: User) -> CheckInQuerySet:
    scope = _rates_scope(user)
    checkins: CheckInQuerySet = CheckIn.objects.all()
    return checkins if scope is None else checkins.filter(scope)


def may_see_checkin_rates(user: User) -> bool:
    kinds = (
        OrganizationKind.MINISTRY,
        OrganizationKind.EMBASSY,
        OrganizationKind.SENDING_ORGANIZATION,
        OrganizationKind.ASSOCIATION,
    )
    return any(organizations_of(user, kind=kind) for kind in kinds)


def waiting_checkin_of(user: User, *, today: datetime.date) -> CheckIn | None:
    """The participant's check-in waiting for an answer today, if any."""
    own = own_participant_record(user)
    if own is None:
        return None
    return CheckIn.objects.filter(participant=own).waiting_on(today).order_by("-round__month").first()


def own_checkin_for_user(user: User, pk: int) -> CheckIn:
    """A check-in of the participant's own; 404 for anyone else's."""
    own = own_participant_record(user)
    found = None if own is None else CheckIn.objects.select_related("round").filter(pk=pk, participant=own).first()
    if found is None:
        raise Http404
    return found


def may_record_incidents(user: User, placement: Placement) -> bool:
    return may_move(user, placement)


def incident_placement_for_user(user: User, pk: int, *, write: bool = False) -> Placement:
    """The placement if the user reads its incidents (as they read its moves),
    or with ``write`` records them; 404 otherwise."""
    return movable_placement_for_user(user, pk) if write else placement_for_user(user, pk)
