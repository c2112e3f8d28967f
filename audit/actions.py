"""Writing the audit trail. Every action that changes data calls these inside
its own transaction, so a change and its audit row commit or roll back together."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

from django.db import NotSupportedError, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import MAX_VALUES, insert_rows, one_of
from lib.encrypted import encrypted_names

JsonScalar: TypeAlias = str | int | float | bool | None
Snapshot: TypeAlias = dict[str, JsonScalar]
MASKED = "•••"


def snapshot(obj: models.Model, fields: Iterable[str]) -> Snapshot:
    """The JSON-safe values of ``fields`` (foreign keys as their ids)."""
    values: Snapshot = {}
    for name in fields:
        raw = obj._meta.get_field(name).value_from_object(obj)  # type: ignore[union-attr]
        values[name] = raw if raw is None or isinstance(raw, str | int | float | bool) else str(raw)
    return values


def changed_fields(
    before: Mapping[str, JsonScalar],
    after: Mapping[str, JsonScalar],
    *,
    sensitive: Iterable[str] = (),
) -> dict[str, list[JsonScalar]]:
    """``{field: [before, after]}`` for the fields that differ; sensitive values
    are compared in full but stored masked."""
    hidden = set(sensitive)
    return {
        name: [MASKED, MASKED] if name in hidden else [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def record(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    changes: Mapping[str, object] | None = None,
) -> AuditEntry:
    made = entry(actor=actor, action=action, target=target, changes=changes)
    made.save()
    return made


def record_sensitive_view(*, actor: User, target: models.Model, fields: Iterable[str]) -> AuditEntry:
    return record(
        actor=actor,
        action=AuditAction.VIEWED_SENSITIVE,
        target=target,
        changes=dict.fromkeys(fields),
    )


def entry(
    *,
    actor: User | None,
    action: AuditAction,
    target: models.Model,
    changes: Mapping[str, object] | None = None,
) -> AuditEntry:
    """An unsaved entry, for bulk workflows that write many at once with ``record_many``."""
    return AuditEntry(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=without_sealed_values(target._meta.model, changes or {}),
    )


def without_sealed_values(model: type[models.Model], changes: Mapping[str, object]) -> dict[str, object]:
    """``changes`` with the values of ``model``'s encrypted fields masked: the
    entry says that such a field changed, never what it held. Whatever a
    caller passes, the audit log keeps no plain copy of a sealed value (and
    no sealed one, which a key rotation would have to rewrite in a log that
    must never be rewritten)."""
    hidden = encrypted_names(model)
    return {name: _masked(value) if name in hidden else value for name, value in changes.items()}


def _masked(value: object) -> object:
    if value is None:  # a viewed field: no value to hide
        return None
    if isinstance(value, list | tuple) and len(value) == 2:
        return [MASKED, MASKED]  # as changed_fields masks a sensitive field
    return MASKED


def record_many(entries: Iterable[AuditEntry], *, batch_size: int = 2000) -> int:
    """Write entries made by ``entry`` in bulk: imports change thousands of rows,
    and one INSERT per row would be most of their time."""
    return len(AuditEntry.objects.bulk_create(entries, batch_size=batch_size))


def _json(changes: Mapping[str, object]) -> str:
    # What the JSON field stores, less the escapes: katakana and the mask are kept as UTF-8.
    return json.dumps(changes, ensure_ascii=False)


class TargetChanges(NamedTuple):
    """One record's entry for ``record_for_each``."""

    target_id: int
    target_repr: str
    changes: Mapping[str, object]


def record_for_each(
    *, actor: User | None, action: AuditAction, model: type[models.Model], targets: Iterable[TargetChanges]
) -> int:
    """One entry per target, all of one model, by one actor and action,
    written without a model instance each: what ``record_many`` writes, for
    imports that register a hundred thousand participants at once."""
    # The changes as JSON text at once: 100,000 small dicts kept until the
    # insert would be walked by the garbage collector again and again.
    rows = [
        (str(target.target_id), target.target_repr[:200], _json(without_sealed_values(model, target.changes)))
        for target in targets
    ]
    insert_rows(
        AuditEntry,
        fields=("target_id", "target_repr", "changes"),
        rows=rows,
        same_for_all={
            "actor_id": actor.pk if actor else None,
            "action": action,
            "target_type": model._meta.label_lower,
        },
    )
    return len(rows)


def record_creations(
    *,
    actor: User | None,
    model: type[models.Model],
    ids: Sequence[int],
    fields: Sequence[str],
    sensitive: Iterable[str] = (),
    repr_field: str,
) -> None:
    """A "created" entry for each record of ``model`` whose key is in
    ``ids``, its changes those of creating it, ``changed_fields({},
    snapshot(record, fields), sensitive=sensitive)``, and ``repr_field`` the
    field ``str(record)`` shows, made by the database from the records as
    they were written, in the statement that inserts the entries.

    For imports that register a hundred thousand records at once: building
    each entry's JSON in Python and handing it over as a parameter took 0.7 s
    longer for those. The JSON is the same as the one-by-one path's, but for
    the spaces inside its arrays. Text, whole numbers, dates and foreign keys
    to whole-number keys only; other fields are refused.
    """
    connection = connections[AuditEntry.objects.db]
    opts, entries = model._meta, AuditEntry._meta
    quote = connection.ops.quote_name
    hidden = {*sensitive, *encrypted_names(model)}  # the database holds those sealed
    changes, change_params = _created_json(connection, [_field(model, name) for name in fields], hidden)
    shared = {
        "at": timezone.now(),
        "actor": actor.pk if actor else None,
        "action": AuditAction.CREATED,
        "target_type": opts.label_lower,
    }
    constants = [_field(AuditEntry, name).get_db_prep_save(value, connection) for name, value in shared.items()]
    columns = ", ".join(
        quote(_field(AuditEntry, name).column) for name in (*shared, "target_id", "target_repr", "changes")
    )
    key, shown = quote(_field(model, opts.pk.name).column), quote(_field(model, repr_field).column)
    limit = _field(AuditEntry, "target_repr").max_length
    select = (
        f"INSERT INTO {quote(entries.db_table)} ({columns}) "  # noqa: S608 - names from the models
        f"SELECT {', '.join(['%s'] * len(constants))}, CAST({key} AS TEXT), SUBSTR({shown}, 1, {limit}), {changes} "
        f"FROM {quote(opts.db_table)}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ids), MAX_VALUES):
            condition, params = one_of(key, ids[start : start + MAX_VALUES], connection)
            cursor.execute(f"{select} WHERE {condition} ORDER BY {key}", [*constants, *change_params, *params])


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _created_json(connection: BaseDatabaseWrapper, fields: Sequence[Any], hidden: set[str]) -> tuple[str, list[Any]]:
    """SQL for the JSON of ``changed_fields({}, snapshot)`` of a row, and its
    parameters: ``{"name": [null, value], ...}`` in ``fields`` order, the
    sensitive ones masked, the empty (NULL) ones left out."""
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise NotSupportedError(f"record_creations: no JSON functions known on {connection.vendor}")
    quote = connection.ops.quote_name
    masked = json.dumps([MASKED, MASKED], ensure_ascii=False)
    pieces: list[str] = []
    params: list[Any] = []
    for field in fields:
        if not _as_json(field):
            raise TypeError(f"{field.name}: {type(field).__name__} is not written as the one-by-one path writes it")
        column = quote(field.column)
        if connection.vendor == "postgresql":
            value = "%s::jsonb" if field.name in hidden else f"jsonb_build_array(NULL, {column})"
            pieces.append(f"%s::text, CASE WHEN {column} IS NULL THEN NULL ELSE {value} END")
            params.extend([field.name, masked] if field.name in hidden else [field.name])
        else:
            value = "%s" if field.name in hidden else f"json_array(NULL, {column})"
            pieces.append(f"CASE WHEN {column} IS NULL THEN '' ELSE ', ' || %s || ': ' || {value} END")
            params.extend([json.dumps(field.name), masked] if field.name in hidden else [json.dumps(field.name)])
    if connection.vendor == "postgresql":
        # A key whose value is NULL is left out, as changed_fields leaves out what stays empty.
        return f"jsonb_strip_nulls(jsonb_build_object({', '.join(pieces)}))", params
    # Each piece starts with ", ": the first one's is cut.
    return f"'{{' || SUBSTR({' || '.join(pieces)}, 3) || '}}'", params


def _as_json(field: Any) -> bool:
    """Whether the database's JSON of ``field``'s stored value is what
    ``snapshot`` gives: text, whole numbers (and keys to records that have
    them), dates (ISO text in SQLite, ISO in PostgreSQL's JSON), not times."""
    if field.is_relation:
        return isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.IntegerField)
    if isinstance(field, models.DateField):
        return not isinstance(field, models.DateTimeField)
    return isinstance(field, models.CharField | models.TextField | models.IntegerField)
