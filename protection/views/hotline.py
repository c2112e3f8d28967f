"""Staff record a grievance a worker told them by phone or on a visit: the
ministry, the embassy and the LPK/SOs (``may_record_cases``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from lib import answers
from protection.actions.cases import CaseError
from protection.actions.intake import record_call_or_visit
from protection.forms.intake import StaffReportForm
from protection.models import Case, Door


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY),
    post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY),
)
@login_required
@require_http_methods(["GET", "POST"])
def hotline_record(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_record_cases(user):
        raise Http404
    workers = access.participants_visible_to(user)
    form = StaffReportForm(request.POST or None, request.FILES or None, workers=workers, initial={"door": Door.HOTLINE})
    if request.method == "POST" and form.is_valid():
        try:
            case = record_call_or_visit(
                details=form.details(),
                door=Door(form.cleaned_data["door"]),
                worker=form.worker_for(form.cleaned_data["nik"]),
                file=form.upload(),
                by=user,
            )
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Case %(number)s is recorded and routed to its handler.") % {"number": case.pk})
            return redirect(_after_recording(user, case))
    answers.focus_first_error(form)
    return render(request, "protection/hotline_form.html", {"form": form}, status=400 if form.is_bound else 200)


def _after_recording(user: User, case: Case) -> str:
    """The case's page when the recorder may read it (an LPK/SO recording for
    its own worker, the ministry); otherwise the empty form for the next call."""
    if access.cases_visible_to(user).filter(pk=case.pk).exists():
        return reverse("protection:case_detail", args=[case.pk])
    return f"{reverse('protection:hotline_record')}#top"
