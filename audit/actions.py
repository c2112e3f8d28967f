"""Writing the audit trail. Every action that changes data calls these inside
its own transaction, so a change and its audit row commit or roll back together."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeAlias

from django.db import models
from django.utils import timezone

from accounts.models import User
from audit import chain
from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import MAX_VALUES, insert_rows
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
    with chain.appending() as writer:
        writer.link_entry(made)
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
    made = list(entries)
    if not made:
        return 0
    with chain.appending() as writer:
        for each in made:
            writer.link_entry(each)
        return len(AuditEntry.objects.bulk_create(made, batch_size=batch_size))


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
    shared = _Shared(at=timezone.now(), actor_id=actor.pk if actor else None, action=action, model=model)
    with chain.appending() as writer:
        # The changes as JSON text at once (the text that is hashed is the
        # one stored): 100,000 small dicts kept until the insert would be
        # walked by the garbage collector again and again.
        rows = [
            shared.row(
                writer,
                str(target.target_id),
                target.target_repr[:200],
                chain.canonical_changes(without_sealed_values(model, target.changes)),
            )
            for target in targets
        ]
        shared.insert(rows)
    return len(rows)


class _Shared(NamedTuple):
    """What every entry written in bulk by one call shares, and how its rows
    are linked and inserted."""

    at: datetime.datetime
    actor_id: int | None
    action: AuditAction
    model: type[models.Model]

    def row(self, writer: chain.ChainWriter, target_id: str, target_repr: str, changes_json: str) -> tuple[object, ...]:
        link = writer.link(
            at=self.at,
            actor_id=self.actor_id,
            action=self.action,
            target_type=self.model._meta.label_lower,
            target_id=target_id,
            target_repr=target_repr,
            changes_json=changes_json,
        )
        return (target_id, target_repr, changes_json, *link)

    def insert(self, rows: Sequence[Sequence[object]]) -> None:
        insert_rows(
            AuditEntry,
            fields=("target_id", "target_repr", "changes", "chain_id", "seq", "prev_hash", "hash"),
            rows=rows,
            same_for_all={
                "at": self.at,
                "actor_id": self.actor_id,
                "action": self.action,
                "target_type": self.model._meta.label_lower,
            },
        )


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
    field ``str(record)`` shows, from the records as they were written.

    For imports that register a hundred thousand records at once: the
    records are read back as plain values, not instances, and the entries
    written with ``insert_rows``. Each entry is hashed into its chain, so its
    JSON is made here, not by the database (which once built it in the
    INSERT ... SELECT): the hash covers the text the entry stores.
    """
    opts = model._meta
    shared = _Shared(at=timezone.now(), actor_id=actor.pk if actor else None, action=AuditAction.CREATED, model=model)
    attnames = [_field(model, name).attname for name in fields]
    hidden = {*sensitive, *encrypted_names(model)}  # the database holds those sealed
    limit = _field(AuditEntry, "target_repr").max_length or 200
    with chain.appending() as writer:
        rows = []
        for start in range(0, len(ids), MAX_VALUES):
            stored = model._default_manager.filter(pk__in=ids[start : start + MAX_VALUES]).order_by("pk")
            for pk, shown, *values in stored.values_list(opts.pk.attname, repr_field, *attnames).iterator():
                after = {name: _scalar(value) for name, value in zip(fields, values, strict=True)}
                changes = chain.canonical_changes(changed_fields({}, after, sensitive=hidden))
                rows.append(shared.row(writer, str(pk), str(shown)[:limit], changes))
        shared.insert(rows)


def _scalar(value: object) -> JsonScalar:
    """A stored value as ``snapshot`` gives it: scalars as they are, the rest as text."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field
