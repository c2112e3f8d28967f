"""The protection dashboards: one page of counts for a period, and each of
its tables as a spreadsheet. Counts only, nobody named; whose cases and
check-ins are counted is accounts.access's answer (the Japanese side gets
no dashboard: a count would tell it of a case before a referral)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from lib.shares import SMALL_NUMBER
from protection import dashboards
from protection.forms.dashboards import PeriodForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sources(request: AuthenticatedRequest) -> tuple[PeriodForm, dashboards.Sources]:
    if not access.may_see_protection_dashboards(request.user):
        raise Http404
    now = timezone.now()
    form = PeriodForm(request.GET or None, today=timezone.localdate(now))
    sources = dashboards.Sources(
        cases=access.cases_counted_for(request.user),
        checkins=access.checkins_counted_for(request.user),
        period=form.period(),
        now=now,
    )
    return form, sources


def _page(request: AuthenticatedRequest, form: PeriodForm, sources: dashboards.Sources) -> HttpResponse:
    answers.focus_first_error(form)
    context = {
        "form": form,
        "period": sources.period,
        "dashboard": dashboards.dashboard(sources),
        "age_bands": dashboards.AGE_BANDS,
        "small_number": SMALL_NUMBER,
        "query": request.GET.urlencode(),
    }
    status = answers.REFUSED_ON_PAGE if form.errors else 200
    return render(request, "protection/dashboard_overview.html", context, status=status)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.EMBASSY))
@login_required
@require_GET
def dashboard_overview(request: AuthenticatedRequest) -> HttpResponse:
    form, sources = _sources(request)
    return _page(request, form, sources)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.EMBASSY))
@login_required
@require_GET
def dashboard_table(request: AuthenticatedRequest, name: str) -> HttpResponse:
    """One table as XLSX, for the period in the address; a refused period
    gives the page with the reason, not a spreadsheet of another period."""
    table = dashboards.TABLES.get(name)
    form, sources = _sources(request)
    if table is None:
        raise Http404
    if form.errors:
        return _page(request, form, sources)
    content = dashboards.table_xlsx(table, table.tally(sources))
    response = HttpResponse(content, content_type=XLSX)
    period = sources.period
    response["Content-Disposition"] = f'attachment; filename="{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"'
    return response
