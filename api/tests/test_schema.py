"""The OpenAPI schema: served without a token, valid OpenAPI 3 (drf-spectacular's
own validation, failing on any warning), and describing the authentication,
the pagination, the error object and every endpoint."""

from __future__ import annotations

import functools
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, get_resolver

from api import urls
from api.schema import LINKS


@functools.cache
def _schema() -> dict:  # type: ignore[type-arg]
    """Generated once for the module: the schema needs no data, and making it takes seconds."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.django_db
def test_it_validates_with_no_warning() -> None:
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=StringIO())


def test_it_describes_every_endpoint() -> None:
    documented = set(_schema()["paths"])
    routes = {
        "/api/v1/" + str(pattern.pattern).replace("<int:pk>", "{id}").replace("<str:table>", "{table}")
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern) and pattern.name not in {"schema", "not_found"}
    }
    assert documented == routes
    assert get_resolver().resolve("/api/v1/openapi.json").url_name == "schema"


def test_it_describes_the_bearer_token_on_every_operation() -> None:
    schema = _schema()
    assert schema["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"bearerToken": []}], (path, method)


def test_it_describes_the_error_object_for_the_common_errors() -> None:
    schema = _schema()
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "401", "404", "429"):
                content = operation["responses"][code]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_it_describes_the_cursor_pagination_of_every_list() -> None:
    for path, operations in _schema()["paths"].items():
        operation = operations.get("get", {})
        if not path.endswith("/{id}/") and path.count("{") == 0 and "statistics" not in path:
            names = {parameter["name"] for parameter in operation["parameters"]}
            assert {"cursor", "page_size"} <= names, path
            ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
            assert ok.split("/")[-1].startswith("Paginated"), path


def test_it_links_each_listed_or_created_record_to_the_calls_on_it() -> None:
    schema = _schema()
    operations = {
        operation["operationId"]: (path, operation)
        for path, methods in schema["paths"].items()
        for operation in methods.values()
    }
    linked = set()
    for operation_id, (_path, operation) in operations.items():
        for status, response in operation["responses"].items():
            for link in response.get("links", {}).values():
                target_path, _target = operations[link["operationId"]]
                assert "{id}" in target_path, (operation_id, link)
                linked.add((operation_id, status))
    # Every link of api.schema.LINKS landed on an operation (a renamed one would drop its links silently).
    assert linked == set(LINKS)
