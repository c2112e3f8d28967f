from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
from accounts.access import routes

# Django's own sign-in pages: anyone may ask for a password reset and follow the e-mail's link; changing a
# password needs a login. (Django's login page is shadowed by ours above it.)
_DJANGO = "django.contrib.auth.views."
for _name in ("PasswordResetView", "PasswordResetConfirmView"):
    routes.declare_foreign(_DJANGO + _name, get=routes.ANYONE, post=routes.ANYONE)
for _name in ("PasswordResetDoneView", "PasswordResetCompleteView"):
    routes.declare_foreign(_DJANGO + _name, get=routes.ANYONE)
routes.declare_foreign(_DJANGO + "PasswordChangeView", get=routes.SIGNED_IN, post=routes.SIGNED_IN)
routes.declare_foreign(_DJANGO + "PasswordChangeDoneView", get=routes.SIGNED_IN)
routes.declare_foreign(_DJANGO + "LogoutView", post=routes.ANYONE)

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
