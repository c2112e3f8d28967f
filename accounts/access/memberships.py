"""Who a user is: their memberships, the organizations they act for, and
the ministry roles that open the administration pages."""

from __future__ import annotations

from django.db.models import Q

from accounts.access import per_user
from accounts.models import Membership, Organization, OrganizationKind, Role, User

# A filter that matches no row: the scope of someone whom an area gives nothing.
NOTHING = Q(pk__in=[])


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships in active organizations, loaded once per user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    return per_user.remembered(
        user,
        per_user.MEMBERSHIPS,
        lambda: list(user.memberships.select_related("organization").filter(organization__is_active=True)),
    )


def organizations_of(user: User, *, kind: OrganizationKind | None = None, write: bool = False) -> list[Organization]:
    return [
        membership.organization
        for membership in memberships_of(user)
        if (kind is None or membership.organization.kind == kind) and (membership.may_write or not write)
    ]


def is_ministry(user: User, *, write: bool = False) -> bool:
    return bool(organizations_of(user, kind=OrganizationKind.MINISTRY, write=write))


def is_ministry_admin(user: User) -> bool:
    return any(m.organization.kind == OrganizationKind.MINISTRY and m.role == Role.ADMIN for m in memberships_of(user))


def may_view_audit(user: User) -> bool:
    return is_ministry_admin(user)


def may_edit_reference_data(user: User) -> bool:
    return is_ministry_admin(user)


def association_members_of(user: User) -> list[Organization]:
    """The member LPK/SOs of the associations the user works for."""
    return [
        member
        for association in organizations_of(user, kind=OrganizationKind.ASSOCIATION)
        for member in association.members.all()
    ]


def prefectures_of(user: User) -> list[int]:
    """The prefectures (ids) of the prefectural governments the user works for."""
    return [
        org.prefecture_id
        for org in organizations_of(user, kind=OrganizationKind.PREFECTURE)
        if org.prefecture_id is not None
    ]
