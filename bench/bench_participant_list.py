"""Benchmark: the participant list on a large table, keyset pages against OFFSET.

    .venv/bin/python bench/bench_participant_list.py --participants 100000 [--db sqlite|postgres]

Creates a throw-away database (a temporary SQLite file, or the PostgreSQL
database ``jembatan_bench_list``, created and dropped here through the
``jembatan`` database), migrates it, seeds it with ``seed_demo`` and then, with
DEBUG off, takes the median of ``--runs`` timings (after one warm-up) of:

* the view, through Django's test client logged in as the ministry demo user:
  the first page and a page 90% of the way down (reached by keyset cursor) for
  each sort order, a search for the commonest surname and a status filter;
  and the default order as a training centre's officer, whose scope is a
  filter on every query;
* the query behind it: ``seek_page`` on the view's queryset, for the same pages;
* the baseline: the same deep page fetched with OFFSET on the same ordering and
  ``select_related``. It must return the same ids as the keyset page.

It also prints where one deep-page response spends its database time, and the
database's plan for each keyset deep-page query (with the parameters bound as
they are when it runs) and whether an index serves it. The last line is the result: ``first_page_ms``,
``deep_page_ms`` and ``deep_offset_baseline_ms`` are query level in the default
order (newest first), ``ratio`` is OFFSET over keyset for that deep page, and
``search_ms``, ``filter_ms``, ``view_first_ms``, ``view_deep_ms`` are whole
responses of the view.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User
    from participants.models import ParticipantQuerySet

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://jembatan:jembatan@127.0.0.1:5432/jembatan"
BENCH_DATABASE = "jembatan_bench_list"
# Demo logins that seed_demo creates: the ministry sees every participant; a
# training centre's officer sees only those it trained (a filter always on).
MINISTRY_LOGIN = "kemnaker"
TRAINING_CENTRE_LOGIN = "blk.bekasi"
DEEP_FRACTION = 0.9
SELECT_RELATED = ("training_centre", "sending_organization", "vocational_programme")


@dataclass(frozen=True)
class Case:
    label: str
    params: dict[str, str]
    login: str = MINISTRY_LOGIN


@dataclass(frozen=True)
class Visitor:
    user: User
    client: Client


@dataclass(frozen=True)
class Result:
    case: Case
    total: int
    offset: int
    view_first_ms: float
    view_deep_ms: float
    first_ms: float
    deep_ms: float
    offset_ms: float


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (median reported)")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help="an existing database to create the bench one")
    args = parser.parse_args()

    # Before django.setup(): settings read these from the environment.
    os.environ["DEBUG"] = "false"  # Django's query log would otherwise be part of what is measured
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    if args.db == "sqlite":
        workdir = Path(tempfile.mkdtemp(prefix="jembatan-bench-list-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        try:
            run(participants=args.participants, seed=args.seed, runs=args.runs, db=args.db)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    else:
        with postgres_database(args.postgres_url) as url:
            os.environ["DATABASE_URL"] = url
            run(participants=args.participants, seed=args.seed, runs=args.runs, db=args.db)


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh BENCH_DATABASE next to the one ``admin_url`` names, dropped afterwards."""
    import psycopg  # noqa: PLC0415 - only needed for --db postgres
    from psycopg import sql  # noqa: PLC0415

    name = sql.Identifier(BENCH_DATABASE)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{BENCH_DATABASE}"
    finally:
        from django.db import connections  # noqa: PLC0415 - settings are configured by now

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def run(*, participants: int, seed: int, runs: int, db: str) -> None:
    import django  # noqa: PLC0415 - only after DATABASE_URL is set

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from accounts.models import User  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", participants=participants, seed=seed, stdout=io.StringIO())
    print(f"seed_demo: {participants} participants in {time.perf_counter() - started:.1f} s ({db})")
    refresh_statistics(db)

    visitors = {}
    for login in (MINISTRY_LOGIN, TRAINING_CENTRE_LOGIN):
        visitors[login] = Visitor(user=User.objects.get(username=login), client=Client())
        visitors[login].client.force_login(visitors[login].user)
    surname, status = common_surname(), commonest_status()
    cases = [
        Case("sort -registered (default)", {}),
        Case("sort name", {"sort": "name"}),
        Case("sort status", {"sort": "status"}),
        Case(f"search q={surname}", {"q": surname}),
        Case(f"filter status={status}", {"status": status}),
        Case(f"training centre officer ({TRAINING_CENTRE_LOGIN}), default sort", {}, TRAINING_CENTRE_LOGIN),
    ]
    page_size: int = settings.PARTICIPANT_PAGE_SIZE
    print(f"page size {page_size}, median of {runs} runs after a warm-up, DEBUG={settings.DEBUG}")
    results = [measure_case(visitors[case.login], case, runs=runs, page_size=page_size) for case in cases]
    for case in cases:
        view_breakdown(visitors[case.login], case)
    for case in cases:
        explain_deep_page(visitors[case.login].user, case, page_size=page_size)

    default, search, status_filter = results[0], results[3], results[4]
    print(
        f"BENCH participant_list participants={participants} db={db} page_size={page_size} "
        f"first_page_ms={default.first_ms:.2f} deep_page_ms={default.deep_ms:.2f} "
        f"deep_offset_baseline_ms={default.offset_ms:.2f} ratio={default.offset_ms / default.deep_ms:.1f} "
        f"search_ms={search.view_first_ms:.1f} filter_ms={status_filter.view_first_ms:.1f} "
        f"view_first_ms={default.view_first_ms:.1f} view_deep_ms={default.view_deep_ms:.1f} "
        f"deep_offset={default.offset} runs={runs} debug={settings.DEBUG}"
    )


def refresh_statistics(db: str) -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load, so that the
    planner sees the table as it would in production. SQLite is left as Django
    leaves it: nothing runs ANALYZE there."""
    if db != "postgres":
        return
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def common_surname() -> str:
    from participants.models import Participant  # noqa: PLC0415

    surnames = collections.Counter(
        name.rsplit(" ", 1)[-1] for name in Participant.objects.values_list("full_name", flat=True).iterator()
    )
    return next(word for word, _ in surnames.most_common() if word.isalpha() and len(word) >= 4)


def commonest_status() -> str:
    from django.db.models import Count  # noqa: PLC0415

    from participants.models import Participant  # noqa: PLC0415

    counts = Participant.objects.values("status").annotate(n=Count("id")).order_by("-n")
    return str(counts[0]["status"])


def listing(user: User, params: dict[str, str]) -> tuple[ParticipantQuerySet, tuple[str, str]]:
    """The queryset and ordering the view pages through for these GET parameters."""
    from accounts import access  # noqa: PLC0415
    from participants.forms import ParticipantFilterForm  # noqa: PLC0415

    visible = access.participants_visible_to(user)
    form = ParticipantFilterForm(params)
    return form.filter(visible).select_related(*SELECT_RELATED), form.ordering()


def deep_cursor(queryset: ParticipantQuerySet, ordering: tuple[str, str], offset: int) -> str:
    """The cursor the view's "next" link carries after row ``offset - 1``: seek_page
    encodes it from the last row of a one-row page that has a following row."""
    from lib.seek import seek_page  # noqa: PLC0415

    boundary, following = queryset.order_by(*ordering)[offset - 1 : offset + 1]
    page = seek_page(queryset.filter(pk__in=[boundary.pk, following.pk]), ordering=ordering, size=1)
    assert page.next_cursor is not None
    return page.next_cursor


def median_ms(action: Callable[[], object], *, runs: int) -> float:
    action()  # warm-up: connection, caches, the database's page cache
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure_case(visitor: Visitor, case: Case, *, runs: int, page_size: int) -> Result:
    from django.urls import reverse  # noqa: PLC0415

    from lib.seek import seek_page  # noqa: PLC0415

    client = visitor.client
    queryset, ordering = listing(visitor.user, case.params)
    total = queryset.count()
    if total < 2:
        raise SystemExit(f"{case.label}: only {total} rows; seed more participants")
    offset = int(total * DEEP_FRACTION)
    cursor = deep_cursor(queryset, ordering, offset)

    def keyset_first() -> list[int]:
        return [row.pk for row in seek_page(queryset, ordering=ordering, size=page_size).rows]

    def keyset_deep() -> list[int]:
        return [row.pk for row in seek_page(queryset, ordering=ordering, after=cursor, size=page_size).rows]

    def offset_deep() -> list[int]:
        return [row.pk for row in queryset.order_by(*ordering)[offset : offset + page_size]]

    # Honest comparison: both ways must land on the same rows.
    deep_ids = keyset_deep()
    assert deep_ids == offset_deep(), f"{case.label}: keyset and OFFSET pages differ"
    url = reverse("participant_list")
    check_view(client, url, case.params, keyset_first())
    check_view(client, url, {**case.params, "after": cursor}, deep_ids)

    result = Result(
        case=case,
        total=total,
        offset=offset,
        view_first_ms=median_ms(lambda: client.get(url, case.params), runs=runs),
        view_deep_ms=median_ms(lambda: client.get(url, {**case.params, "after": cursor}), runs=runs),
        first_ms=median_ms(keyset_first, runs=runs),
        deep_ms=median_ms(keyset_deep, runs=runs),
        offset_ms=median_ms(offset_deep, runs=runs),
    )
    print(
        f"{case.label}: {total} rows, deep page after row {offset}\n"
        f"  view   first {result.view_first_ms:8.2f} ms   deep (keyset) {result.view_deep_ms:8.2f} ms\n"
        f"  query  first {result.first_ms:8.2f} ms   deep (keyset) {result.deep_ms:8.2f} ms   "
        f"deep (OFFSET) {result.offset_ms:8.2f} ms   OFFSET/keyset {result.offset_ms / result.deep_ms:6.1f}x"
    )
    return result


def check_view(client: Client, url: str, params: dict[str, str], ids: list[int]) -> None:
    """The view answers 200 and links the expected first and last rows."""
    from django.urls import reverse  # noqa: PLC0415

    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for pk in (ids[0], ids[-1]):
        assert f'href="{reverse("participant_detail", args=[pk])}"' in html, f"row {pk} missing from {params}"


class Query(NamedTuple):
    ms: float
    sql: str
    params: Any


class QueryRecorder:
    """An execute wrapper that keeps every query with its parameters and its
    time (finer than the query log's whole milliseconds)."""

    def __init__(self) -> None:
        self.queries: list[Query] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(Query((time.perf_counter() - started) * 1000, sql, params))


def view_breakdown(visitor: Visitor, case: Case) -> None:
    """Where a deep-page response spends its time (one unmeasured run)."""
    from django.db import connection  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    queryset, ordering = listing(visitor.user, case.params)
    cursor = deep_cursor(queryset, ordering, int(queryset.count() * DEEP_FRACTION))
    recorder = QueryRecorder()
    started = time.perf_counter()
    with connection.execute_wrapper(recorder):
        visitor.client.get(reverse("participant_list"), {**case.params, "after": cursor})
    total_ms = (time.perf_counter() - started) * 1000
    in_database = sum(query.ms for query in recorder.queries)
    print(
        f"view deep page, {case.label}: {total_ms:.1f} ms, of which {len(recorder.queries)} queries "
        f"{in_database:.1f} ms; slowest:"
    )
    for query in sorted(recorder.queries, reverse=True)[:3]:
        print(f"  {query.ms:7.2f} ms  {query.sql[:150]}")


def explain_deep_page(user: User, case: Case, *, page_size: int) -> None:
    """The plan of the deep-page query exactly as seek_page sends it: SQLite
    plans bound parameters differently from the same values written inline."""
    from django.db import connection  # noqa: PLC0415

    from lib.seek import seek_page  # noqa: PLC0415
    from participants.models import Participant  # noqa: PLC0415

    queryset, ordering = listing(user, case.params)
    cursor = deep_cursor(queryset, ordering, int(queryset.count() * DEEP_FRACTION))
    recorder = QueryRecorder()
    with connection.execute_wrapper(recorder):
        seek_page(queryset, ordering=ordering, after=cursor, size=page_size)
    (query,) = recorder.queries
    table = Participant._meta.db_table
    column = ordering[0].lstrip("-")  # the sort fields are plain columns: registered_at, full_name, status
    with connection.cursor() as db:
        indexes = set(connection.introspection.get_constraints(db, table))
        if connection.vendor == "sqlite":
            db.execute("EXPLAIN QUERY PLAN " + query.sql, query.params)
            plan = [str(row[3]) for row in db.fetchall()]
        else:
            db.execute("EXPLAIN (ANALYZE, BUFFERS) " + query.sql, query.params)
            plan = [str(row[0]) for row in db.fetchall()]
    notes = verdict(plan, table=table, indexes=indexes, cursor_column=column)
    print(f"EXPLAIN keyset deep page, {case.label}: {'; '.join(notes)}")
    for line in relevant_lines(plan, table=table, indexes=indexes):
        print(f"    {line}")


def verdict(plan: list[str], *, table: str, indexes: set[str], cursor_column: str) -> list[str]:
    """How the plan reads the participant table, in words."""
    notes = []
    for node in plan_nodes(plan):
        header = node[0]
        scan = re.search(r"(?:INDEX|using|on) (\w+)", header)
        index = scan.group(1) if scan and scan.group(1) in indexes else None
        condition = next((line.split(":", 1)[1].strip() for line in node if "Index Cond:" in line), None)
        if index and (header.lstrip().startswith("SEARCH") or condition):
            bound = condition or header[header.find("(") :]
            to_cursor = "seeks to the cursor" if cursor_column in bound else "seeks, but NOT to the cursor"
            notes.append(f"index {index} used, {to_cursor}: {bound}")
        elif index:
            notes.append(f"index {index} used only for its order: walked from one end, NOT seeking to the cursor")
        elif re.search(rf"(SCAN|Seq Scan on) {table}\b", header):
            notes.append("NO index: full table scan")
        if "TEMP B-TREE FOR ORDER BY" in header or re.match(r"\s*(->\s*)?Sort\b", header):
            notes.append("rows sorted after reading, not read in index order")
        removed = sum(int(n) for line in node for n in re.findall(r"Rows Removed by Filter: (\d+)", line))
        if index and removed:
            notes.append(f"{removed} index entries read and discarded by the filter")
    return notes or ["participant table not found in the plan"]


def relevant_lines(plan: list[str], *, table: str, indexes: set[str]) -> list[str]:
    """SQLite's plan whole; of PostgreSQL's, the nodes that read or sort the
    participants, and the execution time (the joins are primary-key lookups)."""
    if not any("->" in line for line in plan):
        return plan
    names = (table, *indexes)
    kept = [
        line
        for node in plan_nodes(plan)
        if any(name in node[0] for name in names) or re.match(r"\s*(->\s*)?(Sort|Incremental Sort)\b", node[0])
        for line in node
        if "Buffers:" not in line
    ]
    return kept + [line for line in plan if line.startswith("Execution Time")]


def plan_nodes(plan: list[str]) -> list[list[str]]:
    """The plan split into nodes: SQLite gives one line each, PostgreSQL a
    header line (the first, or one with "->") followed by its details."""
    nodes: list[list[str]] = []
    for line in plan:
        if not nodes or "->" in line or not line.startswith(" "):
            nodes.append([line])
        else:
            nodes[-1].append(line)
    return nodes


if __name__ == "__main__":
    main()
