from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    # A .txt template: the mail is plain text, and the template formatter must not indent it.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(email_template_name="registration/password_reset_email.txt"),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
