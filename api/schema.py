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


# Which answer leads to which call: OpenAPI links, so that a client generator (and
# schemathesis's stateful run) can follow a created or listed record to its detail,
# its changes and its status. (operation, status) -> {link name: (target operation, id source)}.
FIRST = "$response.body#/results/0/id"
CREATED = "$response.body#/id"
LINKS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("participants_list", "200"): {
        "ReadFirstParticipant": ("participants_retrieve", FIRST),
        "ChangeFirstParticipantStatus": ("participants_status_create", FIRST),
    },
    ("participants_create", "201"): {
        "ReadCreatedParticipant": ("participants_retrieve", CREATED),
        "ChangeCreatedParticipantStatus": ("participants_status_create", CREATED),
    },
    ("participants_status_create", "200"): {"ReadChangedParticipant": ("participants_retrieve", CREATED)},
    ("job_orders_list", "200"): {
        "ReadFirstJobOrder": ("job_orders_retrieve", FIRST),
        "UpdateFirstJobOrder": ("job_orders_update", FIRST),
        "ChangeFirstJobOrderStatus": ("job_orders_status_create", FIRST),
    },
    ("job_orders_create", "201"): {
        "ReadCreatedJobOrder": ("job_orders_retrieve", CREATED),
        "UpdateCreatedJobOrder": ("job_orders_update", CREATED),
        "ChangeCreatedJobOrderStatus": ("job_orders_status_create", CREATED),
    },
    ("job_orders_update", "200"): {"ReadUpdatedJobOrder": ("job_orders_retrieve", CREATED)},
    ("job_orders_status_create", "200"): {"ReadChangedJobOrder": ("job_orders_retrieve", CREATED)},
    ("ledger_entries_list", "200"): {"ReadFirstLedgerEntry": ("ledger_entries_retrieve", FIRST)},
    ("ledger_entries_create", "201"): {"ReadCreatedLedgerEntry": ("ledger_entries_retrieve", CREATED)},
    ("training_records_list", "200"): {"ReadFirstTrainingRecord": ("training_records_retrieve", FIRST)},
    ("shortlists_list", "200"): {"ReadFirstShortlist": ("shortlists_retrieve", FIRST)},
    ("interviews_list", "200"): {"ReadFirstInterview": ("interviews_retrieve", FIRST)},
    ("placements_list", "200"): {"ReadFirstPlacement": ("placements_retrieve", FIRST)},
    ("grievances_list", "200"): {"ReadFirstGrievance": ("grievances_retrieve", FIRST)},
}


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular's postprocessing hook (SPECTACULAR_SETTINGS) that writes LINKS into the responses."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                links = LINKS.get((operation["operationId"], status), {})
                if links:
                    response["links"] = {
                        name: {"operationId": target, "parameters": {"id": source}}
                        for name, (target, source) in links.items()
                    }
    return result
