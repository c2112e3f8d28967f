from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.requests import AuthenticatedRequest
from reference.models import Fit, JobCategory, ListKind, ListVersion, ProgrammeJobFit, SSWField, VocationalProgramme


def _require_staff(request: AuthenticatedRequest) -> None:
    """Reference pages are working material for staff of a member organization."""
    if not access.memberships_of(request.user):
        raise Http404


@routes.declare(get=routes.STAFF)
@login_required
@require_GET
def job_categories(request: AuthenticatedRequest) -> HttpResponse:
    _require_staff(request)
    version = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES)
    categories = JobCategory.objects.filter(version=version).prefetch_related("operations")
    return render(request, "reference/job_categories.html", {"version": version, "categories": categories})


@routes.declare(get=routes.STAFF)
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
    fields = _ssw_fields_in_force()
    programmes_and_fields = [(programme, _ssw_fields_of(programme, fields)) for programme in rows]
    return render(request, "reference/programmes.html", {"version": version, "programmes": programmes_and_fields})


def _ssw_fields_in_force() -> dict[str, SSWField]:
    version = ListVersion.objects.in_force(ListKind.SSW_FIELDS)
    return {field.name_ja: field for field in SSWField.objects.filter(version=version)}


def _ssw_fields_of(programme: VocationalProgramme, fields: dict[str, SSWField]) -> list[SSWField]:
    """The SSW fields a trade prepares for, named in the reader's language. The
    mapping names them in Japanese; one the list in force lacks is shown as the
    mapping writes it (an unsaved row carrying only that Japanese name)."""
    names = (name.strip() for name in programme.ssw_fields.split(";"))
    return [fields.get(name) or SSWField(name_ja=name) for name in names if name]
