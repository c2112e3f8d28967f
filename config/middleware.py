"""Response headers every page gets, and the request id every log line carries."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers

from config.logging import request_id_from, request_id_var


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


class RequestIdMiddleware:
    """Keeps the request's id (the balancer's ``X-Request-ID`` or a new one) for
    every log line of the request (config/logging.py) and answers with it, so a
    person reporting a problem, the balancer's log and the app's log name the
    same request. First in the chain: lines logged by any other middleware carry it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        # Kept past this method on purpose: Django logs a 4xx/5xx response
        # ("Not Found: /x") after the whole chain returned. The id is forgotten
        # when the response is closed (request_finished, below).
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget_request_id(**kwargs: object) -> None:
    request_id_var.set("-")


request_finished.connect(_forget_request_id, dispatch_uid="config.middleware.forget_request_id")
