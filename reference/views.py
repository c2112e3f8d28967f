from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.requests import AuthenticatedRequest
from reference.models import Fit, JobCategory, ListKind, ListVersion, ProgrammeJobFit, VocationalProgramme


def _require_staff(request: AuthenticatedRequest) -> None:
    """Reference pages are working material for staff of a member organization."""
    if not access.memberships_of(request.user):
        raise Http404


@login_required
@require_GET
def job_categories(request: AuthenticatedRequest) -> HttpResponse:
    _require_staff(request)
    version = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES)
    categories = JobCategory.objects.filter(version=version).prefetch_related("operations")
    return render(request, "reference/job_categories.html", {"version": version, "categories": categories})


@login_required
@require_GET
def programmes(request: AuthenticatedRequest) -> HttpResponse:
    _require_staff(request)
    version = ListVersion.objects.in_force(ListKind.VOCATIONAL_PROGRAMMES)
    fits = ProgrammeJobFit.objects.order_by("job_category_code")
    rows = VocationalProgramme.objects.filter(version=version).prefetch_related(
        Prefetch("job_fits", queryset=fits.filter(fit=Fit.SAME), to_attr="same_fits"),
        Prefetch("job_fits", queryset=fits.filter(fit=Fit.SIMILAR), to_attr="similar_fits"),
    )
    return render(request, "reference/programmes.html", {"version": version, "programmes": rows})
