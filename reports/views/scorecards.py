"""The partner scorecards: the ministry's alone (everyone else gets 404).
An index of the three kinds, a sortable list per kind with its exports, and
one partner's card beside the programme as a whole. Figures come from the
latest complete snapshot; every page says when that was taken."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.models import Organization
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from lib import answers
from lib.query import BIGINT_MAX, BadQuery
from lib.shares import SMALL_NUMBER
from reports import figures, scorecard_exports
from reports.models import Snapshot
from reports.scorecard_forms import NAME, Chosen, ScorecardFilter
from reports.scorecard_rows import card, page_of, partner_rows, period_label, programme_label
from reports.scorecards import SCORECARDS, SCORES, Kind, ScorecardSpec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def _spec(request: AuthenticatedRequest, kind: str) -> ScorecardSpec:
    if not access.may_see_scorecards(request.user) or kind not in {known.value for known in Kind}:
        raise Http404
    return SCORECARDS[Kind(kind)]


def _filters(request: AuthenticatedRequest, snapshot: Snapshot | None) -> tuple[ScorecardFilter, Chosen]:
    form = ScorecardFilter(request.GET or None, years=figures.years_in(snapshot) if snapshot else [])
    return form, form.chosen()


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def scorecard_index(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_see_scorecards(request.user):
        raise Http404
    context = {"snapshot": figures.latest_snapshot(), "kinds": list(SCORECARDS.values())}
    return render(request, "reports/scorecards/index.html", context)


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def scorecard_list(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    spec = _spec(request, kind)
    snapshot = figures.latest_snapshot()
    form, chosen = _filters(request, snapshot)
    partners = partner_rows(snapshot, spec, chosen) if snapshot else []
    page = page_of(partners, chosen.page)
    answers.focus_first_error(form)
    context = {
        "spec": spec,
        "snapshot": snapshot,
        "form": form,
        "chosen": chosen,
        "page": page,
        "headings": [_heading(chosen, score.column, str(score.title)) for score in SCORES],
        "name_heading": _heading(chosen, NAME, _("Name")),
        "previous_query": urlencode(chosen.query(page=page.number - 1)) if page.has_previous else None,
        "next_query": urlencode(chosen.query(page=page.number + 1)) if page.has_next else None,
        "export_query": urlencode(chosen.query(page=1)),
        "small_number": SMALL_NUMBER,
        "period": period_label(chosen),
        "programme": programme_label(chosen),
    }
    status = answers.REFUSED_ON_PAGE if form.errors else 200
    return render(request, "reports/scorecards/list.html", context, status=status)


@dataclass(frozen=True)
class Heading:
    title: str
    # The list sorted by the column: largest first (names from A), or the other way if sorted so already.
    link: str
    # "ascending" or "descending" for the column the list is sorted by, else "".
    sorted: str


def _heading(chosen: Chosen, column: str, title: str) -> Heading:
    first = column if column == NAME else f"-{column}"
    sort = (column if first.startswith("-") else f"-{column}") if chosen.sort == first else first
    direction = ("descending" if chosen.descending else "ascending") if chosen.sort_column == column else ""
    return Heading(title, "?" + urlencode(chosen.query(sort=sort, page=1)), direction)


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def scorecard_export(request: AuthenticatedRequest, kind: str, file_format: str) -> HttpResponse:
    """The list as filtered and sorted on its page, every partner of it; one
    audit row says who exported which table, how many rows and with which filters."""
    spec = _spec(request, kind)
    snapshot = figures.latest_snapshot()
    if file_format not in FORMATS or snapshot is None:
        raise Http404
    form, chosen = _filters(request, snapshot)
    if form.errors:
        # An export holds what its filters say, or nothing: never the default slice instead.
        field, errors = next(iter(form.errors.items()))
        raise BadQuery(field, str(errors[0]))
    partners = partner_rows(snapshot, spec, chosen)
    audit.record(
        actor=request.user,
        action=AuditAction.VIEWED_SENSITIVE,
        target=snapshot,
        changes={"export": {"table": spec.table.name, "format": file_format, "rows": len(partners), **chosen.query()}},
    )
    name = f"jembatan-{spec.table.name.replace('.', '-')}-{chosen.year or 'all'}-{timezone.localdate():%Y%m%d}"
    if file_format == "csv":
        response = HttpResponse(scorecard_exports.as_csv(partners), content_type="text/csv; charset=utf-8")
    else:
        content = scorecard_exports.as_xlsx(partners, snapshot=snapshot, spec=spec, chosen=chosen)
        response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def scorecard_detail(request: AuthenticatedRequest, kind: str, organization_id: int) -> HttpResponse:
    spec = _spec(request, kind)
    if organization_id > BIGINT_MAX:
        raise Http404
    organization = Organization.objects.filter(pk=organization_id, kind=spec.organization_kind).first()
    if organization is None:
        raise Http404
    snapshot = figures.latest_snapshot()
    form, chosen = _filters(request, snapshot)
    answers.focus_first_error(form)
    context = {
        "spec": spec,
        "organization": organization,
        "snapshot": snapshot,
        "form": form,
        "chosen": chosen,
        "card": card(snapshot, spec, organization, chosen) if snapshot else None,
        "list_query": urlencode(chosen.query()),
        "small_number": SMALL_NUMBER,
        "period": period_label(chosen),
        "programme": programme_label(chosen),
    }
    status = answers.REFUSED_ON_PAGE if form.errors else 200
    return render(request, "reports/scorecards/card.html", context, status=status)
