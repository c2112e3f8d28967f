"""The admin site: for ministry administrators only.

Who may use the admin is one rule, ``accounts.access.is_ministry_admin``;
Django's is_staff and is_superuser flags play no part, so a superuser who is
not a ministry administrator is turned away like anyone else. Every
ModelAdmin asks the same question through ``may_use_admin``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import is_ministry_admin
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction


def may_use_admin(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and is_ministry_admin(user)


def saved_form(request: HttpRequest, response: HttpResponse) -> bool:
    """Django's password views redirect only after saving their form."""
    return request.method == "POST" and response.status_code == 302


def record_password_change(request: HttpRequest, user: User) -> None:
    """Django's password views save their form themselves, past
    ModelAdmin.save_model, so the audit row is written here."""
    audit.record(
        actor=request.user if isinstance(request.user, User) else None,
        action=AuditAction.UPDATED,
        target=user,
        changes={"password": [audit.MASKED, audit.MASKED]},
    )


class MinistryAdminSite(admin.AdminSite):
    site_header = _("Jembatan administration")
    site_title = _("Jembatan administration")
    index_title = _("Reference data, organizations and users")

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def login(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        """One way in: the app's sign-in page, with its lockout and second
        factor; the admin's own form would skip the second factor."""
        wanted = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect_to_login(wanted, login_url=reverse("login"))

    def password_change(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> TemplateResponse:
        with transaction.atomic():
            response = super().password_change(request, extra_context)
            if saved_form(request, response) and isinstance(request.user, User):
                record_password_change(request, request.user)
        return response
