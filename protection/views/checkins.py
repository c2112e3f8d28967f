"""The monthly check-in: the worker's phone page, and the response rates
per company and supervising organization for the Indonesian side."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from protection.actions.checkins import CheckInError, answer_checkin
from protection.forms.checkins import CheckInForm
from protection.models import CheckIn, CheckInRound


@routes.declare(get=routes.PARTICIPANT, post=routes.PARTICIPANT, scope="own")
@login_required
@require_http_methods(["GET", "POST"])
def checkin_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The worker answers their own check-in, once, while its round takes answers."""
    checkin = access.own_checkin_for_user(request.user, pk)
    open_now = not checkin.is_answered and checkin.round.closes_on >= timezone.localdate()
    form = CheckInForm(request.POST if request.method == "POST" and open_now else None)
    if form.is_bound and form.is_valid():
        try:
            answered = answer_checkin(checkin_id=checkin.pk, answers=form.answers(), by=request.user)
        except CheckInError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _thanks(answered))
            return answers.done(request, reverse("home"))
    answers.focus_first_error(form)
    context = {"checkin": checkin, "form": form, "open_now": open_now}
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, "protection/checkin_answer.html", context, status=status)


def _thanks(checkin: CheckIn) -> str:
    if checkin.case_id is not None:
        return _("Thank you. Your LPK/SO has been told and will contact you.")
    return _("Thank you for answering. See you next month.")


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.ASSOCIATION, Kind.EMBASSY))
@login_required
@require_GET
def checkin_rates(request: AuthenticatedRequest) -> HttpResponse:
    """Response rates of one month's round, per company and supervising organization."""
    user = request.user
    if not access.may_see_checkin_rates(user):
        raise Http404
    rounds = list(CheckInRound.objects.newest_first()[:24])
    chosen = _chosen_round(rounds, request.GET.get("month", ""))
    checkins = access.checkins_counted_for(user).filter(round=chosen)
    context = {
        "rounds": rounds,
        "chosen": chosen,
        "companies": checkins.response_rates("company") if chosen else [],
        "supervising": checkins.response_rates("supervising_organization") if chosen else [],
    }
    return render(request, "protection/checkin_rates.html", context)


def _chosen_round(rounds: list[CheckInRound], month: str) -> CheckInRound | None:
    """The round of ``month`` (YYYY-MM), else the newest; an unknown month is the newest too."""
    try:
        wanted = datetime.datetime.strptime(month, "%Y-%m").date()  # noqa: DTZ007 - a month, no time of day
    except ValueError:
        wanted = None
    return next((r for r in rounds if r.month == wanted), rounds[0] if rounds else None)
