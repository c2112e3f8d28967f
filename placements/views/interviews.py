"""Interview pages: an order's candidates and their interviews (the Japanese
side and the ministry), one interview with its scores and result, and the
schedule of the interviews a user sees with its calendar file."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from joborders.models import HOLDING_POSITIONS, JobOrder
from lib import answers
from matching.models import ShortlistEntryQuerySet
from placements import calendar, pages, zones
from placements.actions import interviews as actions
from placements.actions import offers as offer_actions
from placements.forms.selection import CriteriaForm, ReasonForm, ResultForm, ScheduleForm, ScoreForm, SelectForm
from placements.models import Interview, InterviewResult

View = TypeVar("View", bound=Callable[..., HttpResponse])


def on_reader_clock(view: View) -> View:
    """Times typed and shown on this page are on the reader's clock (placements.zones)."""

    @functools.wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(zones.zone_of(request.user, language=get_language())):
            return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


def _refused(form: forms.BaseForm, error: actions.SelectionError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


def _answer(
    request: AuthenticatedRequest, template: str, section: str, context: dict[str, Any], status: int
) -> HttpResponse:
    """A question or a refusal, in place of the form's section (htmx) or on the whole page."""
    return render(request, f"{template}#{section}" if request.htmx else template, context, status=status)


# --- an order's interviews -------------------------------------------------------------


def _order_for(user: User, pk: int, *, write: bool = False) -> JobOrder:
    job_order = access.job_order_for_user(user, pk)
    if not access.may_see_interviews_of(user, job_order) or (write and not access.may_run_interviews(user, job_order)):
        raise Http404
    return job_order


def entries_exist(entries: ShortlistEntryQuerySet | None) -> bool:
    return entries is not None and entries.exists()


def _order_context(
    request: AuthenticatedRequest,
    job_order: JobOrder,
    *,
    schedule_form: ScheduleForm | None = None,
    criteria_form: CriteriaForm | None = None,
) -> dict[str, Any]:
    user = request.user
    shortlist = pages.published_list(job_order)
    may_run = access.may_run_interviews(user, job_order)
    criteria = pages.criteria_of(job_order)
    zone = zones.zone_of(user, language=get_language())
    entries = pages.schedulable_entries(shortlist) if shortlist is not None else None
    if may_run and schedule_form is None and entries is not None:
        schedule_form = ScheduleForm(entries=entries, zone=zone)
    holding = job_order.status in HOLDING_POSITIONS
    fixed = pages.criteria_fixed(job_order)
    return {
        "job_order": job_order,
        "shortlist": shortlist,
        "rows": pages.candidate_rows(job_order, shortlist) if shortlist else [],
        "figures": pages.order_figures(job_order),
        "criteria": criteria,
        "criteria_fixed": fixed,
        "may_run": may_run,
        "schedule_form": schedule_form if may_run and holding else None,
        "anyone_to_schedule": schedule_form is not None and (schedule_form.is_bound or entries_exist(entries)),
        "criteria_form": criteria_form or (CriteriaForm(criteria=criteria) if may_run else None),
        "may_change_criteria": may_run and holding and not fixed,
        "offers": pages.offer_list(access.offers_visible_to(user).filter(job_order=job_order)),
        "zone": zone,
    }


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="shortlist")
@login_required
@require_GET
@on_reader_clock
def order_interviews(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job_order = _order_for(request.user, pk)
    return render(request, "placements/order_interviews.html", _order_context(request, job_order))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="shortlist")
@login_required
@require_POST
@on_reader_clock
def schedule_interview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = _order_for(user, pk, write=True)
    shortlist = pages.published_list(job_order)
    if shortlist is None:
        raise Http404
    zone = zones.zone_of(user, language=get_language())
    form = ScheduleForm(request.POST, entries=pages.schedulable_entries(shortlist), zone=zone)
    if form.is_valid():
        try:
            interview = actions.schedule_interview(job_order_id=job_order.pk, details=form.details(), by=user)
        except actions.SelectionError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The interview of %(name)s is scheduled.") % {"name": interview.participant.full_name}
            )
            return answers.done(request, reverse("order_interviews", args=[job_order.pk]))
    answers.focus_first_error(form)
    context = _order_context(request, job_order, schedule_form=form)
    return _answer(request, "placements/order_interviews.html", "schedule", context, answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="shortlist")
@login_required
@require_POST
def interview_criteria(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = _order_for(user, pk, write=True)
    form = CriteriaForm(request.POST, criteria=pages.criteria_of(job_order))
    if form.is_valid():
        try:
            actions.set_criteria(job_order_id=job_order.pk, criteria=form.criteria(), by=user)
        except actions.SelectionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The interview criteria are saved."))
            return answers.done(request, reverse("order_interviews", args=[job_order.pk]))
    context = _order_context(request, job_order, criteria_form=form)
    return _answer(request, "placements/order_interviews.html", "criteria", context, answers.refused_status(request))


# --- one interview ---------------------------------------------------------------------------


def _interview_context(
    request: AuthenticatedRequest, interview: Interview, **posted: forms.BaseForm | None
) -> dict[str, Any]:
    user = request.user
    job_order = interview.job_order
    may_run = access.may_run_interviews(user, job_order) and interview.is_scheduled
    criteria = pages.criteria_of(job_order)
    scores = pages.scores_of(interview)
    live_offer = interview.offers.filter(status__in=["sent", "accepted"]).first()
    undecided = interview.result != InterviewResult.SELECTED
    version = {"version": interview.version}
    rank = interview.reserve_rank or actions.next_free_rank(job_order)
    return {
        "interview": interview,
        "job_order": job_order,
        "participant": interview.participant,
        "may_see_scores": access.may_see_scores(user, job_order),
        "criteria": criteria,
        "scores": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
        "total": sum(scores.values()) if scores else None,
        "maximum": sum(criterion.max_score for criterion in criteria),
        "may_run": may_run,
        "offer": live_offer or interview.offers.order_by("-sent_at").first(),
        "score_form": posted.get("score_form")
        or (
            ScoreForm(criteria=criteria, current=scores, initial={**version, "notes": interview.notes})
            if may_run
            else None
        ),
        "result_form": posted.get("result_form")
        or (
            ResultForm(initial={**version, "result": interview.result or None, "reserve_rank": rank})
            if may_run and undecided
            else None
        ),
        "select_form": posted.get("select_form")
        or (
            SelectForm(asks_contract=offer_actions.needs_contract_length(job_order))
            if may_run and undecided and job_order.status == "interviewing"
            else None
        ),
        "cancel_form": posted.get("cancel_form") or (ReasonForm() if may_run and undecided else None),
    }


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="selection",
)
@login_required
@require_GET
@on_reader_clock
def interview_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    interview = access.interview_for_user(request.user, pk)
    return render(request, "placements/interview.html", _interview_context(request, interview))


def _interview_answer(
    request: AuthenticatedRequest, interview: Interview, section: str, form: forms.BaseForm, status: int
) -> HttpResponse:
    interview.refresh_from_db()
    context = _interview_context(request, interview, **{f"{section}_form": form})
    return _answer(request, "placements/interview.html", section, context, status)


def _done(request: AuthenticatedRequest, interview: Interview, message: str) -> HttpResponse:
    messages.success(request, message)
    return answers.done(request, reverse("interview_detail", args=[interview.pk]))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="selection")
@login_required
@require_POST
@on_reader_clock
def score_interview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = access.interview_for_user(user, pk, write=True)
    criteria = pages.criteria_of(interview.job_order)
    form = ScoreForm(request.POST, criteria=criteria, current={})
    if form.is_valid():
        try:
            actions.score_interview(
                interview_id=interview.pk,
                scores=form.scores(),
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"],
                by=user,
            )
        except actions.SelectionError as error:
            _refused(form, error)
        else:
            return _done(request, interview, _("The scores are saved."))
    answers.focus_first_error(form)
    return _interview_answer(request, interview, "score", form, answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="selection")
@login_required
@require_POST
@on_reader_clock
def interview_result(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = access.interview_for_user(user, pk, write=True)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            actions.set_result(
                interview_id=interview.pk,
                result=InterviewResult(form.cleaned_data["result"]),
                reserve_rank=form.cleaned_data["reserve_rank"],
                expected_version=form.cleaned_data["version"],
                by=user,
            )
        except actions.SelectionError as error:
            _refused(form, error)
        else:
            return _done(request, interview, _("The result is saved."))
    answers.focus_first_error(form)
    return _interview_answer(request, interview, "result", form, answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="selection")
@login_required
@require_POST
@on_reader_clock
def select_candidate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = access.interview_for_user(user, pk, write=True)
    form = SelectForm(request.POST, asks_contract=offer_actions.needs_contract_length(interview.job_order))
    if form.is_valid() and not form.asks_confirmation:
        try:
            offer = offer_actions.select_candidate(interview_id=interview.pk, contract_months=form.months(), by=user)
        except actions.SelectionError as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("%(name)s is selected: the offer is sent.") % {"name": interview.participant.full_name}
            )
            return answers.done(request, reverse("offer_detail", args=[offer.pk]))
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    return _interview_answer(request, interview, "select", form, status)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="selection")
@login_required
@require_POST
@on_reader_clock
def cancel_interview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    interview = access.interview_for_user(user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid() and not form.asks_confirmation:
        try:
            actions.cancel_interview(interview_id=interview.pk, reason=form.cleaned_data["reason"], by=user)
        except actions.SelectionError as error:
            _refused(form, error)
        else:
            return _done(request, interview, _("The interview is cancelled."))
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    return _interview_answer(request, interview, "cancel", form, status)


# --- the schedule ----------------------------------------------------------------------------

PAGE_SIZE = 100


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
)
@login_required
@require_GET
@on_reader_clock
def interview_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_selection(user):
        raise Http404
    visible = access.interviews_visible_to(user)
    past = request.GET.get("when") == "past"
    shown = visible.scheduled().filter(ends_at__lt=timezone.now()) if past else visible.upcoming()
    ordered = pages.interview_list(shown)
    context = {
        "page": Paginator(ordered.reverse() if past else ordered, PAGE_SIZE).get_page(request.GET.get("page")),
        "past": past,
        "counts": pages.interview_counts(visible),
        "show_counts": access.is_ministry(user),
        "zone": zones.zone_of(user, language=get_language()),
    }
    return render(request, "placements/interview_list.html", context)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
)
@login_required
@require_GET
def interview_calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The upcoming interviews a user sees, as an iCalendar file for their phone's calendar."""
    user = request.user
    if not access.may_see_selection(user):
        raise Http404
    upcoming = list(pages.interview_list(access.interviews_visible_to(user).upcoming()))
    # Names, times and places of candidates leave the system in this file: recorded like an export.
    audit.record(
        actor=user,
        action=AuditAction.VIEWED_SENSITIVE,
        target=user,
        changes={"interview_calendar": {"interviews": len(upcoming)}},
    )
    response = HttpResponse(calendar.ics(upcoming), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interviews.ics"'
    return response
