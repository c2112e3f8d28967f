"""Response headers every page gets."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store``
    (with ``private``) on every response to a signed-in user and on every
    download but a public one (open data). Pages and exports hold personal
    data: neither a shared proxy nor the browser's disk cache of a shared
    computer may keep a copy, and the back button after logging out must not
    show one. Static files never get here (WhiteNoise answers them earlier) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        # Open data's CSV files hold no personal data and say so (Cache-Control: public).
        public = "public" in response.get("Cache-Control", "")
        download = response.get("Content-Disposition", "").startswith("attachment") and not public
        if download or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
