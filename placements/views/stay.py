"""Pages about work in Japan: the list of placements (the Japanese side's own,
the embassy's everyone in Japan), one placement's page (the participant's own
on their phone), recording the arrival, a stage move and upskilling, and a
prefecture's counts. Authorize through accounts.access, validate with a
form, call one action, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import Organization
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from placements.actions import arrival, stages, upskilling
from placements.duty_pages import placement_duties_section
from placements.forms.stay import (
    ArrivalForm,
    PlacementFilterForm,
    StageMoveForm,
    UpskillingCorrectionForm,
    UpskillingForm,
)
from placements.models import NEXT_TITP_STAGE, Placement, PlacementStatus, StayStage
from placements.moves_sections import moves_section
from placements.return_sections import return_section
from placements.stay_pages import prefecture_figures, stay_summary

PAGE_SIZE = 50
# Administrators and officers of the ministry, supervising organizations and companies: who records a stay.
STAY_WRITERS = routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)


@routes.declare(get=routes.members(*routes.PLACEMENT_FOLLOWERS))
@login_required
@require_GET
def placement_list(request: AuthenticatedRequest) -> HttpResponse:
    """The placements the user sees, in Japan now unless a filter says otherwise."""
    user = request.user
    if not access.may_see_placement_list(user):
        raise Http404
    visible = access.placements_visible_to(user)
    companies = Organization.objects.filter(pk__in=visible.values("company")).order_by("name")
    form = PlacementFilterForm(request.GET or None, companies=companies)
    placements = form.filter(visible).select_related("participant", "company", "prefecture", "job_category")
    # The stage ending soonest first; those whose arrival is still to record after them.
    ordered = placements.order_by(F("planned_end_on").asc(nulls_last=True), "participant__full_name", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    shown = [placement.pk for placement in page]
    context = {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "query": query.urlencode(),
        # The rows whose arrival the user records: their "arrival not recorded" is a link to do it.
        "writable": set(access.stay_writable_by(user).filter(pk__in=shown).values_list("pk", flat=True)),
        "may_see_moves_list": access.may_see_moves_list(user),
    }
    return render(request, "placements/stay_list.html", context)


def _visible(request: AuthenticatedRequest, pk: int) -> Placement:
    placement = access.placement_for_user(request.user, pk)
    # What the page names besides the placement_for_user relations.
    return Placement.objects.select_related(
        "participant",
        "company__company_profile",
        "supervising_organization__supervising_profile",
        "support_organization__support_profile",
        "prefecture",
        "job_order",
        "job_category",
        "operation",
        "ssw_field",
    ).get(pk=placement.pk)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY,
        Kind.TRAINING_CENTRE,
        Kind.SENDING_ORGANIZATION,
        Kind.SUPERVISING_ORGANIZATION,
        Kind.COMPANY,
        Kind.EMBASSY,
    )
    | routes.PARTICIPANT,
    scope="placement",
)
@login_required
@require_GET
def placement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = _visible(request, pk)
    summary = stay_summary(placement, today=timezone.localdate())
    may_record = access.may_record_stay(user, placement) and placement.is_in_japan
    own = access.own_participant_record(user)
    context: dict[str, Any] = {
        "placement": placement,
        "stay": summary,
        "may_record_arrival": may_record and placement.arrived_on is None,
        "may_move": may_record and summary.next_stage is not None,
        "may_record_upskilling": may_record and placement.arrived_on is not None,
        "may_see_participant": access.participants_visible_to(user).filter(pk=placement.participant_id).exists(),
        "may_see_gate": placement.is_preparing and access.gates_visible_to(user).filter(pk=placement.pk).exists(),
        # The person's other placements the user may see: their history in Japan.
        "history": list(
            access.placements_visible_to(user)
            .filter(participant=placement.participant_id)
            .exclude(pk=placement.pk)
            .select_related("company")
            .latest_first()
        ),
    }
    mine = own is not None and own.pk == placement.participant_id
    # The sections of the other areas of issue 13, each from its own function.
    context |= placement_duties_section(placement, user, now=timezone.now())
    context["returns"] = return_section(user, placement)
    if not mine:
        context["moves"] = moves_section(placement, may_move=access.may_move(user, placement))
    return render(request, "placements/stay_mine.html" if mine else "placements/stay_detail.html", context)


@routes.declare(
    get=STAY_WRITERS,
    post=STAY_WRITERS,
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def record_arrival(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = access.stay_placement_for_user(user, pk)
    form = ArrivalForm(
        request.POST or None, stage=StayStage(placement.stage), initial={"work_site": placement.work_site}
    )
    if request.method == "POST" and form.is_valid():
        try:
            arrival.record_arrival(placement_id=placement.pk, details=form.details(), by=user)
        except arrival.ArrivalRefused as refused:
            _errors_at_fields(form, refused.problems)
        except arrival.ArrivalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The arrival is recorded: the first stage has started."))
            return redirect(reverse("placement_detail", args=[placement.pk]))
    answers.focus_first_error(form)
    context = {
        "placement": placement,
        "form": form,
        "closed": placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on is not None,
    }
    return render(request, "placements/stay_arrival.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=STAY_WRITERS,
    post=STAY_WRITERS,
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def stage_move(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = access.stay_placement_for_user(user, pk)
    summary = stay_summary(placement, today=timezone.localdate())
    target = summary.next_stage or StayStage.TITP_II
    form = StageMoveForm(request.POST or None, target=target, initial={"version": placement.version})
    explanation: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            stages.move_stage(
                placement_id=placement.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"],
                by=user,
            )
        except stages.StageMoveRefused as refused:
            _errors_at_fields(form, refused.problems)
            for reason in refused.reasons:
                form.add_error(None, reason)
            explanation = [str(message) for message in refused.answer.explanation] if refused.answer else []
        except stages.StageMoveError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The stage move is recorded."))
            return redirect(reverse("placement_detail", args=[placement.pk]))
    answers.focus_first_error(form)
    context = {
        "placement": placement,
        "stay": summary,
        "target": target,
        "form": form,
        "explanation": explanation,
        "closed": placement.status != PlacementStatus.IN_JAPAN
        or summary.current is None
        or summary.current.stage not in NEXT_TITP_STAGE,
    }
    return render(request, "placements/stay_move.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=STAY_WRITERS,
    post=STAY_WRITERS,
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def record_upskilling(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = access.stay_placement_for_user(user, pk)
    form = UpskillingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            upskilling.record_upskilling(placement_id=placement.pk, details=form.details(), by=user)
        except upskilling.UpskillingRefused as refused:
            _errors_at_fields(form, refused.problems)
        except upskilling.UpskillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded."))
            return redirect(f"{reverse('placement_detail', args=[placement.pk])}#upskilling")
    answers.focus_first_error(form)
    context = {
        "placement": placement,
        "form": form,
        "closed": placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on is None,
    }
    return render(request, "placements/stay_upskilling.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=STAY_WRITERS,
    post=STAY_WRITERS,
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def correct_upskilling(request: AuthenticatedRequest, pk: int, record_pk: int) -> HttpResponse:
    user = request.user
    placement = access.stay_placement_for_user(user, pk)
    record = get_object_or_404(placement.upskilling.all(), pk=record_pk)
    form = UpskillingCorrectionForm(request.POST or None, initial=UpskillingCorrectionForm.initial_for(record))
    if request.method == "POST" and form.is_valid():
        try:
            upskilling.correct_upskilling(
                record_id=record.pk, details=form.details(), version=form.cleaned_data["version"], by=user
            )
        except upskilling.StaleUpskilling as stale:
            # The form shows the record as it is now: what was typed would overwrite someone's correction.
            messages.error(request, str(stale))
            return redirect("correct_upskilling", pk=placement.pk, record_pk=record.pk)
        except upskilling.UpskillingRefused as refused:
            _errors_at_fields(form, refused.problems)
        except upskilling.UpskillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Corrected."))
            return redirect(f"{reverse('placement_detail', args=[placement.pk])}#upskilling")
    answers.focus_first_error(form)
    context = {
        "placement": placement,
        "form": form,
        "correcting": True,
        "closed": placement.status != PlacementStatus.IN_JAPAN or placement.arrived_on is None,
    }
    return render(request, "placements/stay_upskilling.html", context, status=400 if form.is_bound else 200)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.PREFECTURE))
@login_required
@require_GET
def prefecture_placements(request: AuthenticatedRequest) -> HttpResponse:
    """A prefecture's workers counted by programme, stage and job: nobody named."""
    user = request.user
    if not access.may_see_prefecture_figures(user):
        raise Http404
    prefectures = access.figure_prefectures(user)
    chosen = next((p for p in prefectures if str(p.pk) == request.GET.get("prefecture")), None)
    chosen = chosen or next(iter(prefectures), None)
    context = {
        "prefectures": prefectures if len(prefectures) > 1 else [],
        "figures": prefecture_figures(chosen) if chosen else None,
    }
    return render(request, "placements/stay_prefecture.html", context)


def _errors_at_fields(form: forms.Form, problems: dict[str, str]) -> None:
    for field, problem in problems.items():
        form.add_error(field if field in form.fields else None, problem)
