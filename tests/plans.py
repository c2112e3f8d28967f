"""PostgreSQL's plan for a query, for tests that require an index."""

from __future__ import annotations

from django.db import connection


def plan(queryset: object) -> str:
    """The plan PostgreSQL chooses for ``queryset`` where an index fits: a test
    table of a few rows is cheaper to read whole or to sort, so both are priced out."""
    sql, params = queryset.query.sql_with_params()  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
