"""The ministry's planning pages: start an optimal assignment of the whole
pool to every open job order, and read what it proposes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib.query import query_int
from matching import actions
from matching.engine.columns import CHECK_ORDER, Constraint
from matching.explain import REASON_NAMES, REASONS
from matching.models import PlanningRun

PAGE_SIZE = 100


@routes.declare(get=routes.writers(Kind.MINISTRY), post=routes.writers(Kind.MINISTRY))
@login_required
@require_http_methods(["GET", "POST"])
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_run_matching(user):
        raise Http404
    if request.method == "POST":
        run = actions.start_planning(by=user)
        messages.success(request, _("Planning started."))
        return redirect("plan_detail", pk=run.pk)
    runs = access.planning_runs_visible_to(user).select_related("started_by")
    return render(request, "matching/plan_list.html", {"runs": runs[:50]})


def _run_for(request: AuthenticatedRequest, pk: int) -> PlanningRun:
    run = access.planning_runs_visible_to(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    run = _run_for(request, pk)
    reasons = dict(run.unmatched.values_list("reason").annotate(count=Count("id")).order_by())
    wanted = query_int(request.GET, "reason", minimum=min(Constraint), maximum=max(Constraint))
    unmatched = run.unmatched.select_related("participant").order_by("participant__full_name", "participant_id")
    if wanted is not None:
        unmatched = unmatched.filter(reason=wanted)
    unmatched_page = Paginator(unmatched, PAGE_SIZE).get_page(request.GET.get("unmatched_page"))
    context = {
        "run": run,
        "reasons": [
            (constraint.value, str(REASON_NAMES[constraint]), str(REASONS[constraint]), reasons[constraint.value])
            for constraint in CHECK_ORDER
            if reasons.get(constraint.value)
        ],
        "reason": wanted,
        "placements": Paginator(
            run.placements.select_related("participant", "job_order__company").order_by("job_order_id", "-score"),
            PAGE_SIZE,
        ).get_page(request.GET.get("page")),
        "unmatched": unmatched_page,
        "unmatched_rows": [(row.participant, str(REASON_NAMES[Constraint(row.reason)])) for row in unmatched_page],
    }
    template = (
        "matching/plan_detail.html#progress" if request.htmx and not run.is_finished else "matching/plan_detail.html"
    )
    return render(request, template, context)


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def plan_shortlists(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Turn a run's proposals into draft shortlists, in the background."""
    if not access.may_run_matching(request.user):
        raise Http404
    run = _run_for(request, pk)
    try:
        actions.start_shortlists_from_plan(run_id=run.pk, by=request.user)
    except actions.MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Draft shortlists of the proposed candidates are being made for the orders without a published "
                "one. Review and publish them from the shortlists page."
            ),
        )
    return redirect("plan_detail", pk=run.pk)
