"""Keyset ("seek") pagination: each page continues after the last row of the
previous one (``WHERE (name, id) > (:last_name, :last_id)``) instead of
skipping rows with OFFSET, so a deep page costs what the first page costs.

The cursor is the sort values of a boundary row, base64-encoded JSON. It comes
back from the address, so it is read as untrusted input: a cursor that is not
one this module wrote answers 400 (``lib.query.BadQuery``).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime
import hashlib
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import redis
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.query import BadQuery

M = TypeVar("M", bound=models.Model)
# A page's rows: model instances, or a values_list(named=True)'s rows that
# carry the primary key and the fields of the order by name.
R = TypeVar("R")


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: list[R]
    next_cursor: str | None
    previous_cursor: str | None


def _encode(values: Sequence[object]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime.datetime | datetime.date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def _decode(name: str, cursor: str, model: type[models.Model], ordering: Sequence[str]) -> list[object]:
    """The cursor's values, each read by its model field as the database will
    compare it; a cursor that is not one of ours (edited, truncated, or from
    another sort order) raises BadQuery and the page answers 400."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    # RecursionError: "[[[[…" nested deeper than the JSON reader goes.
    except (binascii.Error, ValueError, UnicodeError, RecursionError):
        raise BadQuery(name, _("it is not a page cursor.")) from None
    if not isinstance(values, list) or len(values) != len(ordering):
        raise BadQuery(name, _("it is not a page cursor for this order."))
    return [_value(name, model, field.lstrip("-"), value) for field, value in zip(ordering, values, strict=True)]


def _value(name: str, model: type[models.Model], field_name: str, value: object) -> object:
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.Field) or value is None or isinstance(value, list | dict):
        raise BadQuery(name, _("it is not a page cursor for this order."))
    if isinstance(value, str) and "\x00" in value:
        raise BadQuery(name, _("it is not a page cursor for this order."))
    try:
        # OverflowError: int() of an infinite float; run_validators checks the
        # integer range the database can store.
        typed = field.to_python(value)
        field.run_validators(typed)
    except (ValidationError, TypeError, ValueError, OverflowError):
        raise BadQuery(name, _("it is not a page cursor for this order.")) from None
    if isinstance(typed, datetime.datetime) and timezone.is_naive(typed):
        # Our cursors carry the offset; a naive time would be read in the server's zone.
        raise BadQuery(name, _("it is not a page cursor for this order."))
    return typed


def _after(ordering: Sequence[str], values: Sequence[object]) -> Q:
    """Rows strictly after ``values`` in ``ordering``: (a > x) or (a = x and b > y) ...

    The first column's bound is repeated outside the OR (a >= x AND (...)):
    neither SQLite nor PostgreSQL turns the OR alone into an index range, and
    without it a deep page scans the index from its start."""
    condition = Q(pk__in=[])
    equal_so_far = Q()
    for field, value in zip(ordering, values, strict=True):
        name = field.lstrip("-")
        lookup = "lt" if field.startswith("-") else "gt"
        condition |= equal_so_far & Q(**{f"{name}__{lookup}": value})
        equal_so_far &= Q(**{name: value})
    first = ordering[0]
    leading_bound = Q(**{f"{first.lstrip('-')}__{'lte' if first.startswith('-') else 'gte'}": values[0]})
    return leading_bound & condition


def _reversed(ordering: Sequence[str]) -> list[str]:
    return [field[1:] if field.startswith("-") else f"-{field}" for field in ordering]


def _values(row: object, ordering: Sequence[str]) -> list[object]:
    return [getattr(row, field.lstrip("-")) for field in ordering]


def _rows_in_order(queryset: models.QuerySet[Any, R], order: Sequence[str], limit: int, *, keys_first: bool) -> list[R]:
    """The first ``limit`` rows in ``order``.

    With ``keys_first``, their keys first, then the rows: when a filter matches
    thousands of rows (a common surname at a million participants matches
    5,000), the database sorts every match to find the first page. Sorting bare
    keys, rather than whole rows joined to their centre, LPK/SO and trade,
    halved that query; the rows of the page then come by primary key. Where
    the order follows an index the database reads the page's rows alone, and
    one query is the cheaper (at a million participants, 2.7–3.2 ms against
    3.3–4.6 for the participant list's filters and sorts)."""
    if not keys_first:
        return list(queryset.order_by(*order)[:limit])
    keys = list(queryset.order_by(*order).values_list("pk", flat=True)[:limit])
    # in_bulk(keys), for values rows too (Django 5.2's in_bulk refuses them).
    key = queryset.model._meta.pk.attname
    found = {getattr(row, key): row for row in queryset.filter(pk__in=keys)}
    # A row deleted between the two reads is left out, not an error.
    return [found[key] for key in keys if key in found]


def seek_page(
    queryset: models.QuerySet[Any, R],
    *,
    ordering: Sequence[str],
    after: str | None = None,
    before: str | None = None,
    size: int,
    keys_first: bool = True,
) -> Page[R]:
    """One page of ``queryset`` in ``ordering`` (whose last field must be unique,
    e.g. ``id``), continuing after or before a cursor from an earlier page.
    ``keys_first=False`` where the order follows an index (_rows_in_order)."""
    backwards = bool(before) and not after
    raw_cursor = (before if backwards else after) or ""
    name = "before" if backwards else "after"
    cursor = _decode(name, raw_cursor, queryset.model, ordering) if raw_cursor else None
    order = _reversed(ordering) if backwards else list(ordering)
    if cursor is not None:
        queryset = queryset.filter(_after(order, cursor))
    rows = _rows_in_order(queryset, order, size + 1, keys_first=keys_first)
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    if not rows:
        return Page(rows=[], next_cursor=None, previous_cursor=None)
    first, last = _encode(_values(rows[0], ordering)), _encode(_values(rows[-1], ordering))
    came_from_a_cursor = cursor is not None
    if backwards:
        return Page(rows=rows, next_cursor=last, previous_cursor=first if has_more else None)
    return Page(
        rows=rows, next_cursor=last if has_more else None, previous_cursor=first if came_from_a_cursor else None
    )


@dataclass(frozen=True)
class Count:
    """How many rows match, exactly up to ``limit``; past it only that there are more."""

    value: int
    more: bool


def count_up_to(queryset: models.QuerySet[M], limit: int, *, keep_more: bool = False) -> Count:
    """Counts at most ``limit`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT n)``).
    An exact count reads every matching row or index entry: at a million
    participants that was most of a list page's time, and a keyset page
    never needs it. Past ``limit`` the page says "more than".

    With ``keep_more``, a query found past its limit is answered "more than"
    without counting for ``MORE_KEPT_SECONDS``: reading 10,001 index entries
    again for each page of a long list, for the same words, cost 3–8 ms at a
    million. A count under the limit is always read afresh, so an exact number
    is never stale."""
    key = _query_key(queryset, limit) if keep_more else None
    if key is not None and _known_past_limit(key):
        return Count(value=limit, more=True)
    counted = queryset[: limit + 1].count()
    if key is not None and counted > limit:
        _remember_past_limit(key)
        _share_past_limit(key)
    return Count(value=min(counted, limit), more=counted > limit)


# How long "more than" is kept for a query; and for how many queries at most.
MORE_KEPT_SECONDS = 30
MORE_KEPT_QUERIES = 2_000
# By query (a digest of its SQL: a search's words are not kept): when it was found past its limit.
_past_limit: dict[str, float] = {}
_past_limit_lock = threading.Lock()
# Each process keeps what it found, and tells the others through the cache
# (Redis in production). Alone, a process of the twelve in make bench-web saw
# a given list about every 30 s, so what it kept had often lapsed when the
# list came again, and a common surname's search (seen every minute or so per
# process) was counted every time.
_SHARED_PREFIX = "seek:past-limit:"


def _query_key(queryset: models.QuerySet[M], limit: int) -> str | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # matches nothing: counting it costs nothing
        return None
    written = json.dumps([connection.vendor, limit, sql, [str(param) for param in params]])
    return hashlib.sha256(written.encode()).hexdigest()


def _known_past_limit(key: str) -> bool:
    found_at = _past_limit.get(key)
    if found_at is not None and time.monotonic() - found_at < MORE_KEPT_SECONDS:
        return True
    age = _shared_age(key)
    if age is None:
        return False
    _remember_past_limit(key, age=age)  # kept here for what is left of its time only
    return True


def _remember_past_limit(key: str, *, age: float = 0.0) -> None:
    now = time.monotonic()
    with _past_limit_lock:
        if len(_past_limit) >= MORE_KEPT_QUERIES:
            for stale in [old for old, found_at in _past_limit.items() if now - found_at >= MORE_KEPT_SECONDS]:
                del _past_limit[stale]
            if len(_past_limit) >= MORE_KEPT_QUERIES:
                _past_limit.clear()
        _past_limit[key] = now - age


def _shared_age(key: str) -> float | None:
    """How long ago another process found the query past its limit; None if
    none did within MORE_KEPT_SECONDS, or if the cache does not answer (the
    page then counts, as it would without the cache)."""
    try:
        found_at = cache.get(_SHARED_PREFIX + key)
    except (redis.RedisError, OSError):
        return None
    if not isinstance(found_at, float):
        return None
    age = time.time() - found_at
    return age if 0 <= age < MORE_KEPT_SECONDS else None


def _share_past_limit(key: str) -> None:
    with contextlib.suppress(redis.RedisError, OSError):  # the others count for themselves meanwhile
        cache.set(_SHARED_PREFIX + key, time.time(), timeout=MORE_KEPT_SECONDS)


def forget_counts() -> None:
    """Forget every "more than": for tests, whose database is rolled back between them."""
    with _past_limit_lock:
        _past_limit.clear()


def estimated_rows(model: type[models.Model]) -> int:
    """The planner's estimate of a table's rows on PostgreSQL (from the last
    ANALYZE: free to read), 0 elsewhere or before the first ANALYZE. For
    choosing how to count, never as a count shown to anyone."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        found = cursor.fetchone()
    return max(0, int(found[0])) if found else 0
