"""The dashboards: an index of those the reader may see, each dashboard's
page (a chart and a table per table of the catalogue) for the slice in the
address, and the same as XLSX, CSV (a table a file) and PDF.

Figures come from the latest complete snapshot only (``reports.figures``):
a page costs a query per table, whatever the size of the programme, and
says how old its figures are. Whose figures a reader may ask for is
``accounts.access``'s answer: a scope outside it is 404, as anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from lib import answers
from lib.shares import SMALL_NUMBER
from reports import exports
from reports.catalogue import DASHBOARDS, DashboardSpec, TableSpec
from reports.figures import latest_snapshot, years_in
from reports.forms import DashboardFilters, flat, scope_choices
from reports.models import Snapshot
from reports.shown import ShownTable, shown_dashboard
from reports.slices import Scope, Slice


def _readable_tables(request: AuthenticatedRequest, dashboard: DashboardSpec) -> list[TableSpec]:
    return [table for table in dashboard.tables if access.may_see_table(request.user, table)]


def _dashboard(request: AuthenticatedRequest, name: str) -> tuple[DashboardSpec, list[TableSpec]]:
    """The dashboard and the tables of it the reader sees; 404 for a reader of none."""
    dashboard = DASHBOARDS.get(name)
    if dashboard is None or not access.may_see_reports(request.user):
        raise Http404
    tables = _readable_tables(request, dashboard)
    if not tables:
        raise Http404
    return dashboard, tables


@dataclass(frozen=True)
class Asked:
    form: DashboardFilters
    where: Slice
    snapshot: Snapshot | None
    scope_label: str


def _asked(request: AuthenticatedRequest) -> Asked:
    """The slice in the address. A scope the reader may not read is 404 (as
    a record outside their scope); any other value that is not a choice is
    the form's error, and the page shows the default slice."""
    token = request.GET.get("scope", "")
    scope = Scope.parse(token)
    if scope is not None and not access.may_read_scope(request.user, scope):
        raise Http404
    snapshot = latest_snapshot()
    choices = scope_choices(request.user)
    years = years_in(snapshot) if snapshot is not None else []
    form = DashboardFilters(request.GET or None, scopes=choices, years=years)
    where = form.slice()
    return Asked(form, where, snapshot, flat(choices).get(where.scope.token, where.scope.token))


def _about(dashboard: DashboardSpec, asked: Asked, snapshot: Snapshot) -> exports.About:
    year = str(asked.where.year) if asked.where.year else str(asked.form.fields["year"].choices[0][1])  # type: ignore[attr-defined]
    programmes = dict(asked.form.fields["programme"].choices)  # type: ignore[attr-defined]
    return exports.About(
        str(dashboard.title), snapshot.taken_at, asked.scope_label, year, str(programmes[asked.where.programme])
    )


def _page(
    request: AuthenticatedRequest, dashboard: DashboardSpec, tables: list[TableSpec], asked: Asked
) -> HttpResponse:
    answers.focus_first_error(asked.form)
    shown = shown_dashboard(asked.snapshot, dashboard, asked.where, tables) if asked.snapshot is not None else []
    context = {
        "dashboard": dashboard,
        "dashboards": _index(request),
        "form": asked.form,
        "where": asked.where,
        "scope_label": asked.scope_label,
        "snapshot": asked.snapshot,
        "tables": shown,
        "small_number": SMALL_NUMBER,
        "query": request.GET.urlencode(),
    }
    status = answers.REFUSED_ON_PAGE if asked.form.errors else 200
    return render(request, "reports/dashboards/dashboard.html", context, status=status)


def _index(request: AuthenticatedRequest) -> list[DashboardSpec]:
    return [dashboard for dashboard in DASHBOARDS.values() if _readable_tables(request, dashboard)]


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
@login_required
@require_GET
def index(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_see_reports(request.user):
        raise Http404
    context = {
        "dashboards": _index(request),
        "snapshot": latest_snapshot(),
        "monthly": access.may_see_monthly_reports(request.user),
    }
    return render(request, "reports/dashboards/index.html", context)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
@login_required
@require_GET
def dashboard_page(request: AuthenticatedRequest, dashboard: str) -> HttpResponse:
    spec, tables = _dashboard(request, dashboard)
    return _page(request, spec, tables, _asked(request))


def _export(
    request: AuthenticatedRequest, dashboard: DashboardSpec, tables: list[TableSpec], file_format: str
) -> tuple[Asked, Snapshot, list[ShownTable]] | HttpResponse:
    """The tables to export, audit-logged; or the page, when the filters were
    refused (a file of another slice than asked would mislead) or there are no figures yet."""
    asked = _asked(request)
    if asked.form.errors or asked.snapshot is None:
        return _page(request, dashboard, tables, asked)
    shown = shown_dashboard(asked.snapshot, dashboard, asked.where, tables)
    where = asked.where
    export = {
        "dashboard": dashboard.name,
        "format": file_format,
        "scope": where.scope.token,
        "year": where.year,
        "programme": where.programme,
        "tables": [table.spec.name for table in shown],
    }
    audit.record(
        actor=request.user, action=AuditAction.VIEWED_SENSITIVE, target=asked.snapshot, changes={"export": export}
    )
    return asked, asked.snapshot, shown


def _filename(dashboard: DashboardSpec, asked: Asked, extension: str, table: str = "") -> str:
    where = asked.where
    parts = [dashboard.name, table, where.scope.token, str(where.year or ""), where.programme]
    return "-".join(part for part in parts if part) + f".{extension}"


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
@login_required
@require_GET
def dashboard_xlsx(request: AuthenticatedRequest, dashboard: str) -> HttpResponse:
    spec, tables = _dashboard(request, dashboard)
    exported = _export(request, spec, tables, "xlsx")
    if isinstance(exported, HttpResponse):
        return exported
    asked, snapshot, shown = exported
    content = exports.workbook(shown, _about(spec, asked, snapshot))
    return _attachment(content, exports.XLSX, _filename(spec, asked, "xlsx"))


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
@login_required
@require_GET
def dashboard_pdf(request: AuthenticatedRequest, dashboard: str) -> HttpResponse:
    spec, tables = _dashboard(request, dashboard)
    exported = _export(request, spec, tables, "pdf")
    if isinstance(exported, HttpResponse):
        return exported
    asked, snapshot, shown = exported
    language = translation.get_language() or "id"
    content = exports.pdf([exports.Section(spec, shown)], _about(spec, asked, snapshot), language=language)
    return _attachment(content, exports.PDF, _filename(spec, asked, "pdf"))


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.PREFECTURE, Kind.EMBASSY
    )
)
@login_required
@require_GET
def table_csv(request: AuthenticatedRequest, dashboard: str, table: str) -> HttpResponse:
    spec, tables = _dashboard(request, dashboard)
    chosen = [one for one in tables if one.name == f"{spec.name}.{table}"]
    if not chosen:
        raise Http404
    exported = _export(request, spec, chosen, "csv")
    if isinstance(exported, HttpResponse):
        return exported
    asked, _snapshot, shown = exported
    return _attachment(exports.table_csv(shown[0]), "text/csv; charset=utf-8", _filename(spec, asked, "csv", table))
