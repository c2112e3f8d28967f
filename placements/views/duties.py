"""The supervising duties and the to-do list: the duty records an organization
made or that concern it, the form that records one (a monthly visit, an
audit, a regular interview, a quarterly report), and what is due for an
organization or a person, overdue first. Authorize through accounts.access,
validate with a form, call one action, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from lib import answers
from placements import duty_pages
from placements.actions import duties
from placements.forms.duties import AuditForm, DutyForm, InterviewForm, ReportForm, VisitForm

# Records shown per kind on the duties page: about a quarter's worth for a busy organization.
RECORDS_SHOWN = 30


@dataclass(frozen=True)
class DutyKind:
    title: StrOrPromise
    form: type[DutyForm]
    # The companies or workers the user may record this duty for.
    choices: Callable[[User], QuerySet[Any]]
    # The action, called with the chosen company or worker, the details and the user.
    record: Callable[[Any, Any, User], object]
    done: StrOrPromise


KINDS: dict[str, DutyKind] = {
    "visit": DutyKind(
        gettext_lazy("Record a monthly visit"),
        VisitForm,
        access.visit_companies_for,
        lambda company, details, by: duties.record_monthly_visit(company_id=company.pk, details=details, by=by),
        gettext_lazy("The monthly visit is recorded."),
    ),
    "audit": DutyKind(
        gettext_lazy("Record an audit"),
        AuditForm,
        access.visit_companies_for,
        lambda company, details, by: duties.record_audit(company_id=company.pk, details=details, by=by),
        gettext_lazy("The audit is recorded."),
    ),
    "interview": DutyKind(
        gettext_lazy("Record a regular interview"),
        InterviewForm,
        access.interview_placements_for,
        lambda placement, details, by: duties.record_regular_interview(
            placement_id=placement.pk, details=details, by=by
        ),
        gettext_lazy("The regular interview is recorded."),
    ),
    "report": DutyKind(
        gettext_lazy("Record a quarterly report"),
        ReportForm,
        access.report_companies_for,
        lambda company, details, by: duties.record_quarterly_report(company_id=company.pk, details=details, by=by),
        gettext_lazy("The quarterly report is recorded."),
    ),
}


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION, Kind.EMBASSY
    )
)
@login_required
@require_GET
def duty_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_duties(user):
        raise Http404
    context = duty_pages.duty_records(user, shown=RECORDS_SHOWN) | {
        "recordable": [(name, kind.title) for name, kind in KINDS.items() if kind.choices(user).exists()]
    }
    return render(request, "placements/duties_list.html", context)


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.SUPPORT_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.SUPPORT_ORGANIZATION),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def duty_record(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    user = request.user
    spec = KINDS.get(kind)
    if spec is None or not spec.choices(user).exists():
        raise Http404
    form = spec.form(request.POST or None, choices=spec.choices(user), today=duties.japan_today())
    if request.method == "POST" and form.is_valid():
        try:
            spec.record(form.subject, form.details(), user)
        except duties.DutyRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, str(spec.done))
            return answers.done(request, reverse("duty_list"))
    answers.focus_first_error(form)
    context = {"form": form, "kind": kind, "title": spec.title}
    return render(request, "placements/duties_form.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION, Kind.EMBASSY
    )
    | routes.PARTICIPANT
)
@login_required
@require_GET
def todo_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    scope = access.obligation_scope_of(user)
    if scope is None:
        raise Http404
    recordable = {name for name, kind in KINDS.items() if kind.choices(user).exists()}
    context = duty_pages.todo(scope, now=timezone.now(), recordable=recordable)
    return render(request, "placements/todo_list.html", context)
