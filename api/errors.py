"""Every 4xx answer of the API has one shape, with a code a program branches on
and a message a person reads (in the request's Accept-Language):

    {"error": {"code": "validation", "message": "...", "fields": {"nik": ["..."]}}}

Missing and out-of-scope records both answer 404 "not_found", as on the pages."""

from __future__ import annotations

from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.access import routes

# Codes for DRF's own exceptions; ours carry theirs as ``default_code``.
CODES: dict[type[exceptions.APIException], str] = {
    exceptions.ValidationError: "validation",
    exceptions.ParseError: "parse_error",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


class ErrorBody(TypedDict):
    code: str
    message: str
    fields: dict[str, list[str]]


class Stale(exceptions.APIException):
    """The record changed since the client read it (its ``version`` moved on)."""

    status_code = 409
    default_code = "stale"
    default_detail = gettext_lazy("The record changed since you read it. Read it again, then retry.")


class Refused(exceptions.APIException):
    """An action refused the change (a transition not allowed, a rule not met)."""

    status_code = 400
    default_code = "refused"

    def __init__(self, message: str, *, code: str = "refused", fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message, code)
        self.code = code
        self.fields = fields or {}


def invalid(fields: dict[str, list[str]]) -> exceptions.ValidationError:
    """A 400 "validation" error on named fields (a filter or a form)."""
    return exceptions.ValidationError(fields)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    response.data = {"error": body_of(exc)}
    return response


def body_of(exc: exceptions.APIException) -> ErrorBody:
    if isinstance(exc, Refused):
        return ErrorBody(code=exc.code, message=str(exc.detail), fields=exc.fields)
    if isinstance(exc, exceptions.ValidationError):
        return ErrorBody(
            code="validation", message=_("The request has errors; see the fields."), fields=_fields(exc.detail)
        )
    code = next((code for kind, code in CODES.items() if type(exc) is kind), str(exc.default_code))
    return ErrorBody(code=code, message=str(exc.detail), fields={})


def _fields(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(name): _messages(value) for name, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    if isinstance(value, dict):
        return [f"{name}: {message}" for name, item in value.items() for message in _messages(item)]
    return [str(value)]


# Exempt from CSRF: it changes nothing, and the API takes no session, so a POST to an
# address that names no endpoint (/api/v1/job-orders/-1/) gets this JSON 404, not
# Django's HTML 403 page about a missing CSRF cookie.
@csrf_exempt
# Every method of every caller gets the same 404.
@routes.declare(
    get=routes.ANYONE, post=routes.ANYONE, put=routes.ANYONE, patch=routes.ANYONE, delete=routes.ANYONE, ok=404
)
def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """A URL under /api/v1/ that names no endpoint: the same JSON as any 404."""
    body = ErrorBody(code="not_found", message=str(exceptions.NotFound.default_detail), fields={})
    return JsonResponse({"error": body}, status=404)


# --- the error shape, for the schema ------------------------------------------


class ErrorDetailSerializer(serializers.Serializer[ErrorBody]):
    code = serializers.CharField(
        help_text=(
            "not_found, validation, stale, not_authenticated, forbidden, throttled, refused, "
            "transition_not_allowed, not_ready, invalid_cursor, method_not_allowed, parse_error, "
            "unsupported_media_type, not_acceptable, storage_full"
        )
    )
    message = serializers.CharField(help_text="For a person, in the request's Accept-Language (id, en or ja).")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # Added here: a class attribute named "fields" would hide the serializer's own.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Messages per field of the request (empty when the error is about no field).",
        )
        return fields


class ErrorSerializer(serializers.Serializer[dict[str, ErrorBody]]):
    error = ErrorDetailSerializer()
