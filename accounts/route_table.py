"""Every route of the URL configuration and every operation of the API schema, with the access each
declares (``accounts.access.routes``): what the authorization matrix test walks and what
``manage.py authorization_matrix`` writes for a security review."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from accounts.access import routes
from accounts.access.routes import Access

# Django's administration is declared as a whole (routes.INCLUDED); the API's operations come from its schema.
ADMIN_PREFIX = "admin/"
API_PREFIX = "api/v1/"
# The API's own routes that are no operation of its schema: the schema itself and the catch-all 404.
API_PAGES = {"api:schema", "api:not_found"}
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
    """The routes a browser visits: all but the API's operations, which the schema lists."""
    return [route for route in all_routes() if not route.route.startswith(API_PREFIX) or route.name in API_PAGES]


def api_operations() -> list[tuple[str, str]]:
    """(path, method) of every operation of the API's OpenAPI schema, e.g. ("/api/v1/participants/{id}/", "get")."""
    # The generator behind /api/v1/openapi.json (drf-spectacular types neither its constructor nor this method).
    generator = SchemaGenerator()  # type: ignore[no-untyped-call]
    paths = generator.get_schema(request=None, public=True)["paths"].items()  # type: ignore[no-untyped-call]
    return [(path, method) for path, operations in paths for method in operations if method in METHODS]


def api_route(path: str) -> Route:
    """The route behind a schema path (its placeholders filled with a value that resolves)."""
    example = re.sub(r"\{[^}]+\}", "1", path)
    return Route(route=path, name=path, callback=resolve(example).func)
