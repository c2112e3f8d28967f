"""manage.py authorization_matrix: the declarations as one table for a security review."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import call_command

from accounts.management.commands.authorization_matrix import AUDIENCES
from accounts.route_table import api_operations, page_routes


def _csv_rows() -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("authorization_matrix", "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_it_writes_a_row_for_every_declared_method_of_every_route_and_api_operation() -> None:
    rows = _csv_rows()
    routes = {row["route"] for row in rows}
    assert {route.route for route in page_routes()} <= routes
    assert {(path, method.upper()) for path, method in api_operations()} <= {(r["route"], r["method"]) for r in rows}
    assert "admin/*" in routes
    assert not [row for row in rows if row["scope rule"] == "NOT DECLARED"]


def test_it_answers_each_audience_as_the_declaration_does() -> None:
    rows = {(row["route"], row["method"]): row for row in _csv_rows()}
    audit = rows[("audit/", "GET")]
    assert audit["ministry:admin"] == "200"
    assert {audit[name] for name in AUDIENCES if name not in {"ministry:admin", "anonymous"}} == {"404"}
    assert audit["anonymous"] == "login"
    detail = rows[("participants/<int:pk>/", "GET")]
    assert detail["training_centre:viewer"] == "200 in scope"
    assert detail["company:officer"] == "404"
    assert rows[("participants/<int:pk>/status/", "POST")]["sending_organization:viewer"] == "404"
    assert rows[("/api/v1/participants/{id}/", "GET")]["anonymous"] == "401"
    assert rows[("admin/*", "GET")]["ministry:officer"] == "admin login"


def test_it_writes_markdown_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "matrix.md"
    call_command("authorization_matrix", "--output", str(target), stderr=io.StringIO())
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("| route | method | view | scope | scope rule | ministry:admin |")
    assert lines[1].startswith("| --- |")
    assert any(line.startswith("| audit/ | GET |") for line in lines)
