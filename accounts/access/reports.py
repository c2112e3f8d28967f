"""The reports: whose figures an organization may read. Counts only, no
worker named; still scoped, because a count about someone else's workers is
a disclosure too.

| organization kind         | scopes it reads (the first is its default)          |
|---------------------------|-----------------------------------------------------|
| ministry, embassy         | the whole programme, and any prefecture,            |
|                           | association, LPK/SO or BLK as a filter              |
| prefectural government    | its prefecture; grievances and fees never           |
| association (AP2LN)       | its members together, and each member               |
| LPK/SO                    | its own participants                                |
| training centre (BLK)     | its own participants                                |
| supervising org, company, | nothing (their figures are in the ministry's        |
| support org, participant  | partner scorecards)                                 |

The partner scorecards are the ministry's alone: they rate partners to choose them.
"""

from __future__ import annotations

from accounts.access.memberships import is_ministry, organizations_of, prefectures_of
from accounts.models import Organization, OrganizationKind, User
from reports.catalogue import TableSpec
from reports.slices import ALL, Scope, ScopeKind


def _sees_everything(user: User) -> bool:
    return is_ministry(user) or bool(organizations_of(user, kind=OrganizationKind.EMBASSY))


def own_report_scopes(user: User) -> list[Scope]:
    """The scopes offered to the user by name, their default first. The
    ministry and the embassy read any scope besides (``may_read_scope``)."""
    if _sees_everything(user):
        return [ALL]
    scopes = [Scope(ScopeKind.PREFECTURE, pk) for pk in prefectures_of(user)]
    for association in organizations_of(user, kind=OrganizationKind.ASSOCIATION):
        scopes.append(Scope(ScopeKind.ASSOCIATION, association.pk))
        scopes.extend(Scope(ScopeKind.SENDING_ORGANIZATION, member.pk) for member in _members(association))
    scopes += [
        Scope(ScopeKind.SENDING_ORGANIZATION, org.pk)
        for org in organizations_of(user, kind=OrganizationKind.SENDING_ORGANIZATION)
    ]
    scopes += [
        Scope(ScopeKind.TRAINING_CENTRE, org.pk)
        for org in organizations_of(user, kind=OrganizationKind.TRAINING_CENTRE)
    ]
    return list(dict.fromkeys(scopes))


def _members(association: Organization) -> list[Organization]:
    return list(association.members.filter(kind=OrganizationKind.SENDING_ORGANIZATION, is_active=True))


def may_see_reports(user: User) -> bool:
    return bool(own_report_scopes(user))


def may_read_scope(user: User, scope: Scope) -> bool:
    return _sees_everything(user) or scope in own_report_scopes(user)


def may_see_table(user: User, table: TableSpec) -> bool:
    """Grievances and fee violations are counted for the Indonesian side only:
    even a prefecture's count would tell the Japanese side of cases before
    any referral (protection's confidentiality)."""
    if not table.about_protection:
        return True
    return _sees_everything(user) or not prefectures_of(user)


def may_see_scorecards(user: User) -> bool:
    return is_ministry(user)


def may_see_monthly_reports(user: User) -> bool:
    """The monthly PDF reports are made for the ministry."""
    return is_ministry(user)
