"""Where a second factor is required (JEMBATAN_REQUIRE_2FA_FOR_MINISTRY_ADMINS),
a ministry administrator whose session has not passed one reaches only the
pages that lead to it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

from accounts import two_factor
from accounts.models import User

# Signing in and out, enrolling, and switching the language stay open.
OPEN_PAGES = frozenset({"login", "login_code", "logout", "two_factor", "set_language"})


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., HttpResponse], args: object, kwargs: object
    ) -> HttpResponseBase | None:
        user = getattr(request, "user", None)
        if not isinstance(user, User) or not user.is_authenticated or two_factor.session_verified(user):
            return None
        match = request.resolver_match
        if (match is not None and match.url_name in OPEN_PAGES) or not two_factor.is_required_for(user):
            return None
        # A device that exists asks for its code; none yet leads to enrolling one.
        page = "login_code" if two_factor.confirmed_device(user) else "two_factor"
        return HttpResponseRedirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
