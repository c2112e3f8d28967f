"""Requests per token (API_RATE_LIMIT), counted in the cache: with Redis every
process shares the count, so the limit holds across processes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken

if TYPE_CHECKING:
    # Not at run time: rest_framework.views imports the throttles from the settings.
    from rest_framework.views import APIView


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        # Read per request, not once at import: the setting is the operator's (and a test's) to change.
        return str(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        token = request.auth
        if not isinstance(token, ApiToken):
            return None  # refused before it counts: no token, no API
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
