"""PostgreSQL's plan for a query, for tests that require an index."""

from __future__ import annotations

from django.db import connection


def plan(queryset: object) -> str:
    """The plan PostgreSQL chooses for ``queryset`` where an index fits.

    The tables it reads are analyzed first (inside the test's transaction, so
    the statistics go with it): the planner then prices the test's own rows,
    not whatever an earlier test left in the statistics. In one CI run, with
    statistics from other tests' rows, every index of the participants looked
    equally cheap and the plan took the first. A test table of a few rows is
    cheaper to read whole or to sort, so both are priced out."""
    query = queryset.query  # type: ignore[attr-defined]
    sql, params = query.sql_with_params()
    tables = sorted({join.table_name for join in query.alias_map.values()})
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
