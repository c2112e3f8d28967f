"""The handlers' pages: the case list with its filters, and the case page
with one form per action (assign, status, escalate, refer, the reporter's
consent, notes and messages, outcome). Authorize through accounts.access,
validate with a form, call one action, answer at the action (lib.answers).

Who reported a case is shown only per ``may_know_reporter``; what the
reporter wrote only to the same people, everyone else reading what the
referral to them shared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import Organization, User
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from lib import answers
from lib.private_files import private_file_response
from lib.seek import seek_page
from lib.urls import query_with
from protection.actions import conversation, handling
from protection.actions.cases import CaseError, change_status
from protection.forms.handling import (
    AssignForm,
    CaseFilterForm,
    ConsentForm,
    EscalateForm,
    NoteForm,
    ReferenceForm,
    ReferForm,
    ResolveForm,
    StatusForm,
)
from protection.models import Body, Case, ConsentGivenBy, ConsentPurpose, Level, Remedy, Status, Visibility

TEMPLATE = "protection/case_detail.html"
NEWEST_FIRST = ("-opened_at", "-id")
F = TypeVar("F", bound=forms.Form)


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="referral",
)
@login_required
@require_GET
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_case_list(user):
        raise Http404
    now = timezone.now()
    form = CaseFilterForm(request.GET)
    matching = form.filter(access.cases_visible_to(user), user=user, now=now)
    page = seek_page(
        matching.select_related("assigned_organization", "assigned_to"),
        ordering=NEWEST_FIRST,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.CASE_PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "total": matching.count(),
        "now": now,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous_query": (
            query_with(request.GET, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
    }
    template = "protection/case_list.html#results" if request.htmx else "protection/case_list.html"
    return render(request, template, context)


def _steering_forms(user: User, case: Case) -> dict[str, forms.Form | None]:
    status_form = StatusForm(case=case)
    escalate_form = EscalateForm(case=case)
    return {
        "assign_form": AssignForm(
            case=case, organizations=access.case_holders_for(user), people=access.case_people_for(user, case)
        ),
        "status_form": status_form if status_form.has_choices else None,
        "escalate_form": escalate_form if case.is_open and escalate_form.has_choices else None,
        "refer_form": ReferForm(case=case) if case.is_open else None,
        "consent_form": ConsentForm(),
        "resolve_form": ResolveForm(case=case) if case.may_become(Status.RESOLVED) else None,
    }


def _case_context(request: AuthenticatedRequest, case: Case, **posted: forms.Form) -> dict[str, Any]:
    user = request.user
    steer = access.may_steer_case(user, case)
    knows = access.may_know_reporter(user, case)
    context: dict[str, Any] = {
        "case": case,
        "now": timezone.now(),
        "may_steer": steer,
        "knows_reporter": knows,
        "notes": access.case_notes_for(user, case).select_related("author", "organization"),
        "referrals": access.referrals_shown_to(user, case),
        "consents": case.consents.select_related("organization") if knows else [],
        # Files the reporter sent may name them as surely as their words.
        "attachments": case.attachments.all() if knows else [],
        "history": case.status_changes.select_related("by"),
        "escalations": case.escalations.select_related("by"),
        "note_form": NoteForm(to_reporter=steer) if access.may_handle_case(user, case) else None,
    }
    if steer:
        context.update(_steering_forms(user, case))
    context.update(posted)
    return context


def _show_case(request: AuthenticatedRequest, case: Case) -> None:
    """Reading who reported a case is a sensitive read, logged like a NIK's."""
    if access.may_know_reporter(request.user, case) and (case.participant_id or case.reporter_name):
        audit.record_sensitive_view(actor=request.user, target=case, fields=["reporter"])


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="case",
)
@login_required
@require_GET
def case_attachment(request: AuthenticatedRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file on the case, for those who may know who reported it; 404 for anyone else."""
    case = access.case_page_for(request.user, pk)
    attachment = case.attachments.filter(pk=attachment_pk).first()
    if attachment is None or not access.may_know_reporter(request.user, case):
        raise Http404
    response = private_file_response(
        attachment.file, content_type=attachment.content_type, filename=attachment.original_name
    )
    audit.record_sensitive_view(actor=request.user, target=case, fields=[f"attachments#{attachment.pk}"])
    return response


@routes.declare(
    get=routes.members(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="case",
)
@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = access.case_page_for(request.user, pk)
    _show_case(request, case)
    return render(request, TEMPLATE, _case_context(request, case))


def _answer(
    request: AuthenticatedRequest, case_id: int, section: str, form: forms.Form, *, name: str = ""
) -> HttpResponse:
    """The page (or, with htmx, the action's section) again with the refused
    form in it, the case as it is now."""
    case = access.case_page_for(request.user, case_id)
    answers.focus_first_error(form)
    context = _case_context(request, case, **{f"{name or section}_form": form})
    template = f"{TEMPLATE}#{section}" if request.htmx else TEMPLATE
    return render(request, template, context, status=answers.refused_status(request))


def _done(request: AuthenticatedRequest, case: Case, message: str) -> HttpResponse:
    messages.success(request, message)
    return answers.done(request, reverse("protection:case_detail", args=[case.pk]))


def _refused(form: F, error: CaseError, *, rebind: Callable[[QueryDict], F] | None = None) -> F:
    """The form with the action's refusal at its field. A stale form comes
    back with the case's new version and what the handler typed, so sending
    it again is a choice made on the case as it is now."""
    if rebind is not None and error.field is None and "version" in form.fields:
        form = rebind(_with_version(form))
        form.is_valid()
    form.add_error(error.field if error.field in form.fields else None, error.message)
    return form


def _with_version(form: forms.Form) -> QueryDict:
    case: Case = form.case  # type: ignore[attr-defined]
    case.refresh_from_db()
    data: QueryDict = form.data.copy()  # type: ignore[attr-defined]
    data["version"] = str(case.version)
    return data


def _steered(request: AuthenticatedRequest, pk: int) -> Case:
    """The case, if the user may steer it; 404 otherwise (the same as no case)."""
    case = access.case_page_for(request.user, pk, write=True)
    if not access.may_steer_case(request.user, case):
        raise Http404
    return case


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _steered(request, pk)
    organizations, people = access.case_holders_for(user), access.case_people_for(user, case)
    form = AssignForm(request.POST, case=case, organizations=organizations, people=people)
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.assign_case(
                case_id=case.pk,
                organization=data["organization"],
                person=data["person"],
                by=user,
                version=data["version"],
            )
        except CaseError as error:
            form = _refused(
                form, error, rebind=lambda d: AssignForm(d, case=case, organizations=organizations, people=people)
            )
        else:
            return _done(request, case, _("The case is assigned."))
    return _answer(request, case.pk, "assign", form)


@routes.declare(
    post=routes.writers(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="case",
)
@login_required
@require_POST
def case_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _steered(request, pk)
    form = StatusForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        to, reason, version = Status(data["to"]), data["reason"], data["version"]
        try:
            if to == Status.IN_PROGRESS and not case.is_open:
                handling.reopen_case(case_id=case.pk, by=user, version=version, reason=reason)
            else:
                change_status(case_id=case.pk, to=to, by=user, version=version, reason=reason)
        except CaseError as error:
            form = _refused(form, error, rebind=lambda d: StatusForm(d, case=case))
        else:
            return _done(request, case, _("The case is now %(status)s.") % {"status": to.label})
    return _answer(request, case.pk, "status", form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_escalate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _steered(request, pk)
    form = EscalateForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.escalate_case(
                case_id=case.pk, to=Level(data["to"]), by=user, version=data["version"], reason=data["reason"]
            )
        except CaseError as error:
            form = _refused(form, error, rebind=lambda d: EscalateForm(d, case=case))
        else:
            return _done(request, case, _("The case went up to %(level)s.") % {"level": Level(data["to"]).label})
    return _answer(request, case.pk, "escalate", form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_refer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _steered(request, pk)
    form = ReferForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.refer_case(
                case_id=case.pk,
                body=Body(data["body"]),
                organization=data["organization"],
                reference=data["reference"],
                shared=data["shared"],
                share_identity=data["share_identity"],
                by=user,
                version=data["version"],
            )
        except CaseError as error:
            form = _refused(form, error, rebind=lambda d: ReferForm(d, case=case))
        else:
            return _done(request, case, _("The referral is recorded with what was shared."))
    return _answer(request, case.pk, "refer", form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_consent(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Staff record a consent the reporter gave by phone or in person."""
    user = request.user
    case = _steered(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        body, organization = Body(data["body"]), data["organization"]
        try:
            handling.check_consent_target(body, organization)
        except CaseError as error:
            form = _refused(form, error)
        else:
            conversation.give_consent(
                case_id=case.pk,
                purpose=ConsentPurpose(data["purpose"]),
                body=body,
                given_by=ConsentGivenBy(data["given_by"]),
                recorded_by=user,
                organization=organization,
            )
            return _done(request, case, _("The reporter's consent is recorded."))
    return _answer(request, case.pk, "consent", form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_consent_withdraw(request: AuthenticatedRequest, pk: int, consent_pk: int) -> HttpResponse:
    """The reporter takes a consent back by phone or in person."""
    case = _steered(request, pk)
    consent = case.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    conversation.withdraw_consent(consent_id=consent.pk, by=request.user)
    return _done(request, case, _("The consent is withdrawn: no further referral rests on it."))


def _writing_organization(user: User, case: Case) -> Organization | None:
    """The organization a note is written for: the one holding the case, the
    one it was referred to, else the writer's first."""
    own = access.organizations_of(user, write=True)
    referred = set(case.referrals.values_list("organization_id", flat=True))
    for org in own:
        if org.pk == case.assigned_organization_id or org.pk in referred:
            return org
    return own[0] if own else None


@routes.declare(
    post=routes.writers(
        Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY, Kind.EMBASSY
    ),
    scope="case",
)
@login_required
@require_POST
def case_note(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = access.case_page_for(user, pk, write=True)
    form = NoteForm(request.POST, to_reporter=access.may_steer_case(user, case))
    if form.is_valid():
        visibility = Visibility(form.cleaned_data["visibility"])
        try:
            conversation.write_note(
                case_id=case.pk,
                text=form.cleaned_data["text"],
                visibility=visibility,
                by=user,
                organization=_writing_organization(user, case),
            )
        except CaseError as error:
            form = _refused(form, error)
        else:
            sent = visibility == Visibility.REPORTER
            return _done(request, case, _("Your message is sent to the reporter.") if sent else _("The note is added."))
    return _answer(request, case.pk, "note", form)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_referral_reference(request: AuthenticatedRequest, pk: int, referral_pk: int) -> HttpResponse:
    """The body's reference for a referral, when it comes after the referral."""
    case = _steered(request, pk)
    referral = case.referrals.filter(pk=referral_pk).first()
    if referral is None:
        raise Http404
    form = ReferenceForm(request.POST, referral_pk=referral.pk)
    if form.is_valid():
        handling.record_reference(referral_id=referral.pk, reference=form.cleaned_data["reference"], by=request.user)
        return _done(request, case, _("The reference is recorded."))
    return _answer(request, case.pk, "referrals", form, name="reference")


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.EMBASSY), scope="case")
@login_required
@require_POST
def case_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _steered(request, pk)
    form = ResolveForm(request.POST, case=case)
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.resolve_case(
                case_id=case.pk,
                outcome=data["outcome"],
                remedy=Remedy(data["remedy"]),
                by=user,
                version=data["version"],
            )
        except CaseError as error:
            form = _refused(form, error, rebind=lambda d: ResolveForm(d, case=case))
        else:
            return _done(request, case, _("The case is resolved, with its outcome and remedy."))
    return _answer(request, case.pk, "resolve", form)
