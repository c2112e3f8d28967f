"""The admin site: for ministry administrators only.

Who may use the admin is one rule, ``accounts.access.is_ministry_admin``;
Django's is_staff and is_superuser flags play no part, so a superuser who is
not a ministry administrator is turned away like anyone else. Every
ModelAdmin asks the same question through ``may_use_admin``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
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


class MinistryAdminLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter the %(username)s and password of a ministry administrator. "
            "Note that both fields may be case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user: User) -> None:
        # Skips AdminAuthenticationForm's is_staff check for the ministry rule.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not is_ministry_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class MinistryAdminSite(admin.AdminSite):
    site_header = _("Jembatan administration")
    site_title = _("Jembatan administration")
    index_title = _("Reference data, organizations and users")
    login_form = MinistryAdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return may_use_admin(request)

    def password_change(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> TemplateResponse:
        with transaction.atomic():
            response = super().password_change(request, extra_context)
            if saved_form(request, response) and isinstance(request.user, User):
                record_password_change(request, request.user)
        return response
