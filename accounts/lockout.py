"""What django-axes asks of the project: the page a locked-out sign-in gets,
and the client's address behind the load balancer."""

from __future__ import annotations

import math
from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Mapping[str, object] | None
) -> HttpResponse:
    """429 with the page that says why and for how long (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def client_ip(request: HttpRequest) -> str:
    """The address a sign-in came from (``AXES_CLIENT_IP_CALLABLE``): behind
    LOGIN_PROXY_COUNT proxies, the entry they appended to X-Forwarded-For;
    the entries before it are whatever the client sent, so not trusted."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.LOGIN_PROXY_COUNT
    if proxies < 1:
        return remote
    forwarded = [part.strip() for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote
