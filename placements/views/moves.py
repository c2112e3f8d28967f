"""The moves and endings of a placement in Japan: its page (the chain of the
person's placements, a disappearance, what may be done now), and one form per
action. Authorize through accounts.access, validate with a form, call one
action, answer at the action: a refusal is shown on the form with the rule's
explanation, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from placements.actions import chain, endings, legacy, transfers
from placements.forms.moves import (
    EndingForm,
    FoundForm,
    LegacyForm,
    MissingForm,
    ReportsForm,
    SswChangeForm,
    TransferForm,
)
from placements.models import Ending, Placement, PlacementStatus, StayStage
from placements.moves_sections import ActionKey, disappearance_of, moves_rows, moves_section, open_actions

PAGE_SIZE = 50


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY))
@login_required
@require_GET
def moves_list(request: AuthenticatedRequest) -> HttpResponse:
    """The people in Japan whom the user sees, the missing first, with the
    moves and endings the user may record for each; for the ministry, also
    those the record places in Japan with no placement (legacy data)."""
    user = request.user
    if not access.may_see_moves_list(user):
        raise Http404
    in_japan = access.placements_visible_to(user).filter(
        Q(status=PlacementStatus.IN_JAPAN) | Q(disappearance__isnull=False, disappearance__closed_on__isnull=True)
    )
    ordered = in_japan.select_related("participant", "company", "prefecture").order_by(
        F("disappearance__missing_since").desc(nulls_last=True), "participant__full_name", "pk"
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    placements = list(page)
    movable = set(
        access.placements_movable_by(user).filter(pk__in=[p.pk for p in placements]).values_list("pk", flat=True)
    )
    without = (
        legacy.without_placement(access.participants_visible_to(user)).order_by("full_name", "pk")[:PAGE_SIZE]
        if access.may_open_legacy_placement(user)
        else []
    )
    context = {"page": page, "rows": moves_rows(placements, movable=movable), "without": without}
    return render(request, "placements/moves_list.html", context)


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
def placement_moves(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = access.placement_for_user(user, pk)
    section = moves_section(placement, may_move=access.may_move(user, placement))
    context = {
        "placement": placement,
        "moves": section,
        # The Japanese side reads the placement, not the participant's record.
        "may_see_record": access.participants_visible_to(user).filter(pk=placement.participant_id).exists(),
        "may_record_incidents": access.may_record_incidents(user, placement),
    }
    return render(request, "placements/moves_placement.html", context)


def _form_page(
    request: AuthenticatedRequest,
    placement: Placement,
    *,
    key: str,
    form: forms.Form,
    title: StrOrPromise,
    call: Callable[[], object],
    done: StrOrPromise,
) -> HttpResponse:
    """Show ``form``; on a valid POST call the action and answer at the form:
    each refused field next to its field, a rule's refusal at the top."""
    allowed = key in open_actions(placement, disappearance_of(placement))
    if request.method == "POST" and allowed and form.is_valid():
        try:
            call()
        except chain.MoveRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except chain.MoveError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return answers.done(request, reverse("placement_moves", args=[placement.pk]))
    answers.focus_first_error(form)
    context = {"placement": placement, "form": form, "title": title, "key": key, "closed": not allowed}
    status = answers.REFUSED_ON_PAGE if form.is_bound else 200
    return render(request, "placements/moves_form.html", context, status=status)


def _data(request: AuthenticatedRequest) -> Any:
    return request.POST if request.method == "POST" else None


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_transfer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    form = TransferForm(
        _data(request),
        esd=placement.stage == StayStage.ESD,
        initial={"prefecture": placement.prefecture_id, "business_category": placement.business_category},
    )
    return _form_page(
        request,
        placement,
        key=ActionKey.TRANSFER,
        form=form,
        title=gettext_lazy("Transfer to another company"),
        call=lambda: transfers.transfer(placement_id=placement.pk, details=form.details(), by=request.user),
        done=gettext_lazy("The transfer is recorded: the new placement has started."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_ssw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    form = SswChangeForm(
        _data(request),
        initial={
            "company": placement.company_id,
            "prefecture": placement.prefecture_id,
            "work_site": placement.work_site,
        },
    )
    return _form_page(
        request,
        placement,
        key=ActionKey.SSW,
        form=form,
        title=gettext_lazy("Change to SSW i"),
        call=lambda: transfers.change_to_ssw_i(placement_id=placement.pk, details=form.details(), by=request.user),
        done=gettext_lazy("The change to SSW i is recorded."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    choices = list(endings.ENDING_STATUS) if placement.arrived_on else [Ending.RETURNED_EARLY]
    form = EndingForm(_data(request), endings=choices)
    return _form_page(
        request,
        placement,
        key=ActionKey.END,
        form=form,
        title=gettext_lazy("End the placement"),
        call=lambda: endings.end_placement(placement_id=placement.pk, details=form.details(), by=request.user),
        done=gettext_lazy("The end of the placement is recorded."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_missing(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    form = MissingForm(_data(request))
    return _form_page(
        request,
        placement,
        key=ActionKey.MISSING,
        form=form,
        title=gettext_lazy("Record a disappearance"),
        call=lambda: endings.record_missing(placement_id=placement.pk, details=form.details(), by=request.user),
        done=gettext_lazy("The disappearance is recorded. Record the reports to the police and OTIT once made."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_reports(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    disappearance = disappearance_of(placement)
    initial = (
        {"police_reported_on": disappearance.police_reported_on, "otit_reported_on": disappearance.otit_reported_on}
        if disappearance
        else {}
    )
    form = ReportsForm(_data(request), initial=initial)
    return _form_page(
        request,
        placement,
        key=ActionKey.REPORTS,
        form=form,
        title=gettext_lazy("Record the reports to the police and OTIT"),
        call=lambda: endings.record_reports(placement_id=placement.pk, by=request.user, **form.cleaned_data),
        done=gettext_lazy("The reports are recorded."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_found(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    form = FoundForm(_data(request))
    return _form_page(
        request,
        placement,
        key=ActionKey.FOUND,
        form=form,
        title=gettext_lazy("Found: back at work"),
        call=lambda: endings.record_found(
            placement_id=placement.pk, found_on=form.cleaned_data["found_on"], by=request.user
        ),
        done=gettext_lazy("The person is back at work: a placement on the same terms has started."),
    )


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def move_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    placement = access.movable_placement_for_user(request.user, pk)
    form = EndingForm(_data(request), endings=[Ending.DECEASED, Ending.RETURNED_EARLY])
    return _form_page(
        request,
        placement,
        key=ActionKey.CLOSE,
        form=form,
        title=gettext_lazy("Known dead or gone home"),
        call=lambda: endings.close_disappearance(placement_id=placement.pk, details=form.details(), by=request.user),
        done=gettext_lazy("The disappearance is closed."),
    )


@routes.declare(get=routes.writers(Kind.MINISTRY), post=routes.writers(Kind.MINISTRY))
@login_required
@require_http_methods(["GET", "POST"])
def open_placement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The ministry opens a placement for a person in Japan by their record with none."""
    user = request.user
    if not access.may_open_legacy_placement(user):
        raise Http404
    participant = access.participant_for_user(user, pk)
    form = LegacyForm(_data(request))
    closed = not legacy.needs_placement(participant)
    if request.method == "POST" and not closed and form.is_valid():
        try:
            placement = legacy.open_legacy_placement(participant_id=participant.pk, details=form.details(), by=user)
        except chain.MoveRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except chain.MoveError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The placement is open."))
            return answers.done(request, reverse("placement_moves", args=[placement.pk]))
    answers.focus_first_error(form)
    context = {"participant": participant, "form": form, "closed": closed}
    status = answers.REFUSED_ON_PAGE if form.is_bound else 200
    return render(request, "placements/moves_open.html", context, status=status)
