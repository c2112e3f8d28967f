"""How the OpenAPI schema describes what drf-spectacular cannot see by itself:
the bearer token. Imported when the app is ready (a module of its own: the
authentication class is imported by DRF's settings, which drf-spectacular
imports in turn)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from api.errors import ErrorSerializer


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token from the account's API tokens page (shown once when created).",
        }


# Answers any endpoint may give, besides its own: described once, on every operation.
COMMON_ERRORS = {
    "400": "validation (a filter, the body, page_size) or invalid_cursor",
    "401": "not_authenticated: no token, or one that is unknown, revoked or expired",
    "404": "not_found: no such record, or one outside your scope (never told apart)",
    "429": "throttled: too many requests for this token; retry after Retry-After seconds",
}


class ApiAutoSchema(AutoSchema):
    """Every operation documents the error object for the common 4xx answers."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, description in COMMON_ERRORS.items():
            if code not in responses:
                error = OpenApiResponse(ErrorSerializer, description=description)
                responses[code] = self._get_response_for_code(error, code, direction=direction)  # type: ignore[no-untyped-call]
        return responses
