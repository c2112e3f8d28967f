"""Matching pages: authorize through accounts.access, validate, call one
action, render. Anything out of scope answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from joborders.models import HOLDING_POSITIONS, JobOrder
from lib import answers
from matching import actions
from matching.engine.columns import CHECK_RANK, Constraint, FitLevel
from matching.explain import FITS, REASONS, reason_counts, score_parts
from matching.forms import ExcludeForm, PublishForm, WeightsForm
from matching.matches import match_order, match_participant
from matching.models import ScoreWeights, Shortlist, ShortlistEntry, ShortlistStatus
from matching.profiles import limited_profiles

PAGE_SIZE = 100


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY))
@login_required
@require_GET
def shortlist_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_shortlists(user):
        raise Http404
    shortlists = (
        access.shortlists_visible_to(user)
        .exclude(status=ShortlistStatus.CLOSED)
        .select_related("job_order__company")
        .annotate(kept=Count("entries", filter=Q(entries__excluded_at__isnull=True)))
        .order_by("-computed_at", "-id")  # an aggregate drops Meta.ordering
    )
    context = {
        "page": Paginator(shortlists, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_plan": access.may_run_matching(user),
        "may_set_weights": access.may_set_weights(user),
    }
    return render(request, "matching/shortlist_list.html", context)


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def draft_all_shortlists(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_run_matching(user):
        raise Http404
    actions.start_all_shortlists(by=user)
    messages.success(
        request,
        _("Draft shortlists are being made for every open job order without one. They appear here as they are ready."),
    )
    return redirect("shortlist_list")


# --- one job order's shortlist --------------------------------------------------


def _visible_shortlist(user: User, job_order: JobOrder) -> Shortlist | None:
    return access.shortlists_visible_to(user).filter(job_order=job_order).exclude(status=ShortlistStatus.CLOSED).first()


def _shortlist_page(
    request: AuthenticatedRequest,
    job_order: JobOrder,
    *,
    exclude_form: ExcludeForm | None = None,
    failed_entry: int | None = None,
    publish_form: PublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    shortlist = _visible_shortlist(user, job_order)
    may_run = access.may_run_matching(user)
    if shortlist is None and not may_run:
        raise Http404
    profiles = limited_profiles(shortlist, list(shortlist.entries.order_by("rank"))) if shortlist else []
    draft = shortlist is not None and shortlist.is_draft
    context = {
        "job_order": job_order,
        "shortlist": shortlist,
        "kept": [profile for profile in profiles if not profile.entry.is_excluded],
        "taken_off": [profile for profile in profiles if profile.entry.is_excluded],
        # Taken off by selection after publishing (selected elsewhere, an offer declined): the Japanese side reads why.
        "gone": [
            profile
            for profile in profiles
            if shortlist is not None
            and shortlist.published_at is not None
            and profile.entry.excluded_at is not None
            and profile.entry.excluded_at > shortlist.published_at
        ],
        "ruled_out": reason_counts(shortlist.ruled_out) if shortlist else [],
        # Orders of a later TITP stage match nobody from the pool yet: say why before anyone runs it.
        "stage_note": str(REASONS[Constraint.TITP_STAGE]) if (job_order.titp_stage or 0) >= 2 else "",
        "may_run": may_run and job_order.status in HOLDING_POSITIONS and (shortlist is None or draft),
        "may_review": may_run and draft,
        "exclude_form": exclude_form or ExcludeForm(initial={"version": shortlist.version if shortlist else 0}),
        "failed_entry": failed_entry,
        "publish_form": publish_form or PublishForm(),
        # The version of the list on the page: publishing what someone changed meanwhile is refused.
        "publish_version": shortlist.version if shortlist else 0,
    }
    return render(request, "matching/shortlist.html", context, status=status)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="shortlist")
@login_required
@require_GET
def job_order_shortlist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The ministry's working page for a job order, and the published list for the Japanese side."""
    return _shortlist_page(request, access.job_order_for_user(request.user, pk))


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def run_shortlist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = access.job_order_for_user(user, pk)
    if not access.may_run_matching(user):
        raise Http404
    try:
        shortlist = actions.run_shortlist(job_order_id=job_order.pk, by=user)
    except actions.MatchingError as error:
        messages.error(request, str(error))
    else:
        count = shortlist.kept_entries().count()
        messages.success(
            request,
            ngettext("%(count)s candidate on the draft.", "%(count)s candidates on the draft.", count)
            % {"count": number_format(count)},
        )
    return redirect("job_order_shortlist", pk=job_order.pk)


def _draft_entry(user: User, pk: int, entry_pk: int) -> tuple[JobOrder, ShortlistEntry]:
    job_order = access.job_order_for_user(user, pk)
    if not access.may_run_matching(user):
        raise Http404
    entry = ShortlistEntry.objects.filter(pk=entry_pk, shortlist__job_order=job_order).first()
    if entry is None:
        raise Http404
    return job_order, entry


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def exclude_entry(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    user = request.user
    job_order, entry = _draft_entry(user, pk, entry_pk)
    form = ExcludeForm(request.POST)
    if form.is_valid():
        try:
            actions.exclude_entry(
                entry_id=entry.pk,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=user,
            )
        except actions.MatchingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The candidate is off the list."))
            return redirect("job_order_shortlist", pk=job_order.pk)
    return _shortlist_page(request, job_order, exclude_form=form, failed_entry=entry.pk, status=400)


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def publish_shortlist(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    job_order = access.job_order_for_user(user, pk)
    shortlist = _visible_shortlist(user, job_order)
    if shortlist is None or not access.may_run_matching(user):
        raise Http404
    form = PublishForm(request.POST)
    if not form.is_valid():
        form.add_error(None, _("The form was incomplete. Review the list, then publish again."))
    elif not form.asks_confirmation:
        try:
            actions.publish_shortlist(shortlist_id=shortlist.pk, expected_version=form.cleaned_data["version"], by=user)
        except actions.MatchingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The shortlist is published to the company and its supervising organization."))
            return answers.done(request, reverse("job_order_shortlist", args=[job_order.pk]))
    # A question (publish?) or a refusal, answered at the publish button.
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    if request.htmx:
        context = {
            "job_order": job_order,
            "shortlist": shortlist,
            "publish_form": form,
            "kept": list(shortlist.kept_entries()),
            # Only this section is replaced: the list on the page is still the one that was posted.
            "publish_version": form.data.get("version", ""),
        }
        return render(request, "matching/shortlist.html#publish", context, status=status)
    return _shortlist_page(request, job_order, publish_form=form, status=status)


# --- one participant ---------------------------------------------------------------


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY)
    | routes.PARTICIPANT,
    scope="participant",
)
@login_required
@require_GET
def participant_matches(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The open job orders a participant fits, best first, and why not the others."""
    user = request.user
    participant = access.participant_for_user(user, pk)
    weights = ScoreWeights.objects.current()
    found = match_participant(
        participant=participant,
        orders=JobOrder.objects.holding_positions(),
        weights=weights.as_engine(),
        today=timezone.localdate(),
    )
    engine_weights = weights.as_dict()
    context = {
        "participant": participant,
        "found": found,
        "fitting": [
            (fit.job_order, fit.score, str(FITS[FitLevel(fit.fit)]), score_parts(fit.parts, engine_weights))
            for fit in found.fitting
        ],
        "ruled_out": [
            (str(REASONS[reason]), count)
            for reason, count in sorted(found.ruled_out.items(), key=lambda item: CHECK_RANK[item[0]])
        ],
        "at_cap": found.live_shortlists >= weights.shortlist_cap,
    }
    return render(request, "matching/participant.html", context)


@routes.declare(get=routes.members(Kind.SENDING_ORGANIZATION), scope="job_order")
@login_required
@require_GET
def job_order_candidates(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """For an LPK/SO serving an order: which of its own candidates fit it, best first, and why not the others."""
    user = request.user
    job_order = access.job_order_for_user(user, pk)
    if not access.serving_organizations_of(user, job_order):
        raise Http404
    own = access.own_candidates_for(user, job_order)
    weights = ScoreWeights.objects.current()
    found = match_order(
        job_order=job_order, weights=weights.as_engine(), today=timezone.localdate(), among=own, keep=PAGE_SIZE
    )
    names = own.in_bulk([candidate.participant_id for candidate in found.chosen])
    engine_weights = weights.as_dict()
    context = {
        "job_order": job_order,
        "found": found,
        "candidates": [
            (names[c.participant_id], c.score, str(FITS[FitLevel(c.fit)]), score_parts(c.parts, engine_weights))
            for c in found.chosen
        ],
        "ruled_out": [(str(REASONS[reason]), count) for reason, count in sorted(found.ruled_out.items())],
    }
    return render(request, "matching/candidates.html", context)


# --- weights ---------------------------------------------------------------------


@routes.declare(get=routes.writers(Kind.MINISTRY), post=routes.writers(Kind.MINISTRY))
@login_required
@require_http_methods(["GET", "POST"])
def weights(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_run_matching(user) and not access.may_set_weights(user):
        raise Http404
    may_set = access.may_set_weights(user)
    current = ScoreWeights.objects.current()
    if request.method == "POST":
        if not may_set:
            raise Http404
        form = WeightsForm(request.POST)
        if form.is_valid():
            actions.set_weights(values=form.values(), note=form.cleaned_data["note"], by=user)
            messages.success(request, _("The new weights apply to shortlists and plans made from now on."))
            return redirect("matching_weights")
    else:
        form = WeightsForm(initial={**current.as_dict(), "note": ""})
    context = {
        "form": form if may_set else None,
        "current": current,
        "history": ScoreWeights.objects.select_related("set_by")[:20],
    }
    return render(request, "matching/weights.html", context, status=400 if form.is_bound else 200)
