"""Inserting many rows without a model instance each.

``bulk_create`` builds a model instance per row and prepares each value
through its field: most of an import's write time when 100,000 rows become
300,000 (participant, first history row, audit row). ``insert_rows`` takes
plain tuples instead and hands them to the database in one statement per
call: a prepared ``INSERT`` run with ``executemany``, or ``COPY`` on PostgreSQL.

What bulk_create does for the fields it is not given, this does too: each
takes its default (``auto_now`` fields the current time), prepared once per
call rather than once per row. No primary keys come back; a caller that needs
them reserves them first (``reserve_ids``) and inserts them with the rows.
Rows that only point at rows already written (a first history row each) are
made by the database itself (``insert_for_each``).

The SQL conditions for "one of these thousands of values" (``one_of``,
``in_list``) are here too: the ORM's ``__in`` prepares each value through its
field, which for the lists an import asks about costs more than the query.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from lib.encrypted import BlindIndexField, EncryptedMixin, blind_index

Adapter = Callable[[Any], Any]


def insert_rows(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    rows: Iterable[Sequence[object]],
    same_for_all: Mapping[str, object] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Insert ``rows``, each a tuple of values for ``fields`` (names or, for
    foreign keys, attnames such as ``participant_id``), into ``model``'s table:
    related records by primary key, JSON as its text. ``same_for_all`` gives
    values every row shares. Call it inside a transaction."""
    connection = connections[using]
    opts = model._meta
    given, rows = _with_blind_indexes(model, [opts.get_field(name) for name in fields], rows)
    shared = _shared_values(model, given, same_for_all or {}, connection)
    columns = [_column(field) for field in (*given, *shared)]
    constants = tuple(shared.values())
    adapters = [(i, adapter) for i, field in enumerate(given) if (adapter := _adapter(field, connection))]
    prepared = (_adapted(row, adapters) + constants for row in rows)
    table = connection.ops.quote_name(opts.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: the fastest way into PostgreSQL, and psycopg adapts dates and times itself.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 - names from the model
            cursor.executemany(sql, list(prepared))


def insert_for_each(
    model: type[models.Model],
    *,
    field: str,
    ids: Sequence[int],
    same_for_all: Mapping[str, object] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """One row of ``model`` for each of ``ids``, the keys of rows already in
    the table ``field`` (a foreign key) points to, and ``same_for_all`` (or
    the defaults) in its other fields: what ``insert_rows(model,
    fields=(field,), rows=[(pk,) for pk in ids], ...)`` writes, in key order,
    but made by the database from the rows it points to, without a Python
    tuple and its parameters each. Ids of rows that are not there get no row.
    """
    connection = connections[using]
    opts = model._meta
    target = opts.get_field(field)
    source = target.related_model._meta  # type: ignore[union-attr]
    shared = _shared_values(model, [target], same_for_all or {}, connection)
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(f)) for f in (target, *shared))
    key = quote(_column(source.pk))
    constants = ", ".join(["%s"] * len(shared))
    values: list[Any] = list(shared.values())
    table, source_table = quote(opts.db_table), quote(source.db_table)
    select = f"INSERT INTO {table} ({names}) SELECT {key}, {constants} FROM {source_table}"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(ids), MAX_VALUES):
            condition, params = one_of(key, ids[start : start + MAX_VALUES], connection)
            cursor.execute(f"{select} WHERE {condition} ORDER BY {key}", [*values, *params])


# Under SQLite's 32,766 variables in one statement.
MAX_VALUES = 10_000


def one_of(column: str, values: Sequence[object], connection: BaseDatabaseWrapper) -> tuple[str, list[Any]]:
    """SQL for ``column`` (quoted) being one of ``values``, and its parameters:
    one array on PostgreSQL, where a list of thousands of parameters is
    thousands of literals to parse (psycopg puts them in the text), and a
    list (``in_list``) elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return in_list(column, values)


def in_list(column: str, values: Sequence[object]) -> tuple[str, list[Any]]:
    """``column IN (%s, ...)``, a parameter per value: at most MAX_VALUES of them."""
    if len(values) > MAX_VALUES:
        raise ValueError(f"{len(values)} values in one condition: at most {MAX_VALUES}")
    if not values:
        return "1 = 0", []  # "IN ()" is not SQL
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def reserve_ids(model: type[models.Model], count: int, *, using: str = DEFAULT_DB_ALIAS) -> list[int]:
    """``count`` primary keys for rows about to be inserted with ``insert_rows``:
    keys no row has had and that the database will give no other row. So the
    caller knows each row's key without reading the rows back. Call it inside
    the transaction that inserts them.

    PostgreSQL takes them from the key's sequence, as an INSERT would.
    SQLite keys (Django declares them AUTOINCREMENT) follow the largest key
    ever given, kept in ``sqlite_sequence``: moving it on takes the write
    lock, so no other connection can insert until this transaction ends, and
    a key of a deleted row is never given again (its audit rows would then
    describe someone else).
    """
    if count < 1:
        return []
    connection = connections[using]
    opts = model._meta
    pk_column = _column(opts.pk)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(opts.db_table), pk_column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotSupportedError(f"reserve_ids: no way to reserve keys on {connection.vendor}")
        table, column = connection.ops.quote_name(opts.db_table), connection.ops.quote_name(pk_column)
        # The largest key in the table too, should the sequence have been reset by hand.
        largest = f"SELECT COALESCE(MAX({column}), 0) FROM {table}"  # noqa: S608 - names from the model
        moved = f"UPDATE sqlite_sequence SET seq = MAX(seq, ({largest})) + %s WHERE name = %s"  # noqa: S608
        cursor.execute(moved, [count, opts.db_table])
        if cursor.rowcount == 0:  # no row was ever inserted
            started = f"INSERT INTO sqlite_sequence (name, seq) SELECT %s, ({largest}) + %s"
            cursor.execute(started, [opts.db_table, count])
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [opts.db_table])
        (last,) = cursor.fetchone()
    return list(range(last - count + 1, last + 1))


@contextlib.contextmanager
def roomy_cache(*, mebibytes: int = 64, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """On SQLite, let the connection keep up to ``mebibytes`` of database
    pages in memory while a bulk write runs, then go back to what it had.

    SQLite's default cache is 2 MiB; inserting 100,000 rows into a table with
    a dozen indexes walks pages of every index, some of them keyed by
    something random (the NIK, the name), so the pages are evicted and read
    back again and again: with 64 MiB, inserting the participants of a
    100,000-row import took a third less time. The pages are allocated only
    as they are read, and freed when the cache shrinks back. Not the
    durability settings: synchronous and journal_mode stay as configured.
    Elsewhere a no-op: PostgreSQL's buffers are the server's.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")  # negative: KiB, not pages
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _column(field: Any) -> str:
    return str(field.get_attname_column()[1])


def _shared_values(
    model: type[models.Model], given: list[Any], same_for_all: Mapping[str, object], connection: BaseDatabaseWrapper
) -> dict[Any, object]:
    """Every field that is not given per row, with its value in database form."""
    now = timezone.now()
    named = {model._meta.get_field(name): value for name, value in same_for_all.items()}
    shared: dict[Any, object] = {}
    for field in model._meta.concrete_fields:
        if field in given or field.primary_key:
            continue
        if field in named:
            value = named[field]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        shared[field] = field.get_db_prep_save(value, connection)
    return shared


def _with_blind_indexes(
    model: type[models.Model], given: list[Any], rows: Iterable[Sequence[object]]
) -> tuple[list[Any], Iterable[Sequence[object]]]:
    """A blind index follows its source (lib.encrypted), as ``pre_save`` keeps
    it for ``save`` and ``bulk_create``: computed here from the plain value
    whenever the source is given, whatever a caller gave for the index."""
    names = [field.name for field in given]
    indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField) and f.source in names]
    if not indexes:
        return given, rows
    keep = [i for i, field in enumerate(given) if field not in indexes]
    sources = [names.index(field.source) for field in indexes]
    computed = (
        (*(row[i] for i in keep), *(blind_index(str(row[s])) if row[s] else "" for s in sources)) for row in rows
    )
    return [given[i] for i in keep] + indexes, computed


def _adapter(field: Any, connection: BaseDatabaseWrapper) -> Adapter | None:
    """How a per-row value of ``field`` reaches the database, when not as it is."""
    if isinstance(field, EncryptedMixin):  # sealed on every database
        return lambda value: field.get_db_prep_save(value, connection)
    if connection.vendor == "postgresql":
        return None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def _adapted(row: Sequence[Any], adapters: list[tuple[int, Adapter]]) -> tuple[Any, ...]:
    if not adapters:
        return tuple(row)
    values = list(row)
    for index, adapter in adapters:
        values[index] = adapter(values[index])
    return tuple(values)


def insert_objects(
    model: type[models.Model],
    objects: Sequence[models.Model],
    *,
    with_keys: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Unsaved instances of ``model`` (each concrete field as it is set on
    them) through ``insert_rows``: for code that builds instances anyway, such
    as the demo seeder, and needs no primary keys back. ``with_keys``: the
    instances carry keys from ``reserve_ids``, inserted with them, so rows
    pointing at them can follow."""
    fields = [field for field in model._meta.concrete_fields if with_keys or not field.primary_key]
    plain = [(field.attname, _instance_value(field)) for field in fields]
    rows = ([read(getattr(obj, attname)) for attname, read in plain] for obj in objects)
    insert_rows(model, fields=[attname for attname, _ in plain], rows=rows, using=using)


def _instance_value(field: Any) -> Adapter:
    """How an instance's attribute becomes the value ``insert_rows`` takes."""
    if isinstance(field, models.FileField):
        return lambda value: value.name or ""
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, cls=field.encoder)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now()  # what save() would set, once for the whole call
        return lambda value: value or now
    return lambda value: value
