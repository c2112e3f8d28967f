"""The register of personal data breaches: the ministry's alone to read and
steer (it answers to the authority under UU PDP Pasal 46). Anyone who writes
for an organization may report a suspected breach; after that they see
nothing of it, so the register never tells one organization of another's."""

from __future__ import annotations

from django.http import Http404

from accounts.access.memberships import is_ministry, organizations_of
from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, User
from breaches.models import Breach, BreachQuerySet

# The organizations whose participants a breach can be about: those that hold participants' records.
_HOLDERS = (OrganizationKind.TRAINING_CENTRE, OrganizationKind.SENDING_ORGANIZATION)


def may_see_breaches(user: User) -> bool:
    return is_ministry(user)


def may_steer_breaches(user: User) -> bool:
    return is_ministry(user, write=True)


def may_report_breach(user: User) -> bool:
    return bool(organizations_of(user, write=True))


def breaches_visible_to(user: User) -> BreachQuerySet:
    return Breach.objects.all() if may_see_breaches(user) else Breach.objects.none()


def breach_for_user(user: User, pk: int, *, write: bool = False) -> Breach:
    allowed = may_steer_breaches(user) if write else may_see_breaches(user)
    breach = breaches_visible_to(user).prefetch_related("notifications", "organizations").filter(pk=pk).first()
    if breach is None or not allowed:
        raise Http404
    return breach


def breach_reporters_for(user: User) -> list[Organization]:
    """The organizations the user may report a breach for."""
    return organizations_of(user, write=True)


def breach_holders_for(user: User) -> OrganizationQuerySet:
    """Whose participants a report may name: for the ministry any training
    centre or LPK/SO; for anyone else the ones they write for."""
    holders = Organization.objects.filter(kind__in=_HOLDERS, is_active=True).order_by("kind", "name")
    if may_steer_breaches(user):
        return holders
    return holders.filter(pk__in=[org.pk for org in organizations_of(user, write=True)])
