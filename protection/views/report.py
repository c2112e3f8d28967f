"""The worker's own grievance pages, through their login: report a problem,
read their reports, and follow one (timeline, conversation with the handler,
files, consents). Phone pages in the worker's language, light, and usable
without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.requests import AuthenticatedRequest
from lib import answers
from protection.actions.cases import CaseError
from protection.actions.intake import placement_of, report_as_participant
from protection.forms.intake import ReportForm
from protection.models import Case
from protection.views import reporter

TEMPLATE = "protection/report_case.html"


def _urls(case: Case) -> reporter.Urls:
    return reporter.Urls(
        page=reverse("protection:my_case", args=[case.pk]),
        reply=reverse("protection:my_case_reply", args=[case.pk]),
        attachment=reverse("protection:my_case_attachment", args=[case.pk]),
        consent=reverse("protection:my_case_consent", args=[case.pk]),
        withdraw=lambda consent_pk: reverse("protection:my_case_withdraw", args=[case.pk, consent_pk]),
    )


@routes.declare(get=routes.PARTICIPANT, post=routes.PARTICIPANT)
@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: AuthenticatedRequest) -> HttpResponse:
    own = access.own_participant_record(request.user)
    if own is None:
        raise Http404
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = report_as_participant(participant=own, details=form.details(), file=form.upload(), by=request.user)
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your report was sent. A handler will read it within 24 hours."))
            return redirect(f"{reverse('protection:my_case', args=[case.pk])}#top")
    answers.focus_first_error(form)
    context = {"form": form, "placement": placement_of(own)}
    return render(request, "protection/report_form.html", context, status=400 if form.is_bound else 200)


@routes.declare(get=routes.PARTICIPANT)
@login_required
@require_GET
def my_reports(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_report_grievance(request.user):
        raise Http404
    cases = access.own_cases(request.user).select_related("assigned_organization")
    return render(request, "protection/report_list.html", {"cases": cases})


@routes.declare(get=routes.PARTICIPANT, scope="own")
@login_required
@require_GET
def my_case(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = access.own_case(request.user, pk)
    return reporter.render_case(request, case, _urls(case), template=TEMPLATE)


@routes.declare(post=routes.PARTICIPANT, scope="own")
@login_required
@require_POST
def my_case_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = access.own_case(request.user, pk)
    return reporter.reply(request, case, _urls(case), by=request.user, template=TEMPLATE)


@routes.declare(post=routes.PARTICIPANT, scope="own")
@login_required
@require_POST
def my_case_attachment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = access.own_case(request.user, pk)
    return reporter.attach(request, case, _urls(case), by=request.user, template=TEMPLATE)


@routes.declare(post=routes.PARTICIPANT, scope="own")
@login_required
@require_POST
def my_case_consent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = access.own_case(request.user, pk)
    return reporter.consent(request, case, _urls(case), by=request.user, template=TEMPLATE)


@routes.declare(post=routes.PARTICIPANT, scope="own")
@login_required
@require_POST
def my_case_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    case = access.own_case(request.user, pk)
    return reporter.withdraw(request, case, _urls(case), consent_pk, by=request.user)
