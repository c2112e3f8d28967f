"""Import pages (upload, preview with progress, confirm, cancel, errors) and
downloads (templates, participant exports). Authorize through accounts.access,
validate with a form, call one action, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from lib.query import BadQuery
from lib.storage import StorageFull
from participants.forms import ParticipantFilterForm
from participants.models import SENSITIVE_FIELDS
from spreadsheets import actions, display, undo, workbooks
from spreadsheets.forms import UploadForm
from spreadsheets.messages import describe_file_problem, describe_row_issue, describe_undo_kept
from spreadsheets.models import ImportJob, ImportKind, ImportState
from spreadsheets.participant_rows import CLEAR_MARKER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ISSUES_SHOWN = 200


def _kinds(user: User) -> list[ImportKind]:
    return [kind for kind in ImportKind if access.may_import(user, kind)]


KEPT_SHOWN = 200


def _job_for(user: User, pk: int) -> ImportJob:
    jobs = access.import_jobs_visible_to(user)
    job = jobs.select_related("uploaded_by", "confirmed_by", "undone_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def _row_number(value: str | None) -> int:
    """A row number from the query string or a form; 0 for anything else."""
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else 0


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
)
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    kinds = _kinds(user)
    organization = access.import_organization(user)
    if not kinds or organization is None:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.start_import(
                kind=ImportKind(form.cleaned_data["kind"]),
                upload=form.cleaned_data["file"],
                organization=organization,
                by=user,
            )
        except actions.ImportRefused as refusal:
            form.add_error(None, describe_file_problem(refusal.code, refusal.params))
        except StorageFull as full:
            form.add_error("file", str(full))
        else:
            return redirect("import_detail", pk=job.pk)
    context = {
        "form": form,
        "kinds": kinds,
        # The user's own organizations' recent imports; the ministry's help with others' is "interrupted".
        "jobs": access.import_jobs_visible_to(user)
        .filter(organization__in=[org.pk for org in access.organizations_of(user)])
        .select_related("uploaded_by")[:10],
        "interrupted": access.interrupted_imports_for(user).select_related("organization")[:50],
    }
    return render(request, "spreadsheets/upload.html", context, status=400 if form.is_bound else 200)


def _job_context(request: AuthenticatedRequest, job: ImportJob) -> dict[str, Any]:
    user = request.user
    problem = job.problem or {}
    conflicts_only = request.GET.get("show") == "conflicts"
    changes = display.change_page(job, user, after=_row_number(request.GET.get("after")), conflicts_only=conflicts_only)
    return {
        "job": job,
        "issues": [
            {**issue, "reason": describe_row_issue(issue["code"], issue["params"])}
            for issue in job.issues[:ISSUES_SHOWN]
        ],
        "issues_hidden": max(0, job.issue_count - ISSUES_SHOWN),
        "problem": describe_file_problem(problem["code"], problem["params"]) if problem else "",
        "notices": [describe_file_problem(notice["code"], notice["params"]) for notice in job.notices],
        "hidden_columns": ", ".join(f"{heading} ({letter})" for heading, letter in job.hidden_columns),
        "sample": display.sample_rows(job.sample),
        "may_change": access.may_change_import(user, job),
        "may_cancel": access.may_cancel_import(user, job),
        "committable": job.state == ImportState.VALIDATED and job.valid > 0,
        "changes": changes,
        "kept": display.kept_rows(job.undo_kept[:KEPT_SHOWN], user, describe_undo_kept),
        "kept_hidden": max(0, len(job.undo_kept) - KEPT_SHOWN),
        "clear_marker": CLEAR_MARKER,
    }


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_GET
def import_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    return render(request, "spreadsheets/job.html", _job_context(request, job))


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_GET
def import_progress(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while a worker checks or writes the rows;
    once it is done, the whole page reloads to show the preview or the result."""
    job = _job_for(request.user, pk)
    if not job.is_working:
        return HttpResponseClientRefresh()
    context = {"job": job, "may_cancel": access.may_cancel_import(request.user, job)}
    return render(request, "spreadsheets/job.html#progress", context)


def _changeable(request: AuthenticatedRequest, pk: int) -> ImportJob:
    job = _job_for(request.user, pk)
    if not access.may_change_import(request.user, job):
        raise Http404
    return job


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_POST
def import_commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _changeable(request, pk)
    try:
        job = actions.commit_import(job_id=job.pk, by=request.user)
    except actions.TransitionNotAllowed:
        messages.error(request, _("This import is not waiting for confirmation any more."))
    else:
        if job.state == ImportState.COMMITTED:
            messages.success(request, _("The import is complete."))
    return redirect("import_detail", pk=job.pk)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_POST
def import_decide(request: AuthenticatedRequest, pk: int, row: int) -> HttpResponse:
    """Write the file's values into a conflicting record, or keep the record."""
    job = _changeable(request, pk)
    try:
        actions.decide_conflict(job_id=job.pk, row=row, apply=request.POST.get("decision") == "apply", by=request.user)
    except actions.NotDecidable:
        raise Http404 from None
    except actions.TransitionNotAllowed:
        messages.error(request, _("This import is not waiting for confirmation any more."))
    return redirect(f"{reverse('import_detail', args=[job.pk])}{_same_page(request)}#row-{row}")


def _same_page(request: AuthenticatedRequest) -> str:
    query = {key: request.POST[key] for key in ("show", "after") if request.POST.get(key)}
    return f"?{urlencode(query)}" if query else ""


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_POST
def import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    if not access.may_cancel_import(request.user, job):
        raise Http404
    try:
        actions.cancel_import(job_id=job.pk, by=request.user)
    except actions.StillWorking:
        messages.error(
            request,
            _("This import is still being checked or written. It can be cancelled if it stops moving for a while."),
        )
        return redirect("import_detail", pk=job.pk)
    except actions.TransitionNotAllowed:
        messages.error(request, _("This import can no longer be cancelled."))
    else:
        messages.success(request, _("The import is cancelled; nothing was written."))
    return redirect("import_upload")


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="import",
)
@login_required
@require_http_methods(["GET", "POST"])
def import_undo(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What undoing the import would do (GET), and doing it (POST)."""
    job = _changeable(request, pk)
    if request.method == "POST":
        try:
            undo.undo_import(job_id=job.pk, by=request.user)
        except (undo.UndoRefused, actions.TransitionNotAllowed):
            messages.error(request, _("This import can no longer be undone."))
        else:
            messages.success(request, _("The import is undone."))
        return redirect("import_detail", pk=job.pk)
    if job.undo_until is None:
        raise Http404
    plan = undo.plan_undo(job, by=request.user)
    context = {
        "job": job,
        "plan": plan,
        "kept": display.kept_rows(plan.kept[:KEPT_SHOWN], request.user, describe_undo_kept),
        "kept_hidden": max(0, len(plan.kept) - KEPT_SHOWN),
    }
    return render(request, "spreadsheets/undo.html", context)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="import")
@login_required
@require_GET
def import_errors(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job_for(request.user, pk)
    response = HttpResponse(workbooks.errors_workbook(job), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-errors.xlsx"'
    return response


@routes.declare(get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def import_template(request: AuthenticatedRequest, kind: str) -> HttpResponse:
    user = request.user
    if kind not in ImportKind.values or not access.may_import(user, ImportKind(kind)):
        raise Http404
    content = workbooks.template_workbook(
        ImportKind(kind),
        training_centres=list(access.registration_training_centres(user).order_by("code")),
        lpks=list(access.registration_sending_organizations(user).order_by("code")),
        lpk_required=access.registration_requires_sending_organization(user),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="jembatan-{kind}-template.xlsx"'
    return response


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY))
@login_required
@require_GET
def participant_export(request: AuthenticatedRequest, file_format: str) -> HttpResponseBase:
    """The participant list as filtered on its page, in the import template's
    columns. It carries NIKs and addresses: one sensitive-view audit row says
    who exported how many, with which filters."""
    user = request.user
    if not access.may_see_participant_list(user):
        raise Http404
    form = ParticipantFilterForm(request.GET)
    if not form.is_valid():
        # An export must hold what its filters say, or nothing: a filter the
        # list page would ignore (and show as an error) would export everyone.
        field, errors = next(iter(form.errors.items()))
        raise BadQuery(field, str(errors[0]))
    participants = form.filter(access.participants_visible_to(user)).order_by(*form.ordering())
    filters = {key: value for key, value in request.GET.items() if key in form.fields and value}
    audit.record(
        actor=user,
        action=AuditAction.VIEWED_SENSITIVE,
        target=user,
        changes={
            **dict.fromkeys(SENSITIVE_FIELDS),
            "export": {"format": file_format, "rows": participants.count(), "filters": filters},
        },
    )
    name = f"jembatan-participants-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(workbooks.export_csv(participants), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(workbooks.export_xlsx(participants), as_attachment=True, filename=name, content_type=XLSX)
