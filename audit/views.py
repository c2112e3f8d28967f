from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from audit.models import AuditEntry, ChangeRow
from lib.query import query_text
from lib.seek import seek_page
from lib.urls import query_with


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    changes: list[ChangeRow]


def _rows(entries: list[AuditEntry]) -> list[EntryRow]:
    return [EntryRow(entry=entry, changes=entry.change_rows()) for entry in entries]


@routes.declare(get=routes.admins(Kind.MINISTRY))
@login_required
@require_GET
def audit_log(request: AuthenticatedRequest) -> HttpResponse:
    """Who changed or viewed what; ministry administrators only."""
    user = request.user
    if not access.may_view_audit(user):
        raise Http404
    entries = AuditEntry.objects.select_related("actor")
    target_type, target_id = query_text(request.GET, "type"), query_text(request.GET, "id")
    if target_type and target_id:
        entries = entries.filter(target_type=target_type, target_id=target_id)
    actor = query_text(request.GET, "actor")
    if actor:
        entries = entries.filter(actor__username=actor)
    page = seek_page(
        entries,
        ordering=("-at", "-id"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.PARTICIPANT_PAGE_SIZE,
    )
    context = {
        "rows": _rows(page.rows),
        "actor": actor,
        "target_type": target_type,
        "target_id": target_id,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous_query": (
            query_with(request.GET, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
    }
    return render(request, "audit/log.html", context)
