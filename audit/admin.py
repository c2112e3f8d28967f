"""The audit log in the admin: ministry admins may read it, nobody may add,
change or delete an entry."""

from __future__ import annotations

from django.contrib import admin

from audit.admin_mixins import ReadOnlyModelAdmin
from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin[AuditEntry]):
    list_display = ("at", "actor", "action", "target_type", "target_id", "target_repr")
    list_filter = ("action", "target_type")
    list_select_related = ("actor",)
    search_fields = ("target_repr", "target_id", "actor__username")
    date_hierarchy = "at"
