"""What the authorization matrix is made of: every route of the URL configuration and every operation of the
API schema, the declaration each carries (``accounts.access.routes``), the records of a world that fill their
paths, and what each persona of the cast is in the words of the declarations.

Shared by the matrix test and ``manage.py authorization_matrix``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.access import routes
from accounts.access.routes import Access
from accounts.models import User
from participants.models import Participant

# Django's administration is declared as a whole (routes.INCLUDED) and the API's operations come from its
# schema; both are walked apart from the pages.
ADMIN_PREFIX = "admin/"
API_PREFIX = "api/v1/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    route: str  # as the URL configuration spells it, e.g. "participants/<int:pk>/"
    name: str  # as ``reverse`` takes it, with its namespace
    callback: Callable[..., object]

    @property
    def access(self) -> Access | None:
        return routes.access_of(self.callback)

    @property
    def takes_arguments(self) -> bool:
        return "<" in self.route or "(?P<" in self.route

    @property
    def view(self) -> str:
        target = getattr(self.callback, "view_class", None) or self.callback
        return f"{target.__module__}.{target.__qualname__}"


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(route=route, name=namespace + (entry.name or ""), callback=entry.callback)


def all_routes() -> list[Route]:
    """Every route of the URL configuration but the administration's, in its order; a route that a route
    before it shadows (Django's own login page behind ours) is never reached and is left out."""
    seen: set[str] = set()
    found = []
    for route in _walk(get_resolver()):
        if route.route.startswith(ADMIN_PREFIX) or route.route in seen:
            continue
        seen.add(route.route)
        found.append(route)
    return found


def page_routes() -> list[Route]:
    """The routes a browser visits: all but the API's operations, which the schema lists (the schema itself and
    the API's catch-all stay here)."""
    return [route for route in all_routes() if not route.route.startswith(API_PREFIX) or route.name in API_PAGES]


API_PAGES = {"api:schema", "api:not_found"}


def audience_of(user: User | None) -> frozenset[str]:
    """The audience tokens a user carries: one per membership, or participant, or member of nothing."""
    if user is None:
        return frozenset({routes.AS_ANONYMOUS})
    found = {routes.token(m.organization.kind, m.role) for m in user.memberships.select_related("organization")}
    if Participant.objects.filter(user=user).exists():
        found.add(routes.AS_PARTICIPANT)
    return frozenset(found or {routes.AS_NO_ORGANIZATION})


def schema_path_to_route(path: str) -> str:
    """``/api/v1/participants/{id}/`` as the URL configuration spells it: the placeholder's name dropped."""
    return re.sub(r"\{[^}]+\}", "{}", path)
