"""Recording an incident of a placement: the placement's incidents so far,
and the form, for whoever records the placement's endings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from lib.languages import listed
from protection.actions.incidents import WHO_IS_TOLD, IncidentRefused, record_incident
from protection.forms.incidents import IncidentForm
from protection.models import Incident


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
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def placement_incidents(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # Whoever reads the placement's moves reads its incidents (the worker's
    # LPK/SO, the embassy…); only those who record its endings record one.
    writing = request.method == "POST"
    placement = access.incident_placement_for_user(request.user, pk, write=writing)
    may_record = writing or access.may_record_incidents(request.user, placement)
    form = IncidentForm(request.POST if writing else None) if may_record else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            record_incident(placement_id=placement.pk, details=form.details(), by=request.user)
        except IncidentRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The incident is recorded; those who must know are being told by e-mail."))
            return answers.done(request, reverse("protection:placement_incidents", args=[placement.pk]))
    if form is not None:
        answers.focus_first_error(form)
    incidents = Incident.objects.filter(placement=placement).select_related("placement", "disappearance").newest_first()
    context = {
        "placement": placement,
        "incidents": incidents,
        "form": form,
        "who_is_told": [
            (kind.label, listed(sorted(str(audience.label) for audience in told))) for kind, told in WHO_IS_TOLD.items()
        ],
    }
    status = answers.refused_status(request) if form is not None and form.is_bound else 200
    return render(request, "protection/placement_incidents.html", context, status=status)
