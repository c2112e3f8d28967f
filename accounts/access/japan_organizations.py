"""Organizations in Japan: whose profiles a user sees and edits, and who
records a company's trainees or adds member companies."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from accounts.access.memberships import NOTHING, is_ministry, is_ministry_admin, organizations_of, prefectures_of
from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, User
from joborders.models import JAPANESE_KINDS


def _japan_organization_filter(user: User, *, write: bool) -> Q | None:
    """The organizations in Japan whose profiles a user sees (or edits); None means all."""
    if is_ministry_admin(user) or (not write and is_ministry(user)):
        return None
    scope = NOTHING
    for supervising in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=write):
        scope |= Q(pk=supervising.pk) | Q(parent=supervising, kind=OrganizationKind.COMPANY)
    for company in organizations_of(user, kind=OrganizationKind.COMPANY, write=write):
        scope |= Q(pk=company.pk)
        if not write and company.parent_id is not None:
            scope |= Q(pk=company.parent_id)
    for support in organizations_of(user, kind=OrganizationKind.SUPPORT_ORGANIZATION, write=write):
        scope |= Q(pk=support.pk)
    # A prefectural government reads the profiles of the organizations in its
    # prefecture: companies and bodies, no worker's identity.
    if not write and (prefectures := prefectures_of(user)):
        scope |= Q(prefecture_id__in=prefectures)
    return scope


def _japan_organizations() -> OrganizationQuerySet:
    return Organization.objects.filter(kind__in=JAPANESE_KINDS)


def japan_organizations_visible_to(user: User) -> OrganizationQuerySet:
    scope = _japan_organization_filter(user, write=False)
    return _japan_organizations() if scope is None else _japan_organizations().filter(scope)


def japan_organizations_writable_by(user: User) -> OrganizationQuerySet:
    scope = _japan_organization_filter(user, write=True)
    return _japan_organizations() if scope is None else _japan_organizations().filter(scope)


def japan_organization_for_user(user: User, pk: int, *, write: bool = False) -> Organization:
    """An organization in Japan whose profile the user may see (or edit); 404 otherwise."""
    queryset = japan_organizations_writable_by(user) if write else japan_organizations_visible_to(user)
    organization = queryset.select_related("parent", "prefecture").filter(pk=pk).first()
    if organization is None:
        raise Http404
    return organization


def may_see_japan_organizations(user: User) -> bool:
    return _japan_organization_filter(user, write=False) != NOTHING


def may_edit_japan_organization(user: User, organization: Organization) -> bool:
    return japan_organizations_writable_by(user).filter(pk=organization.pk).exists()


def may_record_trainees(user: User, company: Organization) -> bool:
    """A company's current trainees are recorded by its supervising
    organization (and the ministry's administrators), not by the company."""
    if company.kind != OrganizationKind.COMPANY:
        return False
    if is_ministry_admin(user):
        return True
    return company.parent_id is not None and any(
        org.pk == company.parent_id
        for org in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
    )


def may_add_member_company(user: User, supervising: Organization) -> bool:
    """A supervising organization takes on member companies; the ministry's administrators may add them too."""
    if supervising.kind != OrganizationKind.SUPERVISING_ORGANIZATION:
        return False
    return is_ministry_admin(user) or any(
        org.pk == supervising.pk
        for org in organizations_of(user, kind=OrganizationKind.SUPERVISING_ORGANIZATION, write=True)
    )
