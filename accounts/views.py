from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.requests import AuthenticatedRequest
from participants.models import Status


@login_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    """Staff see counts by status over what they may count; a participant goes to their own record."""
    user = request.user
    own = access.own_participant_record(user)
    if own is not None and not access.memberships_of(user):
        return redirect("participant_detail", pk=own.pk)
    counts = dict(
        access.participants_counted_for(user).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_status = [(status, counts.get(status.value, 0)) for status in Status]
    context = {
        "memberships": access.memberships_of(user),
        "by_status": by_status,
        "total": sum(counts.values()),
        "may_see_list": access.may_see_participant_list(user),
        "duplicates_to_review": access.duplicates_to_review_by(user).count(),
    }
    return render(request, "home.html", context)
