"""The protection dashboards: whose cases and check-ins an organization may
count. Counts only, no worker named; still scoped, because a count is a
disclosure too.

| organization kind          | counted                                              |
|----------------------------|------------------------------------------------------|
| ministry, embassy          | every case and check-in                              |
| LPK/SO                     | its own workers' cases and check-ins, and the cases  |
|                            | routed to it                                         |
| association                | the same, over all its member LPK/SOs together       |
| supervising org, company,  | nothing: a count of the cases that name it would     |
| support org, prefecture    | tell it of a case before any referral                |
| BLK, participant           | nothing                                              |

Check-ins are counted through ``accounts.access.checkins.checkins_counted_for``,
the scope of the response-rates page. The scope is built from the reader's own organizations as sending side or
overseer, never from the company or supervising organization a case names.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.access.memberships import association_members_of, is_ministry, organizations_of
from accounts.models import OrganizationKind, User
from protection.models import Case, CaseQuerySet


def _sees_everything(user: User) -> bool:
    return is_ministry(user) or bool(organizations_of(user, kind=OrganizationKind.EMBASSY))


def _sending_side(user: User) -> list[int]:
    """The LPK/SOs whose workers the user counts: their own and, for an
    association, its members."""
    own = [org.pk for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)]
    return own + [org.pk for org in association_members_of(user)]


def may_see_protection_dashboards(user: User) -> bool:
    if _sees_everything(user):
        return True
    return bool(organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)) or bool(
        organizations_of(user, kind=OrganizationKind.ASSOCIATION)
    )


def cases_counted_for(user: User) -> CaseQuerySet:
    """The cases the user's dashboards count; none for the Japanese side."""
    cases: CaseQuerySet = Case.objects.all()
    if _sees_everything(user):
        return cases
    sending = _sending_side(user)
    if not sending:
        return cases.none()
    return cases.filter(Q(participant__sending_organization__in=sending) | Q(assigned_organization__in=sending))
