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
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=dict(changes or {}),
    )


def record_sensitive_view(*, actor: User, target: models.Model, fields: Iterable[str]) -> AuditEntry:
    return record(
        actor=actor,
        action=AuditAction.VIEWED_SENSITIVE,
        target=target,
        changes=dict.fromkeys(fields),
    )
