"""Coming home: the list of who is due home and the return form (the
ministry and the Japanese side), the certificate of completion, the
follow-ups of one return (also the returnee's own phone page) and entering
one, and the list of returnees with follow-ups due (BLK, LPK/SO, ministry).
Authorize through accounts.access, validate with a form, call one action,
render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from lib import answers
from placements import certificates
from placements.actions import returns as actions
from placements.forms.returns import FollowUpForm, ReturnForm
from placements.models import Ending, FollowUp, PlacementStatus, follow_up_today
from placements.return_sections import follow_up_rows
from placements.zones import TOKYO

PAGE_SIZE = 50


@routes.declare(get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY))
@login_required
@require_GET
def coming_home(request: AuthenticatedRequest) -> HttpResponse:
    """Placements in Japan, the contract's end soonest first, and early
    returns whose flight is not recorded: whose return home to record."""
    user = request.user
    if not access.may_record_returns(user):
        raise Http404
    awaiting = Q(status=PlacementStatus.IN_JAPAN, arrived_on__isnull=False) | Q(
        status=PlacementStatus.ENDED, ending=Ending.RETURNED_EARLY, home_return__isnull=True
    )
    placements = (
        access.returns_recordable_by(user)
        .filter(awaiting)
        .select_related("participant", "company", "prefecture")
        .order_by(F("planned_end_on").asc(nulls_last=True), "participant__full_name", "pk")
    )
    page = Paginator(placements, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "today": timezone.localdate(timezone=TOKYO)}
    return render(request, "placements/return_coming_home.html", context)


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def record_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    placement = access.return_placement_for(user, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_return(placement_id=placement.pk, details=form.details(), by=user)
        except actions.ReturnRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except actions.ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s's return home is recorded.") % {"name": placement.participant.full_name},
            )
            return redirect(f"{reverse('coming_home')}#top")
    answers.focus_first_error(form)
    context = {"placement": placement, "form": form, "open": actions.may_return(placement)}
    return render(request, "placements/return_form.html", context, status=400 if form.is_bound else 200)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    scope="placement",
)
@login_required
@require_GET
def completion_certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The certificate of completion as a PDF, Indonesian and Japanese."""
    user = request.user
    placement = access.certificate_placement_for(user, pk)
    day = certificates.issue_day()
    pdf = certificates.certificate_pdf(
        certificates.certificate_for(placement, skill_tests=certificates.passed_tests_of(placement), on=day)
    )
    certificates.record_download(by=user, placement=placement)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{placement.pk}-{day:%Y%m%d}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    scope="placement",
)
@login_required
@require_GET
def return_follow_ups(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One return's follow-ups: the returnee's own page on their phone, and
    their BLK's, LPK/SO's and the ministry's."""
    user = request.user
    home = access.home_return_for(user, pk)
    own = access.own_participant_record(user)
    context = {
        "home": home,
        "placement": home.placement,
        "rows": follow_up_rows(user, home, today=follow_up_today()),
        "is_own": own is not None and own.pk == home.placement.participant_id,
        "may_download_certificate": access.may_download_certificate(user, home.placement),
        "may_see_returnees": access.may_see_returnees(user),
    }
    return render(request, "placements/return_follow_ups.html", context)


@routes.declare(
    get=routes.writers(Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    post=routes.writers(Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    scope="placement",
)
@login_required
@require_http_methods(["GET", "POST"])
def follow_up_form(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    follow_up = access.follow_up_for_user(user, pk)
    today = follow_up_today()
    initial = _current_answers(follow_up) or {"contacted_on": today}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_follow_up(follow_up_id=follow_up.pk, answers=form.answers(), by=user, today=today)
        except actions.ReturnRefused as refused:
            for field, problem in refused.problems.items():
                form.add_error(field if field in form.fields else None, problem)
        except actions.ReturnError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: the follow-up is saved."))
            return redirect(f"{reverse('return_follow_ups', args=[follow_up.placement_id])}#top")
    answers.focus_first_error(form)
    context = {"follow_up": follow_up, "form": form, "open": follow_up.is_open_on(today)}
    return render(request, "placements/return_follow_up.html", context, status=400 if form.is_bound else 200)


def _current_answers(follow_up: FollowUp) -> dict[str, object]:
    """An entered follow-up's answers, to correct them."""
    if not follow_up.is_entered:
        return {}
    in_trade = {True: "yes", False: "no"}.get(follow_up.in_trade) if follow_up.in_trade is not None else ""
    return {
        "contacted_on": follow_up.contacted_on,
        "work": follow_up.work,
        "in_trade": in_trade,
        "income_band": follow_up.income_band,
        "wants_ssw": follow_up.wants_ssw,
        "note": follow_up.note,
    }


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def returnee_list(request: AuthenticatedRequest) -> HttpResponse:
    """Returnees the user follows up, those with overdue follow-ups first, then those due."""
    user = request.user
    if not access.may_see_returnees(user):
        raise Http404
    today = follow_up_today()
    returns = access.returns_visible_to(user).with_follow_ups_open(on=today)
    waiting = request.GET.get("show") != "all"
    shown = returns.filter(Q(overdue__gt=0) | Q(due__gt=0)) if waiting else returns
    ordered = shown.select_related(
        "placement__participant__sending_organization", "placement__company", "placement__prefecture"
    ).order_by("-overdue", "-due", F("next_due_on").asc(nulls_last=True), "-returned_on", "pk")
    context = {
        "page": Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page")),
        "waiting": waiting,
        "today": today,
        "total": returns.count(),
    }
    return render(request, "placements/return_list.html", context)
