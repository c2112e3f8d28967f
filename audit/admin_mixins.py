"""What every ModelAdmin in Jembatan shares: only ministry administrators may
use it, and every save or delete through it, inline rows included, writes an
audit row in the same transaction as the change.

The admin is where ministry admins correct master data; it is not a way
around the app's actions, so models whose changes go through actions (the
participant) are not registered at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.admin_site import may_use_admin
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction

_ModelT = TypeVar("_ModelT", bound=models.Model)
_ChildT = TypeVar("_ChildT", bound=models.Model)
_ParentT = TypeVar("_ParentT", bound=models.Model)


def _fields(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if not field.primary_key]


def _stored(model: type[_ModelT], pks: Iterable[object]) -> dict[object, audit.Snapshot]:
    """The rows as the database holds them, before a form's values are saved
    (a bound form has already written its values onto the instance)."""
    fields = _fields(model)
    return {pk: audit.snapshot(obj, fields) for pk, obj in model._default_manager.in_bulk(list(pks)).items()}


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AuditedModelAdmin(admin.ModelAdmin[_ModelT]):
    """The base of every ModelAdmin (first in the bases when mixed with another
    ModelAdmin such as Django's UserAdmin)."""

    # Compared in full but stored masked in the audit log.
    sensitive_fields: tuple[str, ...] = ()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return may_use_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return may_use_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return may_use_admin(request)

    def write_audit(
        self,
        request: HttpRequest,
        obj: models.Model,
        *,
        before: audit.Snapshot,
        after: audit.Snapshot,
        action: AuditAction,
        sensitive: Iterable[str] = (),
    ) -> None:
        changes = audit.changed_fields(before, after, sensitive=sensitive)
        if changes or action != AuditAction.UPDATED:
            audit.record(actor=_actor(request), action=action, target=obj, changes=changes)

    def save_model(self, request: HttpRequest, obj: _ModelT, form: Any, change: Any) -> None:
        with transaction.atomic():
            before = _stored(type(obj), [obj.pk]).get(obj.pk, {}) if change else {}
            super().save_model(request, obj, form, change)
            self.write_audit(
                request,
                obj,
                before=before,
                after=audit.snapshot(obj, _fields(type(obj))),
                action=AuditAction.UPDATED if change else AuditAction.CREATED,
                sensitive=self.sensitive_fields,
            )

    def delete_model(self, request: HttpRequest, obj: _ModelT) -> None:
        with transaction.atomic():
            self._record_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_ModelT]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self._record_deletion(request, obj)
            super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: models.Model) -> None:
        # Recorded before the delete, while the row still has its primary key.
        before = audit.snapshot(obj, _fields(type(obj)))
        self.write_audit(
            request,
            obj,
            before=before,
            after=dict.fromkeys(before),
            action=AuditAction.DELETED,
            sensitive=self.sensitive_fields,
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        """Inline rows: saved one by one so each gets its audit row."""
        model: type[models.Model] = formset.model
        with transaction.atomic():
            before = _stored(model, [f.instance.pk for f in formset.initial_forms if f.instance.pk is not None])
            formset.save(commit=False)
            for obj in formset.deleted_objects:
                self._record_deletion(request, obj)
                obj.delete()
            for obj in formset.new_objects:
                obj.save()
                self.write_audit(
                    request, obj, before={}, after=audit.snapshot(obj, _fields(model)), action=AuditAction.CREATED
                )
            for obj, _changed in formset.changed_objects:
                obj.save()
                self.write_audit(
                    request,
                    obj,
                    before=before.get(obj.pk, {}),
                    after=audit.snapshot(obj, _fields(model)),
                    action=AuditAction.UPDATED,
                )
            formset.save_m2m()


class ReadOnlyModelAdmin(AuditedModelAdmin[_ModelT]):
    """Ministry admins may look, nobody may add, change or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _ModelT | None = None) -> bool:
        return False


class MinistryTabularInline(admin.TabularInline[_ChildT, _ParentT]):
    """Inline rows follow the same rule as their parent; the parent's
    AuditedModelAdmin.save_formset audits them."""

    extra = 0

    # The ignores mirror django-stubs' own InlineModelAdmin: here obj is the parent row.
    def has_view_permission(self, request: HttpRequest, obj: _ParentT | None = None) -> bool:  # type: ignore[override]
        return may_use_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: _ParentT | None) -> bool:  # type: ignore[override]
        return may_use_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: _ParentT | None = None) -> bool:  # type: ignore[override]
        return may_use_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: _ParentT | None = None) -> bool:  # type: ignore[override]
        return may_use_admin(request)
