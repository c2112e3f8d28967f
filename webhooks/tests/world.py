"""Endpoints and the administrators who register them, through the real actions."""

from __future__ import annotations

from collections.abc import Sequence

from accounts.models import Membership, Organization, Role, User
from tests.cast import PASSWORD, Cast
from webhooks import actions
from webhooks.models import SUBSCRIBABLE, Endpoint, EventKind
from webhooks.tests.receiver import Receiver


def admin_of(organization: Organization, username: str = "") -> User:
    user = User.objects.create_user(username=username or f"{organization.code}-admin", password=PASSWORD)
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    return user


def endpoint_for(
    organization: Organization,
    receiver: Receiver | None = None,
    *,
    kinds: Sequence[EventKind] = tuple(SUBSCRIBABLE),
    url: str = "",
) -> Endpoint:
    """An endpoint of ``organization`` (its administrator made it) sending to
    ``receiver``, which is given the secret."""
    admin = Membership.objects.filter(organization=organization, role=Role.ADMIN).first()
    by = admin.user if admin is not None else admin_of(organization)
    address = url or (receiver.url if receiver is not None else "https://partner.example/hooks")
    endpoint, secret = actions.create_endpoint(organization=organization, url=address, event_kinds=kinds, by=by)
    if receiver is not None:
        receiver.secret = secret
    return endpoint


def lpk_endpoint(cast: Cast) -> Endpoint:
    """LPK Sakura's endpoint, registered by the ministry's administrator, made
    once per test: for the access matrix."""
    existing = Endpoint.objects.filter(organization=cast.lpk).first()
    if existing is not None:
        return existing
    endpoint, _secret = actions.create_endpoint(
        organization=cast.lpk,
        url="https://sakura.example/jembatan/events",
        event_kinds=[EventKind.PARTICIPANT_STATUS],
        by=cast.ministry_admin,
    )
    return endpoint
