"""Job order pages: authorize through accounts.access, validate with a form,
call one action, render. Job orders out of scope answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import Organization, OrganizationQuerySet, User
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from joborders import actions
from joborders.decisions import question_label
from joborders.forms import PROGRAMME_FIELDS, JobOrderFilterForm, JobOrderForm, TransitionForm, moves_of
from joborders.models import JobOrder
from lib import answers
from lib.query import query_id
from lib.seek import seek_page
from lib.urls import query_with

LIST_ORDER = ("-created_at", "-id")  # served by the job_order_newest index
PAGE_SIZE = 50


def _posted(request: AuthenticatedRequest) -> Any:
    """The submitted data, also when empty: an empty POST is a form to validate, not a GET."""
    return request.POST if request.method == "POST" else None


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    )
)
@login_required
@require_GET
def job_order_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_job_orders(user):
        raise Http404
    form = JobOrderFilterForm(request.GET)
    matching = form.filter(access.job_orders_visible_to(user))
    page = seek_page(
        matching.select_related(
            "company", "job_category", "operation", "ssw_field", "esd_field", "workplace_prefecture"
        ),
        ordering=LIST_ORDER,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "total": matching.count(),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous_query": (
            query_with(request.GET, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
        "may_create": access.may_create_job_orders(user),
        "may_see_organizations": access.may_see_japan_organizations(user),
    }
    template = "joborders/list.html#results" if request.htmx else "joborders/list.html"
    return render(request, template, context)


def _status_context(job_order: JobOrder, posted: TransitionForm | None) -> dict[str, Any]:
    """The status section: each possible move with its form, or the question
    before a final one."""
    moves = moves_of(job_order, posted=posted)
    # A move posted from a page that is out of date matches none offered now: its reason goes above them.
    stray = posted.errors if posted is not None and not any(move.form is posted for move in moves) else {}
    return {
        "job_order": job_order,
        "moves": moves,
        "confirming": posted if posted is not None and posted.asks_confirmation else None,
        "stray_errors": [message for messages in stray.values() for message in messages],
    }


def _detail_context(user: User, job_order: JobOrder, posted: TransitionForm | None) -> dict[str, Any]:
    may_change = access.may_change_job_order(user, job_order)
    decisions = list(job_order.decisions.all())
    return {
        **(_status_context(job_order, posted) if may_change else {"job_order": job_order, "moves": []}),
        "sending_organizations": job_order.sending_organizations.order_by("name"),
        "decisions": [(question_label(decision.question), decision) for decision in decisions],
        "history": job_order.history.select_related("changed_by"),
        "may_edit": may_change and job_order.is_editable,
        "may_view_audit": access.may_view_audit(user),
        # The company's profile is linked only for those who may read it: a support
        # organization reads the orders naming it, not the company's profile.
        "may_see_company": access.japan_organizations_visible_to(user).filter(pk=job_order.company_id).exists(),
        "may_see_shortlist": access.may_see_shortlist_of(user, job_order),
        "may_see_interviews": access.may_see_interviews_of(user, job_order),
        "may_see_own_candidates": bool(access.serving_organizations_of(user, job_order)),
    }


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.SUPPORT_ORGANIZATION
    ),
    scope="job_order",
)
@login_required
@require_GET
def job_order_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job_order = access.job_order_for_user(request.user, pk)
    return render(request, "joborders/detail.html", _detail_context(request.user, job_order, None))


def _form_page(request: AuthenticatedRequest, form: JobOrderForm, job_order: JobOrder | None) -> HttpResponse:
    context = {"form": form, "job_order": job_order}
    return render(request, "joborders/form.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
)
@login_required
@require_http_methods(["GET", "POST"])
def job_order_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    companies = access.job_order_companies_for(user)
    if not companies.exists():
        raise Http404
    form = JobOrderForm(_posted(request), companies=companies)
    if request.method == "POST" and form.is_valid():
        try:
            job_order = actions.create_job_order(details=form.details(), by=user)
        except actions.JobOrderError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Job order saved as a draft. Open it when it is ready."))
            return redirect("job_order_detail", pk=job_order.pk)
    return _form_page(request, form, None)


@routes.declare(
    get=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="job_order",
)
@login_required
@require_http_methods(["GET", "POST"])
def job_order_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = access.job_order_for_user(user, pk, write=True)
    if not job_order.is_editable:
        raise Http404
    form = JobOrderForm(_posted(request), instance=job_order, companies=_companies_for(user, job_order))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_job_order(
                job_order_id=job_order.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except actions.JobOrderError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("job_order_detail", pk=job_order.pk)
    return _form_page(request, form, job_order)


def _companies_for(user: User, job_order: JobOrder | None) -> OrganizationQuerySet:
    """The companies offered: the user's, and on an edit always the order's own."""
    companies = access.job_order_companies_for(user)
    return companies | Organization.objects.filter(pk=job_order.company_id) if job_order else companies


@routes.declare(get=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY))
@login_required
@require_GET
def job_order_fields(request: AuthenticatedRequest) -> HttpResponse:
    """The programme's fields again (htmx), for the programme, start date, job
    category or field as typed so far: the lists in force on that date."""
    user = request.user
    companies = access.job_order_companies_for(user)
    pk = query_id(request.GET, "job_order")
    job_order = access.job_order_for_user(user, pk, write=True) if pk is not None else None
    if job_order is None and not companies.exists():
        raise Http404
    # Unbound, with what was typed as its initial values: the fragment shows no errors while typing.
    typed = {name: request.GET.get(name) for name in PROGRAMME_FIELDS if request.GET.get(name)}
    form = JobOrderForm(None, instance=job_order, initial=typed, companies=_companies_for(user, job_order))
    return render(request, "joborders/form.html#programme-fields", {"form": form, "job_order": job_order})


@routes.declare(
    post=routes.admins(Kind.MINISTRY) | routes.writers(Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="job_order"
)
@login_required
@require_POST
def job_order_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = access.job_order_for_user(user, pk, write=True)
    form = TransitionForm(request.POST)
    if form.is_valid() and not form.asks_confirmation:
        try:
            changed = actions.change_job_order_status(
                job_order_id=job_order.pk, to=form.wanted, reason=form.cleaned_data["reason"], by=user
            )
        except actions.JobOrderError as error:
            form.add_error("reason" if isinstance(error, actions.ReasonRequired) else "to", str(error))
            # Someone else may have moved the order meanwhile: offer the moves it has now.
            job_order.refresh_from_db(fields=["status", "version"])
        else:
            messages.success(
                request, _("The job order is now “%(status)s”.") % {"status": changed.get_status_display()}
            )
            return answers.done(request, reverse("job_order_detail", args=[job_order.pk]))
    # A question (confirm a final move) or a refusal, answered at the buttons.
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    if request.htmx:
        return render(request, "joborders/detail.html#status-change", _status_context(job_order, form), status=status)
    return render(request, "joborders/detail.html", _detail_context(user, job_order, form), status=status)
