"""Inserting many rows without a model instance each.

``bulk_create`` builds a model instance per row and prepares each value
through its field: most of an import's write time when 100,000 rows become
300,000 (participant, first history row, audit row). ``insert_rows`` takes
plain tuples instead and hands them to the database in one statement per
call: a prepared ``INSERT`` run with ``executemany``, or ``COPY`` on PostgreSQL.

What bulk_create does for the fields it is not given, this does too: each
takes its default (``auto_now`` fields the current time), prepared once per
call rather than once per row. No primary keys come back; a caller that needs
them looks them up by a unique key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

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
    given = [opts.get_field(name) for name in fields]
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


def _adapter(field: Any, connection: BaseDatabaseWrapper) -> Adapter | None:
    """How a per-row value of ``field`` reaches the database, when not as it is."""
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
    model: type[models.Model], objects: Sequence[models.Model], *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Unsaved instances of ``model`` (each concrete field as it is set on
    them) through ``insert_rows``: for code that builds instances anyway, such
    as the demo seeder, and needs no primary keys back."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
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
