"""Integers beyond 64 bits on SQLite, which cannot bind them.

A query string or a form may carry any number (``?job_order=21943926923874365440``,
a choice of ``9999999999999999999999``). PostgreSQL compares such a number with
its bigint columns and finds nothing; Python's sqlite3 raises OverflowError
while binding it, and the page answers 500. Django guards only its exact and
comparison lookups against this, not ``__in`` (which every multiple choice
uses). Bound as text instead, SQLite's column affinity compares the number as
a number, and it matches nothing, as on PostgreSQL.
"""

from __future__ import annotations

import sqlite3

_SMALLEST = -(2**63)
_LARGEST = 2**63 - 1


def _bound(value: int) -> int | str:
    return value if _SMALLEST <= value <= _LARGEST else str(value)


def bind_large_integers_as_text() -> None:
    """Registers the adapter for every SQLite connection of the process. An
    adapter for a built-in type makes sqlite3 consult adapters for every int
    it binds: a function call each, which a page's few parameters do not feel."""
    sqlite3.register_adapter(int, _bound)
