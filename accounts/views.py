from __future__ import annotations

import time
from typing import TypedDict

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import two_factor
from accounts.access import routes
from accounts.forms import CodeForm, SignInForm
from accounts.lockout import lockout_response
from accounts.models import User
from accounts.requests import AuthenticatedRequest

# --- signing in with a second factor -----------------------------------------

PENDING_SIGN_IN = "jembatan_pending_sign_in"


class PendingSignIn(TypedDict):
    user: int
    backend: str
    next: str
    since: float


@routes.declare(get=routes.ANYONE, post=routes.ANYONE)
class SignInView(auth_views.LoginView):
    """The password step. A user with a confirmed device is not signed in
    yet: the session remembers who passed the password, for the code step."""

    form_class = SignInForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_SIGN_IN] = PendingSignIn(
            user=user.pk, backend=str(getattr(user, "backend", "")), next=self.get_success_url(), since=time.time()
        )
        return redirect("login_code")


def _pending(request: HttpRequest) -> tuple[User, PendingSignIn] | None:
    pending: PendingSignIn | None = request.session.get(PENDING_SIGN_IN)
    if pending is None or time.time() - pending["since"] > settings.LOGIN_CODE_TIMEOUT_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


def _safe_next(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return default


@routes.declare(get=routes.ANYONE, post=routes.ANYONE, ok=302)
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The code step: after the password of a user with a device, or for a
    signed-in user whose session must still pass the second factor."""
    pending = _pending(request)
    signed_in = request.user if isinstance(request.user, User) and request.user.is_authenticated else None
    user = pending[0] if pending else signed_in
    device = two_factor.confirmed_device(user) if user is not None else None
    if user is None or device is None:
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, None, credentials)
        if device.verify_token(form.token()):
            next_page = pending[1]["next"] if pending else _safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
            if pending:
                del request.session[PENDING_SIGN_IN]
                auth_login(request, user, backend=pending[1]["backend"])
            otp_login(request, device)
            return redirect(next_page)
        # Counted with the wrong passwords: guessing codes locks out as guessing passwords does.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("code", _("This code is not right. Type the code your authenticator app shows now."))
    return render(request, "registration/login_code.html", {"form": form}, status=400 if form.errors else 200)


@routes.declare(get=routes.STAFF, post=routes.STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request: AuthenticatedRequest) -> HttpResponse:
    """Enrol an authenticator app: scan, type one code to confirm; or see the one in use."""
    user = request.user
    if not two_factor.may_enrol(user):
        raise Http404
    confirmed = two_factor.confirmed_device(user)
    if confirmed is not None:
        context = {"device": confirmed, "form": CodeForm(), "required": two_factor.is_required_for(user)}
        return render(request, "registration/two_factor.html", context)
    device = two_factor.start_enrolment(user=user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = two_factor.confirm_enrolment(device=device, token=form.token(), by=user)
        except two_factor.WrongCode:
            form.add_error("code", _("This code is not right. Type the code your authenticator app shows now."))
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on. From now on, signing in asks for a code."))
            return redirect(_safe_next(request, reverse("two_factor")))
    context = {
        "form": form,
        "qr": mark_safe(two_factor.qr_svg(device)),  # noqa: S308 - drawn by segno from our own data
        "secret": two_factor.secret_text(device),
        "next": _safe_next(request, ""),
        "required": two_factor.is_required_for(user),
    }
    return render(request, "registration/two_factor.html", context, status=400 if form.errors else 200)


@routes.declare(post=routes.STAFF)
@login_required
@require_POST
def two_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    """Turn the second factor off, with a current code as proof of holding the device."""
    user = request.user
    device = two_factor.confirmed_device(user) if two_factor.may_enrol(user) else None
    if device is None:
        raise Http404
    form = CodeForm(request.POST)
    if not form.is_valid() or not device.verify_token(form.token()):
        messages.error(request, _("The code was not right, so two-factor sign-in stays on."))
        return redirect("two_factor")
    two_factor.remove_device(user=user, by=user)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor")
