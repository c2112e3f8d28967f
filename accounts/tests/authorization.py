"""What each persona of the cast is in the words of the route declarations (``accounts.access.routes``)."""

from __future__ import annotations

from accounts.access import routes
from accounts.models import User
from participants.models import Participant


def audience_of(user: User | None) -> frozenset[str]:
    """The audience tokens a user carries: one per membership, or participant, or member of nothing."""
    if user is None:
        return frozenset({routes.AS_ANONYMOUS})
    found = {routes.token(m.organization.kind, m.role) for m in user.memberships.select_related("organization")}
    if Participant.objects.filter(user=user).exists():
        found.add(routes.AS_PARTICIPANT)
    return frozenset(found or {routes.AS_NO_ORGANIZATION})
