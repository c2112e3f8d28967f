"""Departure cohorts, the ministry's: the list with counts, planning one
(date, flight, route, escort), its board (who flies, what still blocks whom
on the flight date), adding and removing participants, the manifest, and
marking it departed after a confirmation. Authorize through accounts.access,
validate with a form, call one action, render."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from lib import answers
from participants.models import Status
from placements import manifest
from placements.actions import departure
from placements.departure_sections import departure_rows
from placements.forms.departure import AddMembersForm, CohortForm, DepartForm
from placements.gate import gates_for, with_gate_relations
from placements.models import CohortStatus, DepartureCohort, Placement, PlacementQuerySet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEPARTED_SHOWN = 20


def _pool(user: User) -> PlacementQuerySet:
    """Placements preparing to depart whose participant waits on no cohort yet."""
    return with_gate_relations(
        access.gates_visible_to(user)
        .preparing()
        .filter(cohort_member__isnull=True, participant__status=Status.PRE_DEPARTURE)
    ).order_by("job_order__start_date", "participant__full_name", "pk")


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def cohort_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_cohorts(user):
        raise Http404
    cohorts = access.cohorts_visible_to(user).annotate(people=Count("members"))
    planned = list(cohorts.planned().order_by("flight_date", "pk"))
    members = list(with_gate_relations(Placement.objects.filter(cohort_member__cohort__in=planned)))
    # Each member checked on its own cohort's flight date, which is its flight.
    gates = gates_for(members, today=timezone.localdate())
    blocked = Counter(p.cohort_member.cohort_id for p in members if not gates[p.pk].complete)
    context = {
        "planned": [(cohort, blocked[cohort.pk]) for cohort in planned],
        "departed": cohorts.filter(status=CohortStatus.DEPARTED).order_by("-flight_date", "-pk")[:DEPARTED_SHOWN],
        "waiting": _pool(user).count(),
        "may_manage": access.may_manage_cohorts(user),
    }
    return render(request, "placements/cohort_list.html", context)


@routes.declare(get=routes.writers(Kind.MINISTRY), post=routes.writers(Kind.MINISTRY))
@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_manage_cohorts(user):
        raise Http404
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = departure.create_cohort(details=form.details(), by=user)
        except departure.EntryRefused as refused:
            _add_errors(form, refused)
        else:
            messages.success(request, _("Cohort planned. Add the participants who fly on it."))
            return redirect("cohort_board", pk=cohort.pk)
    answers.focus_first_error(form)
    context = {"form": form, "cohort": None}
    return render(request, "placements/cohort_form.html", context, status=400 if form.is_bound else 200)


@routes.declare(get=routes.writers(Kind.MINISTRY), post=routes.writers(Kind.MINISTRY))
@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    cohort = access.cohort_for_user(user, pk, write=True)
    if not cohort.is_planned:
        raise Http404
    initial = {name: getattr(cohort, name) for name in departure.COHORT_FIELDS} | {"version": cohort.version}
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            departure.update_cohort(
                cohort_id=cohort.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except departure.EntryRefused as refused:
            _add_errors(form, refused)
        except departure.DepartureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("cohort_board", pk=cohort.pk)
    answers.focus_first_error(form)
    context = {"form": form, "cohort": cohort}
    return render(request, "placements/cohort_form.html", context, status=400 if form.is_bound else 200)


def _add_errors(form: CohortForm, refused: departure.EntryRefused) -> None:
    for field, problem in refused.problems.items():
        form.add_error(field if field in form.fields else None, problem)


# --- the board ----------------------------------------------------------------


def _board_context(
    user: User,
    cohort: DepartureCohort,
    *,
    add_form: AddMembersForm | None = None,
    add_refusals: list[str] | None = None,
    depart_form: DepartForm | None = None,
    depart_version: object = None,
    blockers: list[departure.Blocker] | None = None,
) -> dict[str, Any]:
    members = list(
        with_gate_relations(Placement.objects.filter(cohort_member__cohort=cohort))
        .select_related("participant__sending_organization")
        .order_by("participant__full_name", "pk")
    )
    may_manage = access.may_manage_cohorts(user) and cohort.is_planned
    pool = list(_pool(user)) if may_manage else []
    # Everyone on the cohort's flight date: the pool too, as if they flew on it.
    gates = gates_for([*members, *pool], today=timezone.localdate(), on=cohort.flight_date)
    health = {p.pk: access.may_view_health(user, p.participant) for p in [*members, *pool]}
    rows = departure_rows([gates[p.pk] for p in members], show_health=health, with_details=True)
    return {
        "cohort": cohort,
        "rows": rows,
        "ready": sum(row.complete for row in rows),
        "pool": departure_rows([gates[p.pk] for p in pool], show_health=health),
        "may_manage": may_manage,
        "add_form": add_form or AddMembersForm(visible=access.participants_visible_to(user)),
        "add_refusals": add_refusals or [],
        "depart_form": depart_form or DepartForm(),
        # The version of the list on the page: marking a list changed since is refused.
        "depart_version": cohort.version if depart_version is None else depart_version,
        "blockers": blockers or [],
        "may_depart": may_manage and bool(rows) and cohort.flight_date <= timezone.localdate(),
    }


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def cohort_board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cohort = access.cohort_for_user(request.user, pk)
    return render(request, "placements/cohort_board.html", _board_context(request.user, cohort))


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def cohort_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    cohort = access.cohort_for_user(user, pk, write=True)
    form = AddMembersForm(request.POST, visible=access.participants_visible_to(user))
    refusals: list[str] = []
    if form.is_valid():
        chosen = [participant.pk for participant in form.cleaned_data["participants"]]
        try:
            departure.add_to_cohort(cohort_id=cohort.pk, participant_ids=chosen, by=user)
        except departure.CohortRefused as refused:
            form.add_error(None, str(refused))
            refusals = refused.reasons
        except departure.DepartureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(count)s participant added.", "%(count)s participants added.", len(chosen))
                % {"count": len(chosen)},
            )
            return answers.done(request, reverse("cohort_board", args=[cohort.pk]))
    context = _board_context(user, cohort, add_form=form, add_refusals=refusals)
    template = "placements/cohort_board.html#add" if request.htmx else "placements/cohort_board.html"
    return render(request, template, context, status=answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def cohort_remove(request: AuthenticatedRequest, pk: int, placement_pk: int) -> HttpResponse:
    user = request.user
    cohort = access.cohort_for_user(user, pk, write=True)
    try:
        departure.remove_from_cohort(cohort_id=cohort.pk, placement_id=placement_pk, by=user)
    except departure.DepartureError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Taken off the cohort; their placement is unchanged."))
    return redirect("cohort_board", pk=cohort.pk)


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def cohort_depart(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    cohort = access.cohort_for_user(user, pk, write=True)
    form = DepartForm(request.POST)
    blockers: list[departure.Blocker] = []
    if not form.is_valid():
        form.add_error(None, _("The form was incomplete. Check the list, then mark the cohort departed again."))
    elif not form.asks_confirmation:
        try:
            departure.depart_cohort(cohort_id=cohort.pk, expected_version=form.cleaned_data["version"], by=user)
        except departure.CohortBlocked as blocked:
            form.add_error(None, str(blocked))
            blockers = blocked.blockers
        except departure.DepartureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The cohort has departed: everyone on it is now “departed”."))
            return answers.done(request, reverse("cohort_board", args=[cohort.pk]))
    # A question (mark departed?) or a refusal, answered at the button.
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    cohort.refresh_from_db()
    # With htmx only the section is replaced: the list above it is still the one that was posted.
    posted = form.data.get("version", "") if request.htmx else None
    context = _board_context(user, cohort, depart_form=form, depart_version=posted, blockers=blockers)
    template = "placements/cohort_board.html#depart" if request.htmx else "placements/cohort_board.html"
    return render(request, template, context, status=status)


@routes.declare(get=routes.MINISTRY)
@login_required
@require_GET
def cohort_manifest(request: AuthenticatedRequest, pk: int, file_format: str) -> HttpResponse:
    """The manifest as XLSX or PDF. It holds passport numbers: every
    download writes an audit row saying who took it, in which format, of how many."""
    user = request.user
    cohort = access.cohort_for_user(user, pk)
    rows = manifest.manifest_rows(cohort)
    audit.record(
        actor=user,
        action=AuditAction.VIEWED_SENSITIVE,
        target=cohort,
        changes={"passport": None, "manifest": {"format": file_format, "rows": len(rows)}},
    )
    name = f"manifest-{cohort.flight_date:%Y%m%d}-{cohort.flight_number.replace(' ', '')}.{file_format}"
    if file_format == "pdf":
        response = HttpResponse(manifest.manifest_pdf(cohort, rows), content_type="application/pdf")
    else:
        response = HttpResponse(manifest.manifest_xlsx(cohort, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
