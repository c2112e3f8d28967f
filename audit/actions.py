"""Writing the audit trail. Every action that changes data calls these inside
its own transaction, so a change and its audit row commit or roll back together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeAlias

from django.db import models

from accounts.models import User
from audit.models import AuditAction, AuditEntry

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
