"""Django admin's stock participant list, for load tests only.

Participants are deliberately not in the real admin (participants/admin.py).
``make bench-web`` still needs what the issue names as its baseline: Django
admin's participant list, as an admin built the ordinary way would serve it
(a full COUNT, OFFSET pages, a substring search, a filter sidebar). This site
is mounted at /bench-admin/ only when ``BENCH_ADMIN_BASELINE`` is on, lets
ministry administrators only in (the same rule as the real admin), and can
only list: no adding, changing or deleting, and no NIK or address column."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_site import may_use_admin
from participants.models import Participant


class BaselineSite(admin.AdminSite):
    site_url = None

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)


class BaselineParticipantAdmin(admin.ModelAdmin[Participant]):
    list_display = ("full_name", "status", "training_centre", "sending_organization", "registered_at")
    list_filter = ("status",)
    search_fields = ("full_name", "name_katakana")
    fields = list_display

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return may_use_admin(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


baseline_site = BaselineSite(name="bench_admin")
baseline_site.register(Participant, BaselineParticipantAdmin)
