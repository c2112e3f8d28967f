"""Small helpers for building links."""

from __future__ import annotations

from django.http import QueryDict


def query_with(query: QueryDict, **changes: str | None) -> str:
    """The query string with some parameters replaced (None removes them)."""
    updated = query.copy()
    for name, value in changes.items():
        updated.pop(name, None)
        if value is not None:
            updated[name] = value
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"
