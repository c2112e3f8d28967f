"""Participant pages: authorize through accounts.access, validate with a form,
call one action, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.models import Organization, User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from lib.katakana import suggest_katakana
from lib.seek import seek_page
from lib.urls import query_with
from participants import actions
from participants.forms import ParticipantFilterForm, ParticipantForm, TransitionForm
from participants.models import SENSITIVE_FIELDS, Participant, Status


def _form_scope(user: User) -> dict[str, Any]:
    return {
        "training_centres": access.registration_training_centres(user),
        "sending_organizations": access.registration_sending_organizations(user),
        "require_sending_organization": access.registration_requires_sending_organization(user),
    }


def _form_page(request: AuthenticatedRequest, form: ParticipantForm, participant: Participant | None) -> HttpResponse:
    typed_name = form["full_name"].value() or ""
    context = {
        "form": form,
        "participant": participant,
        "katakana_value": form["name_katakana"].value() or "",
        "katakana_suggested": suggest_katakana(str(typed_name)),
    }
    return render(request, "participants/form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_GET
def participant_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_participant_list(user):
        raise Http404
    visible = access.participants_visible_to(user)
    # Organization names are not personal data: offering every centre and LPK/SO
    # as a filter costs nothing, where deriving them from the visible rows scans them.
    form = ParticipantFilterForm(
        request.GET,
        training_centres=Organization.objects.training_centres(),
        sending_organizations=Organization.objects.sending_organizations(),
    )
    matching = form.filter(visible)
    page = seek_page(
        matching.select_related("training_centre", "sending_organization", "vocational_programme"),
        ordering=form.ordering(),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.PARTICIPANT_PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "total": matching.count(),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous_query": (
            query_with(request.GET, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
        "may_register": access.may_register_participants(user),
    }
    template = "participants/list.html#results" if request.htmx else "participants/list.html"
    return render(request, template, context)


def _detail_context(user: User, participant: Participant, transition_form: TransitionForm | None) -> dict[str, Any]:
    may_write = access.participants_writable_by(user).filter(pk=participant.pk).exists()
    if may_write and transition_form is None and participant.allowed_next_statuses():
        transition_form = TransitionForm(participant=participant)
    return {
        "participant": participant,
        "history": participant.history.select_related("changed_by"),
        "may_write": may_write,
        "may_view_sensitive": access.may_view_sensitive(user, participant),
        "may_view_audit": access.may_view_audit(user),
        "transition_form": transition_form if may_write else None,
    }


@login_required
@require_GET
def participant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk)
    return render(request, "participants/detail.html", _detail_context(user, participant, None))


@login_required
@require_GET
def participant_sensitive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """NIK and address, shown on request and audit-logged (UU 27/2022)."""
    user = request.user
    participant = access.participant_for_user(user, pk)
    if not access.may_view_sensitive(user, participant):
        raise Http404
    audit.record_sensitive_view(actor=user, target=participant, fields=SENSITIVE_FIELDS)
    return render(request, "participants/detail.html#sensitive", {"participant": participant, "revealed": True})


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_register_participants(user):
        raise Http404
    form = ParticipantForm(request.POST or None, **_form_scope(user))
    if request.method == "POST" and form.is_valid():
        try:
            participant = actions.register_participant(details=form.details(), by=user)
        except actions.ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
            return redirect("participant_detail", pk=participant.pk)
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    loaded_version = participant.version
    form = ParticipantForm(request.POST or None, instance=participant, **_form_scope(user))
    if request.method == "GET":
        # The edit form shows the NIK and address in full: that is a sensitive read.
        audit.record_sensitive_view(actor=user, target=participant, fields=SENSITIVE_FIELDS)
        form.initial["version"] = loaded_version
    elif form.is_valid():
        try:
            actions.update_participant(
                participant_id=participant.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except actions.ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participant_detail", pk=participant.pk)
    return _form_page(request, form, participant)


@login_required
@require_POST
def participant_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    form = TransitionForm(request.POST, participant=participant)
    if form.is_valid():
        try:
            actions.change_status(
                participant_id=participant.pk,
                to=Status(form.cleaned_data["to"]),
                by=user,
                reason=form.cleaned_data["reason"],
            )
        except actions.ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Status changed."))
            return redirect("participant_detail", pk=participant.pk)
    context = _detail_context(user, participant, form)
    return render(request, "participants/detail.html", context, status=400)


@login_required
@require_GET
def katakana_suggestion(request: AuthenticatedRequest) -> HttpResponse:
    """Re-suggest the katakana name while the full name is typed, unless the
    user has already written their own."""
    if (
        not access.may_register_participants(request.user)
        and not access.participants_writable_by(request.user).exists()
    ):
        raise Http404
    current = request.GET.get("name_katakana", "")
    last_suggestion = request.GET.get("katakana_suggested", "")
    suggestion = suggest_katakana(request.GET.get("full_name", ""))
    keep_own = bool(current) and current != last_suggestion
    return render(
        request,
        "participants/form.html#katakana",
        {"katakana_value": current if keep_own else suggestion, "katakana_suggested": suggestion},
    )
