"""Webhooks: who manages an organization's endpoints, and which events an
organization's endpoints may receive.

| who                              | endpoints                                    |
|----------------------------------|----------------------------------------------|
| ministry administrator           | all organizations'; adds the ministry's own  |
| an organization's administrator  | their organization's                         |
| everyone else                    | none (404)                                   |

An event goes to an endpoint only if its organization sees the record on its
own pages: the same scope functions decide, read as a viewer of that
organization (``organization_reader``). So a grievance reaches the Japanese
side only when it was referred to them, exactly as the case page opens to
them, and an LPK/SO gets only its own participants' changes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from accounts.access import per_user
from accounts.access.job_orders import job_orders_visible_to
from accounts.access.memberships import is_ministry_admin, memberships_of
from accounts.access.participants import participants_visible_to
from accounts.access.placements import placements_visible_to
from accounts.access.protection import cases_visible_to
from accounts.access.selection import offers_visible_to
from accounts.models import Membership, Organization, OrganizationQuerySet, Role, User
from webhooks.models import Delivery, Endpoint, EndpointQuerySet

# The record kinds an event can be about, each read through the pages' own scope.
_SCOPES: dict[str, Callable[[User], QuerySet[object]]] = {  # type: ignore[type-var]
    "participant": participants_visible_to,
    "placement": placements_visible_to,
    "grievance": cases_visible_to,
    "job_order": job_orders_visible_to,
    "offer": offers_visible_to,
}


def _administered(user: User) -> list[Organization]:
    return [m.organization for m in memberships_of(user) if m.role == Role.ADMIN]


def may_manage_webhooks(user: User) -> bool:
    return bool(_administered(user))


def webhook_organizations_for(user: User) -> OrganizationQuerySet:
    """The organizations the user may add an endpoint for: those they administer."""
    return Organization.objects.filter(pk__in=[org.pk for org in _administered(user)], is_active=True)


def endpoints_visible_to(user: User) -> EndpointQuerySet:
    endpoints: EndpointQuerySet = Endpoint.objects.select_related("organization")
    if is_ministry_admin(user):
        return endpoints
    return endpoints.filter(organization__in=[org.pk for org in _administered(user)])


def endpoint_for_user(user: User, pk: int) -> Endpoint:
    """The endpoint if the user manages it; 404 otherwise."""
    endpoint = endpoints_visible_to(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


def delivery_for_user(user: User, pk: int) -> Delivery:
    delivery = (
        Delivery.objects.select_related("endpoint")
        .filter(pk=pk, endpoint__in=endpoints_visible_to(user).values("pk"))
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def organization_reader(organization: Organization) -> User:
    """Someone who reads as a viewer of ``organization`` and nothing else: an
    unsaved user (so with no participant record of its own) whose memberships
    are set where the scope functions look for them, so they answer for the
    organization without a query of their own."""
    reader = User(username=f"webhooks-{organization.code}", is_active=True)
    membership = Membership(user=reader, organization=organization, role=Role.VIEWER)
    per_user.remember(reader, per_user.MEMBERSHIPS, [membership] if organization.is_active else [])
    return reader


def organization_sees(organization: Organization, *, subject_type: str, subject_id: int) -> bool:
    """Whether the organization's pages show this record. Unknown kinds: no."""
    scope = _SCOPES.get(subject_type)
    if scope is None:
        return False
    return scope(organization_reader(organization)).filter(pk=subject_id).exists()
