"""How the engine's statements run on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """A transaction in which PostgreSQL does not compile queries to machine
    code. The obligations' correlated subqueries give plans a high estimated
    cost, which switches JIT on; compiling then took 0.8 s of a 1.3 s query
    that reads a few hundred thousand rows once. Elsewhere just a transaction."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield
