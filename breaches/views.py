"""The pages of the breach register: the ministry's list and a breach's page
(its clock, who was told, the forms that record the next step), and the
form on which anyone who writes for an organization reports a breach."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind
from accounts.requests import AuthenticatedRequest
from breaches import actions
from breaches.forms import BreachForm, NotificationForm, OutcomeForm
from breaches.models import MUST_BE_TOLD, TRANSITIONS, Breach, BreachStatus
from lib import answers

# The register is the ministry's (every breach, no narrower scope); anyone
# who writes for an organization reports one.
_REGISTER = routes.MINISTRY
_STEERING = routes.writers(OrganizationKind.MINISTRY)
_REPORTERS = routes.writers(*OrganizationKind)

# The buttons of the moves a breach's page offers, in this order.
_MOVE_ORDER = (BreachStatus.CONFIRMED, BreachStatus.CLOSED, BreachStatus.DISMISSED)
_MOVE_BUTTONS = {
    BreachStatus.CONFIRMED: _lazy("Confirm: it is a breach"),
    BreachStatus.CLOSED: _lazy("Close the breach"),
    BreachStatus.DISMISSED: _lazy("Not a breach: dismiss it"),
}


@routes.declare(get=_REGISTER)
@login_required
@require_GET
def breach_list(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_see_breaches(request.user):
        raise Http404
    now = timezone.now()
    breaches = access.breaches_visible_to(request.user).prefetch_related("notifications").newest_first()
    rows = [(breach, breach.clock_state(now), breach.hours_left(now)) for breach in breaches]
    return render(request, "breaches/list.html", {"rows": rows})


def _report_form(request: AuthenticatedRequest) -> BreachForm:
    user = request.user
    return BreachForm(
        request.POST if request.method == "POST" else None,
        reporters=access.breach_reporters_for(user),
        holders=access.breach_holders_for(user),
    )


@routes.declare(get=_REPORTERS, post=_REPORTERS)
@login_required
@require_http_methods(["GET", "POST"])
def breach_report(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_report_breach(request.user):
        raise Http404
    form = _report_form(request)
    if form.is_bound and form.is_valid():
        try:
            breach = actions.report_breach(
                details=form.details(), organization=form.cleaned_data["organization"], by=request.user
            )
        except actions.BreachRefused as refused:
            _add_problems(form, refused)
        else:
            return _reported(request, breach)
    answers.focus_first_error(form)
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, "breaches/report.html", {"form": form}, status=status)


def _reported(request: AuthenticatedRequest, breach: Breach) -> HttpResponse:
    if access.may_see_breaches(request.user):
        messages.success(request, _("The breach is recorded; its clock runs from the moment it was found."))
        return answers.done(request, reverse("breaches:breach_detail", args=[breach.pk]))
    messages.success(
        request,
        _("Thank you: the ministry was told of breach %(number)s and takes it from here.") % {"number": breach.number},
    )
    return answers.done(request, reverse("home"))


def _add_problems(form: NotificationForm | BreachForm | OutcomeForm, refused: actions.BreachRefused) -> None:
    for field, problem in refused.problems.items():
        form.add_error(field if field in form.fields else None, problem)


def _detail_page(
    request: AuthenticatedRequest,
    breach: Breach,
    *,
    notify_form: NotificationForm | None = None,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    steering = access.may_steer_breaches(request.user) and breach.is_open
    now = timezone.now()
    context = {
        "breach": breach,
        "clock_state": breach.clock_state(now),
        "hours_left": breach.hours_left(now),
        "notifications": breach.notifications.all(),
        "organizations": breach.organizations.order_by("name"),
        "must_be_told": [(audience.label, breach.first_told(audience)) for audience in MUST_BE_TOLD],
        "steering": steering,
        "moves": [(to, _MOVE_BUTTONS[to]) for to in _MOVE_ORDER if to in TRANSITIONS[BreachStatus(breach.status)]]
        if steering
        else [],
        "notify_form": notify_form if notify_form is not None else (NotificationForm() if steering else None),
        "outcome_form": outcome_form if outcome_form is not None else (OutcomeForm() if steering else None),
    }
    return render(request, "breaches/detail.html", context, status=status)


@routes.declare(get=_REGISTER)
@login_required
@require_GET
def breach_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _detail_page(request, access.breach_for_user(request.user, pk))


@routes.declare(post=_STEERING)
@login_required
@require_POST
def breach_notify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    breach = access.breach_for_user(request.user, pk, write=True)
    form = NotificationForm(request.POST)
    if form.is_valid():
        try:
            actions.record_notification(breach_id=breach.pk, details=form.details(), by=request.user)
        except actions.BreachRefused as refused:
            _add_problems(form, refused)
        else:
            messages.success(request, _("Recorded: who was told, when and how."))
            return answers.done(request, reverse("breaches:breach_detail", args=[breach.pk]))
    answers.focus_first_error(form)
    return _detail_page(request, breach, notify_form=form, status=answers.refused_status(request))


@routes.declare(post=_STEERING)
@login_required
@require_POST
def breach_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    breach = access.breach_for_user(request.user, pk, write=True)
    form = OutcomeForm(request.POST)
    moves = {str(status): status for status in BreachStatus}
    to = moves.get(request.POST.get("to", ""))
    if to is None:
        form.add_error(None, _("Choose what happens to the breach."))
    elif form.is_valid():
        try:
            actions.change_status(breach_id=breach.pk, to=to, outcome=form.cleaned_data["outcome"], by=request.user)
        except actions.BreachRefused as refused:
            _add_problems(form, refused)
        else:
            messages.success(request, _("The breach is now %(status)s.") % {"status": to.label})
            return answers.done(request, reverse("breaches:breach_detail", args=[breach.pk]))
    answers.focus_first_error(form)
    breach = access.breach_for_user(request.user, pk, write=True)
    return _detail_page(request, breach, outcome_form=form, status=answers.refused_status(request))
