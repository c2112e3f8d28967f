"""Each user's first screen: the work waiting for them and their part of the programme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.requests import AuthenticatedRequest
from home import overviews
from home.journey import journey_of
from home.work import work_for
from reports.home import reports_card


@routes.declare(get=routes.SIGNED_IN)
@login_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    own = access.own_participant_record(user)
    if own is not None and not access.memberships_of(user):
        mine: dict[str, object] = {
            "journey": journey_of(own, today=today),
            "checkin": access.waiting_checkin_of(user, today=today),
            "safety_questions": access.own_safety_questions(user),
        }
        return render(request, "home/participant.html", mine)
    in_japan = overviews.in_japan_counts(user)
    context = {
        "memberships": access.memberships_of(user),
        "work": work_for(user, today=today),
        "orders": overviews.partner_orders(user),
        "served": overviews.served_orders(user),
        "supported": overviews.supported_orders(user, today=today),
        "prefecture": overviews.prefecture_counts(user),
        "members": overviews.association_members(user, today=today),
        "in_japan": in_japan,
        "workplaces": overviews.in_japan_by_workplace(user),
        "classes": overviews.running_classes(user, today=today),
        # The embassy sees only the workers in Japan: their counts by status are those above.
        "by_status": [] if in_japan else overviews.status_counts(user),
        "reports": reports_card(user),
    }
    return render(request, "home/staff.html", context)
