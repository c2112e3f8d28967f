"""Organizations and users in the admin. Access comes from memberships
(organization and role), so the user form has no staff, superuser, group or
permission fields: a ministry admin grants access by adding a membership."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_site import may_use_admin, record_password_change, saved_form
from accounts.models import Membership, Organization, User
from audit.admin_mixins import AuditedModelAdmin, MinistryTabularInline, ReadOnlyModelAdmin

# Groups and Django permissions are not how Jembatan grants access.
admin.site.unregister(Group)


@admin.register(Organization)
class OrganizationAdmin(AuditedModelAdmin[Organization]):
    list_display = ("name", "name_ja", "code", "kind", "parent", "province", "prefecture", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent", "province", "prefecture")
    search_fields = ("name", "name_ja", "code")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"code": ("name",)}


class MembershipInline(MinistryTabularInline[Membership, User]):
    model = Membership
    autocomplete_fields = ("organization",)


@admin.register(User)
class UserAdmin(AuditedModelAdmin[User], DjangoUserAdmin[User]):
    sensitive_fields = ("password",)
    inlines = (MembershipInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_active")
    list_filter = ("is_active", "memberships__role", "memberships__organization__kind")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active",)}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            # The view redirects only once it has saved the new password.
            user = self.get_object(request, unquote(id)) if saved_form(request, response) else None
            if user is not None:
                record_password_change(request, user)
        return response


# --- signing in: locked-out attempts and second-factor devices ----------------
# Both read-only apart from deleting, which is how an administrator unlocks a
# sign-in (a failed-attempts row) or removes a lost phone's authenticator (the
# user then signs in with the password and, where required, enrols a new one).
# Each deletion is audited like any other change made here.


@admin.register(AccessAttempt)
class AccessAttemptAdmin(ReadOnlyModelAdmin[AccessAttempt]):
    list_display = ("username", "ip_address", "failures_since_start", "attempt_time")
    search_fields = ("username", "ip_address")
    date_hierarchy = "attempt_time"
    fields = ("username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time")

    def has_delete_permission(self, request: HttpRequest, obj: AccessAttempt | None = None) -> bool:
        return may_use_admin(request)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyModelAdmin[TOTPDevice]):
    sensitive_fields = ("key",)
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    list_select_related = ("user",)
    # Never the key: whoever reads it can make the codes.
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")

    def has_delete_permission(self, request: HttpRequest, obj: TOTPDevice | None = None) -> bool:
        return may_use_admin(request)
