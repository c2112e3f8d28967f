"""Résumé downloads: one candidate's 履歴書, or a whole shortlist's in one PDF.
Access through accounts.access (out of scope answers 404); every download
writes an audit row per participant it carries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from participants.models import Participant
from placements import resumes

PDF = "application/pdf"


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY),
    scope="resume",
)
@login_required
@require_GET
def participant_resume(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = access.resume_subject_for(request.user, pk)
    day = resumes.resume_day()
    content = resumes.resume_pdf(resumes.resumes_for([participant.pk], on=day), on=day)
    resumes.record_downloads(by=request.user, participants=[participant])
    return _download(content, f"rirekisho-{participant.pk}-{day:%Y%m%d}.pdf")


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="shortlist")
@login_required
@require_GET
def shortlist_resumes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every candidate kept on the order's shortlist, by rank, a page break between them."""
    user = request.user
    shortlist = access.resume_shortlist_for(user, access.job_order_for_user(user, pk))
    ids = list(shortlist.kept_entries().order_by("rank").values_list("participant_id", flat=True))
    if not ids:
        raise Http404
    day = resumes.resume_day()
    content = resumes.resume_pdf(resumes.resumes_for(ids, on=day), on=day)
    resumes.record_downloads(by=user, participants=Participant.objects.filter(pk__in=ids), shortlist=shortlist)
    return _download(content, f"rirekisho-job-order-{pk}-{day:%Y%m%d}.pdf")


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
