"""Writing the audit trail. Every action that changes data calls these inside
its own transaction, so a change and its audit row commit or roll back together."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TypeAlias

from django.db import models

from accounts.models import User
from audit.models import AuditAction, AuditEntry
from lib.bulk_insert import insert_rows

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
        changes=dict(changes or {}),
    )


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
    rows = [(str(target.target_id), target.target_repr[:200], _json(target.changes)) for target in targets]
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
