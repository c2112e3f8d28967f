from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views

urlpatterns = [
    # A .txt template: the mail is plain text, and the template formatter must not indent it.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(email_template_name="registration/password_reset_email.txt"),
        name="password_reset",
    ),
    # Before Django's own: the password step that hands over to the code step.
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/two-factor/", views.two_factor_page, name="two_factor"),
    path("accounts/two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
    path("accounts/", include("django.contrib.auth.urls")),
]
