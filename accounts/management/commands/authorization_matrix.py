"""Write the authorization matrix, from the declarations next to the views, for a security review."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.access import routes
from accounts.access.routes import Access
from accounts.models import OrganizationKind, Role
from accounts.route_table import ADMIN_PREFIX, METHODS, api_operations, api_route, page_routes

# One column per audience: each organization kind in each role, then a participant, a login that belongs to
# nothing, and an anonymous visitor.
AUDIENCES = [
    *(routes.token(kind, role) for kind in OrganizationKind for role in Role),
    routes.AS_PARTICIPANT,
    routes.AS_NO_ORGANIZATION,
    routes.AS_ANONYMOUS,
]
FIXED = ["route", "method", "view", "scope", "scope rule"]


def answer(access: Access, method: str, audience: str, *, api: bool) -> str:
    """What ``audience`` gets: the declared answer (narrowed by the scope's rule), 404, login, 401 or 405."""
    who = access.who(method)
    if who is None:
        return "405"
    if audience in who:
        ok = str(access.ok if method == "get" else "ok")
        return f"{ok} in scope" if access.scope else ok
    if audience == routes.AS_ANONYMOUS:
        return "401" if api else "login"
    return "404"


def rows() -> list[list[str]]:
    found = []
    for route in page_routes():
        access = route.access
        if access is None:
            found.append([route.route, "*", route.view, "", "NOT DECLARED", *["?"] * len(AUDIENCES)])
            continue
        for method in METHODS:
            if access.who(method) is not None:
                found.append(_row(route.route, method, route.view, access, api=False))
    for path, method in api_operations():
        route = api_route(path)
        access = route.access
        if access is None:
            found.append([path, method.upper(), route.view, "", "NOT DECLARED", *["?"] * len(AUDIENCES)])
        else:
            found.append(_row(path, method, route.view, access, api=True))
    for prefix, access in routes.INCLUDED.items():
        for method in METHODS:
            if access.who(method) is not None:
                row = _row(prefix + "*", method, "django.contrib.admin", access, api=False)
                # Django's administration sends everyone it does not serve to its own login page.
                found.append([cell.replace("404", "admin login") if prefix == ADMIN_PREFIX else cell for cell in row])
    return found


def _row(route: str, method: str, view: str, access: Access, *, api: bool) -> list[str]:
    scope = access.scope or ""
    cells = [answer(access, method, audience, api=api) for audience in AUDIENCES]
    return [route, method.upper(), view, scope, routes.SCOPES.get(scope, ""), *cells]


def markdown(table: list[list[str]]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    header = [*FIXED, *AUDIENCES]
    return "\n".join([line(header), line(["---"] * len(header)), *(line(row) for row in table)]) + "\n"


def comma_separated(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*FIXED, *AUDIENCES])
    writer.writerows(table)
    return buffer.getvalue()


class Command(BaseCommand):
    help = (
        "Write the authorization matrix for a security review: every route of the URL configuration and every "
        "operation of the API schema, by method, against each organization kind and role, a participant, a login "
        "of no organization and an anonymous visitor, as declared next to each view (accounts.access.routes). "
        "'in scope' means only for the records the scope rule opens; everyone else gets 404. "
        "accounts/tests/test_authorization_matrix.py checks every cell against the running application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "markdown"], default="markdown")
        parser.add_argument("--output", help="A file to write instead of the standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        table = rows()
        text = comma_separated(table) if options["format"] == "csv" else markdown(table)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"{len(table)} rows x {len(AUDIENCES)} audiences written to {options['output']}")
        else:
            self.stdout.write(text, ending="")
