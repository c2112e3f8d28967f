"""The pre-departure gate's pages: who departs when with what is still open
(LPK/SO, the Japanese side, the ministry), one placement's gate (also the
participant's own "before my flight"), and recording one item. Authorize
through accounts.access, validate with a form, call one action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from lib import answers
from placements.actions import departure
from placements.departure_sections import departure_rows, gate_rows
from placements.forms.departure import GateItemForm
from placements.gate import check, gates_for, programme_of, with_gate_relations
from placements.gate_items import ENTRY_FIELDS, SPECS
from placements.models import GateRecord, Placement, PlacementStatus
from reference.models import GateItem

PAGE_SIZE = 50


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
)
@login_required
@require_GET
def departure_list(request: AuthenticatedRequest) -> HttpResponse:
    """Everyone preparing to depart whom the user sees, soonest flight first,
    with what still stands between them and the aircraft."""
    user = request.user
    if not access.may_see_departures(user):
        raise Http404
    preparing = with_gate_relations(access.gates_visible_to(user).preparing()).order_by(
        F("cohort_member__cohort__flight_date").asc(nulls_last=True), "participant__full_name", "pk"
    )
    page = Paginator(preparing.select_related("participant__sending_organization"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    placements = list(page)
    gates = gates_for(placements, today=timezone.localdate())
    show_health = {p.pk: access.may_view_health(user, p.participant) for p in placements}
    yours = access.gate_items_recordable_for(user, [p.pk for p in placements])
    rows = departure_rows([gates[p.pk] for p in placements], show_health=show_health, yours=yours)
    context = {
        "page": page,
        "rows": rows,
        "total": page.paginator.count,
        "complete": sum(row.complete for row in rows),
        "may_see_cohorts": access.may_see_cohorts(user),
    }
    return render(request, "placements/departure_list.html", context)


def _gate_page(request: AuthenticatedRequest, placement: Placement) -> HttpResponse:
    user = request.user
    gate = check(placement, today=timezone.localdate())
    show_health = access.may_view_health(user, placement.participant)
    if show_health and any(item.health for item in gate.items):
        # Health data is specific personal data: every showing is recorded.
        audit.record_sensitive_view(actor=user, target=placement.participant, fields=["health_checks"])
    own = access.own_participant_record(user)
    rows = gate_rows(gate, show_health=show_health, recordable=access.gate_items_recordable_by(user, placement))
    context = {
        "placement": placement,
        "gate": gate,
        "rows": rows,
        "done": [row for row in rows if row.state == "met"],
        "missing": gate.missing_for(show_health=show_health),
        "may_see_participant": access.participants_visible_to(user).filter(pk=placement.participant_id).exists(),
        "may_record_health": access.may_record_health(user, placement.participant),
        "may_see_cohorts": access.may_see_cohorts(user),
    }
    mine = own is not None and own.pk == placement.participant_id
    return render(request, "placements/departure_mine.html" if mine else "placements/departure_gate.html", context)


def _visible_gate(user: User, pk: int) -> Placement:
    """The placement whose gate the user sees, with what the gate reads; 404 otherwise."""
    placement = with_gate_relations(access.gates_visible_to(user).filter(pk=pk)).first()
    if placement is None:
        raise Http404
    return placement


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="placement",
)
@login_required
@require_GET
def placement_gate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _gate_page(request, _visible_gate(request.user, pk))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def gate_record(request: AuthenticatedRequest, pk: int, item: str) -> HttpResponse:
    user = request.user
    placement = _visible_gate(user, pk)
    if item not in GateItem.values or not access.may_record_gate_item(user, placement, GateItem(item)):
        raise Http404
    kind = GateItem(item)
    if kind not in programme_of(placement).gate_item_kinds:
        raise Http404
    form = GateItemForm(request.POST or None, item=kind, initial=_current_values(placement, kind))
    if request.method == "POST" and form.is_valid():
        try:
            departure.record_gate_item(placement_id=placement.pk, item=kind, entry=form.entry(), by=user)
        except departure.EntryRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except departure.DepartureError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(item)s: recorded.") % {"item": capfirst(kind.label)})
            return redirect(f"{reverse('placement_gate', args=[placement.pk])}#item-{kind}")
    answers.focus_first_error(form)
    context = {
        "placement": placement,
        "item": kind,
        "form": form,
        "closed": placement.status != PlacementStatus.PREPARING,
    }
    return render(request, "placements/departure_record.html", context, status=400 if form.is_bound else 200)


def _current_values(placement: Placement, item: GateItem) -> dict[str, object]:
    """The item's current record, to correct or complete (a COE applied for, now issued)."""
    record = GateRecord.objects.current().filter(placement=placement, item=item).first()
    if record is None:
        return {}
    return {name: getattr(record, name) for name in ENTRY_FIELDS if name in SPECS[item].fields}
