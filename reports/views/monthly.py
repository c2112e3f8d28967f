"""The ministry's monthly reports: the list, and each PDF as a private file."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.requests import AuthenticatedRequest
from lib.private_files import private_file_response
from reports.exports import PDF
from reports.models import MonthlyReport


def _ministry_only(request: AuthenticatedRequest) -> None:
    if not access.may_see_monthly_reports(request.user):
        raise Http404


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def monthly_list(request: AuthenticatedRequest) -> HttpResponse:
    _ministry_only(request)
    reports = MonthlyReport.objects.newest_first().select_related("snapshot")
    return render(request, "reports/dashboards/monthly.html", {"reports": reports})


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def monthly_file(request: AuthenticatedRequest, month: str, language: str) -> FileResponse:
    _ministry_only(request)
    try:
        first = datetime.date.fromisoformat(f"{month}-01")
    except ValueError:
        raise Http404 from None
    report = get_object_or_404(MonthlyReport, month=first, language=language)
    return private_file_response(report.file, content_type=PDF, filename=f"jembatan-{month}-{language}.pdf")
