"""Participant pages: authorize through accounts.access, validate with a form,
call one action, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.models import User
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from lib import answers
from lib.katakana import suggest_katakana
from lib.private_files import private_file_response
from lib.query import query_text
from lib.seek import count_up_to, seek_page
from lib.storage import StorageFull
from lib.urls import query_with
from participants import actions, duplicates, readiness, sections
from participants.background_forms import BackgroundForms
from participants.forms import (
    DocumentForm,
    DuplicateReviewForm,
    HealthCheckForm,
    LanguageResultForm,
    ParticipantFilterForm,
    ParticipantForm,
    TransitionForm,
)
from participants.models import HELD_BY_PLACEMENT, SENSITIVE_FIELDS, Participant, PossibleDuplicate
from participants.records import Records
from placements.actions.legacy import needs_placement
from placements.return_sections import return_section


def _form_scope(user: User) -> dict[str, Any]:
    return {
        "training_centres": access.registration_training_centres(user),
        "sending_organizations": access.registration_sending_organizations(user),
        "require_sending_organization": access.registration_requires_sending_organization(user),
        "by": user,
    }


def _form_page(request: AuthenticatedRequest, form: ParticipantForm, participant: Participant | None) -> HttpResponse:
    typed_name = form["full_name"].value() or ""
    context = {
        "form": form,
        "participant": participant,
        "katakana_value": form["name_katakana"].value() or "",
        "katakana_suggested": suggest_katakana(str(typed_name)),
    }
    return render(request, "participants/form.html", context, status=400 if form.is_bound else 200)


# Past this many matches the list says "more than": an exact count of a
# million rows cost more than the page it heads.
COUNTED_UP_TO = 10_000
# A search is for finding someone: past this many matches it says "more than"
# too. Counting a common surname's 5,000 matches at a million participants read
# each of their rows a second time (the page had just sorted them).
SEARCH_COUNTED_UP_TO = 1_000


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY))
@login_required
@require_GET
def participant_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_participant_list(user):
        raise Http404
    visible = access.participants_visible_to(user)
    form = ParticipantFilterForm(request.GET)
    matching = form.filter(visible)
    page = seek_page(
        matching.for_list(),
        ordering=form.ordering(),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.PARTICIPANT_PAGE_SIZE,
        keys_first=form.reads_keys_first(),
    )
    context = {
        "form": form,
        "page": page,
        "total": count_up_to(matching, SEARCH_COUNTED_UP_TO if form.is_search() else COUNTED_UP_TO, keep_more=True),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page.next_cursor else None,
        "previous_query": (
            query_with(request.GET, before=page.previous_cursor, after=None) if page.previous_cursor else None
        ),
        "may_register": access.may_register_participants(user),
    }
    template = "participants/list.html#results" if request.htmx else "participants/list.html"
    return render(request, template, context)


def _detail_context(
    user: User,
    participant: Participant,
    transition_form: TransitionForm | None,
    *,
    records: Records,
    checked: readiness.Readiness,
) -> dict[str, Any]:
    today = timezone.localdate()
    may_write = access.may_change_participant(user, participant)
    placement = access.current_placement_of(user, participant)
    if may_write and transition_form is None and participant.allowed_next_statuses():
        transition_form = TransitionForm(participant=participant, checklist=checked)
    show_health = access.may_view_health(user, participant)
    own = access.own_participant_record(user)
    return {
        "participant": participant,
        "history": participant.history.select_related("changed_by"),
        "may_write": may_write,
        "may_view_sensitive": access.may_view_sensitive(user, participant),
        "may_view_audit": access.may_view_audit(user),
        "may_record_health": access.may_record_health(user, participant),
        "may_upload": access.may_upload_documents(user, participant),
        "may_verify": access.may_verify_documents(user, participant),
        "transition_form": transition_form if may_write else None,
        # Where the person works (or will): employer, prefecture and whom to call.
        "placement": placement,
        # Before the flight, the placement's gate is where the work is.
        "may_see_gate": placement is not None
        and placement.is_preparing
        and access.gates_visible_to(user).filter(pk=placement.pk).exists(),
        # Coming home: the flight, the follow-ups, the certificate (placements.return_sections).
        "returns": return_section(user, placement) if placement is not None and not placement.is_preparing else None,
        # Selected and pre-departure follow the offer: the status card links to it.
        "may_see_offer": participant.status in HELD_BY_PLACEMENT and access.may_see_selection_of(user, participant),
        # In Japan the status follows the placement: its moves and endings page, or,
        # for a person in Japan by the record with none (legacy data), the ministry opens one.
        "moves_url": reverse("placement_moves", args=[placement.pk])
        if placement is not None and not placement.is_preparing
        else "",
        "may_open_placement": access.may_open_legacy_placement(user) and needs_placement(participant),
        # Once the person has left, the pre-departure checklist no longer guides anyone.
        "checklist": sections.checklist(checked, show_health=show_health) if participant.is_before_departure else None,
        "language": sections.language(records, today=today),
        # None, not empty: for those who may not see health data the section is
        # absent, so not even "no checks yet" is said.
        "health": sections.health(records, today=today) if show_health else None,
        "documents": sections.documents(records, today=today),
        "enrolments": sections.enrolments(participant, classes_visible=access.classes_visible_to(user), today=today),
        "background": sections.background(participant),
        "may_download_resume": access.may_download_resume(user, participant),
        # The participant is not shown the review of their own record.
        "duplicates": (
            sections.possible_duplicates(participant, visible=access.participants_visible_to(user))
            if own is None or own.pk != participant.pk
            else ()
        ),
    }


def _render_detail(
    request: AuthenticatedRequest,
    participant: Participant,
    transition_form: TransitionForm | None,
    *,
    status: int,
    checked: readiness.Readiness | None = None,
) -> HttpResponse:
    records = Records.of(participant)
    if checked is None:
        checked = readiness.check(participant, on=timezone.localdate(), records=records)
    context = _detail_context(request.user, participant, transition_form, records=records, checked=checked)
    if context["health"] is not None:
        # Health data is specific personal data: every showing is recorded.
        audit.record_sensitive_view(actor=request.user, target=participant, fields=["health_checks"])
    return render(request, "participants/detail.html", context, status=status)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY)
    | routes.PARTICIPANT,
    scope="participant",
)
@login_required
@require_GET
def participant_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = access.participant_for_user(request.user, pk)
    return _render_detail(request, participant, None, status=200)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY)
    | routes.PARTICIPANT,
    scope="participant",
)
@login_required
@require_GET
def participant_sensitive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """NIK and address, shown on request and audit-logged (UU 27/2022)."""
    user = request.user
    participant = access.participant_for_user(user, pk)
    if not access.may_view_sensitive(user, participant):
        raise Http404
    audit.record_sensitive_view(actor=user, target=participant, fields=SENSITIVE_FIELDS)
    return render(request, "participants/detail.html#sensitive", {"participant": participant, "revealed": True})


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
)
@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_register_participants(user):
        raise Http404
    form = ParticipantForm(request.POST or None, **_form_scope(user))
    if request.method == "POST" and form.is_valid():
        try:
            participant = actions.register_participant(details=form.details(), by=user)
        except actions.ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": participant.full_name})
            return redirect("participant_detail", pk=participant.pk)
    return _form_page(request, form, None)


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    loaded_version = participant.version
    form = ParticipantForm(request.POST or None, instance=participant, **_form_scope(user))
    if request.method == "GET":
        # The edit form shows the NIK and address in full: that is a sensitive read.
        audit.record_sensitive_view(actor=user, target=participant, fields=SENSITIVE_FIELDS)
        form.initial["version"] = loaded_version
    elif form.is_valid():
        try:
            actions.update_participant(
                participant_id=participant.pk,
                details=form.details(),
                expected_version=form.cleaned_data["version"] or 0,
                by=user,
            )
        except actions.ParticipantError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("participant_detail", pk=participant.pk)
    return _form_page(request, form, participant)


@routes.declare(
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="participant"
)
@login_required
@require_POST
def participant_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    checked = readiness.check(participant, on=timezone.localdate())
    form = TransitionForm(request.POST, participant=participant, checklist=checked)
    if form.is_valid() and not form.asks_confirmation:
        try:
            actions.change_status(
                participant_id=participant.pk, to=form.wanted, by=user, reason=form.cleaned_data["reason"]
            )
        except actions.ParticipantError as error:
            form.add_error(_refused_field(error), _refusal(error, user, participant))
        else:
            messages.success(request, _("Status changed."))
            return answers.done(request, reverse("participant_detail", args=[participant.pk]))
    # A question (confirm a final status) or a refusal, answered at the form.
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    if request.htmx:
        context = {"participant": participant, "transition_form": form}
        return render(request, "participants/detail.html#status-change", context, status=status)
    return _render_detail(request, participant, form, status=status, checked=checked)


def _refused_field(error: actions.ParticipantError) -> str:
    """The field a refusal is about: the reason, or else the status asked for."""
    return "reason" if isinstance(error, actions.ReasonRequired) else "to"


def _refusal(error: actions.ParticipantError, user: User, participant: Participant) -> str:
    if isinstance(error, actions.NotReady):
        return error.message_for(show_health=access.may_view_health(user, participant))
    return str(error)


@routes.declare(get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION))
@login_required
@require_GET
def katakana_suggestion(request: AuthenticatedRequest) -> HttpResponse:
    """Re-suggest the katakana name while the full name is typed, unless the
    user has already written their own."""
    if (
        not access.may_register_participants(request.user)
        and not access.participants_writable_by(request.user).exists()
    ):
        raise Http404
    current = query_text(request.GET, "name_katakana")
    last_suggestion = query_text(request.GET, "katakana_suggested")
    suggestion = suggest_katakana(query_text(request.GET, "full_name"))
    keep_own = bool(current) and current != last_suggestion
    return render(
        request,
        "participants/form.html#katakana",
        {"katakana_value": current if keep_own else suggestion, "katakana_suggested": suggestion},
    )


# --- language results, health checks, documents -------------------------------


def _record_page(
    request: AuthenticatedRequest,
    participant: Participant,
    form: LanguageResultForm | HealthCheckForm | DocumentForm,
    *,
    title: str,
) -> HttpResponse:
    context = {"participant": participant, "form": form, "title": title, "uploads": isinstance(form, DocumentForm)}
    return render(request, "participants/record_form.html", context, status=400 if form.is_bound else 200)


def _back_to(participant: Participant, section: str) -> HttpResponse:
    return redirect(f"{reverse('participant_detail', args=[participant.pk])}#{section}")


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def language_result_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    form = LanguageResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_language_result(participant_id=participant.pk, details=form.details(), by=user)
        messages.success(request, _("Language result recorded."))
        return _back_to(participant, "language")
    return _record_page(request, participant, form, title=_("Record a language result"))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION),
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def health_check_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk)
    if not access.may_record_health(user, participant):
        raise Http404
    form = HealthCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_health_check(participant_id=participant.pk, details=form.details(), by=user)
        messages.success(request, _("Health check recorded."))
        return _back_to(participant, "health")
    return _record_page(request, participant, form, title=_("Record a health check"))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT,
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    participant = access.participant_for_user(user, pk)
    if not access.may_upload_documents(user, participant):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            actions.upload_document(participant_id=participant.pk, upload=form.upload(), by=user)
        except actions.ParticipantError as error:
            form.add_error("file", str(error))
        except StorageFull as full:
            form.add_error("file", str(full))
        else:
            messages.success(request, _("Document uploaded."))
            return _back_to(participant, "documents")
    return _record_page(request, participant, form, title=_("Upload a document"))


@routes.declare(
    get=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION),
    scope="participant",
)
@login_required
@require_http_methods(["GET", "POST"])
def participant_background(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Education and earlier work, edited as one table each, as the résumé shows them."""
    user = request.user
    participant = access.participant_for_user(user, pk, write=True)
    forms = BackgroundForms(
        request.POST or None, participant=participant, fingerprint=actions.background_fingerprint(participant.pk)
    )
    if request.method == "POST" and forms.is_valid():
        try:
            actions.save_background(
                participant_id=participant.pk,
                education=forms.education_details(),
                work=forms.work_details(),
                expected_fingerprint=forms.fingerprint,
                by=user,
            )
        except actions.ParticipantError as error:
            forms.refuse(str(error))
        else:
            messages.success(request, _("Education and work history saved."))
            return _back_to(participant, "background")
    context = {"participant": participant, "forms": forms}
    return render(request, "participants/background.html", context, status=400 if request.method == "POST" else 200)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION, Kind.EMBASSY)
    | routes.PARTICIPANT,
    scope="participant",
)
@login_required
@require_GET
def document_file(request: AuthenticatedRequest, pk: int, document_pk: int) -> FileResponse:
    """The file itself, only through the access check; MEDIA_ROOT has no URL."""
    document = access.document_for_user(request.user, pk, document_pk)
    response = private_file_response(document.file, content_type=document.content_type, filename=document.original_name)
    audit.record_sensitive_view(
        actor=request.user, target=document.participant, fields=[f"documents.{document.kind}#{document.pk}"]
    )
    return response


@routes.declare(
    post=routes.writers(Kind.MINISTRY, Kind.TRAINING_CENTRE, Kind.SENDING_ORGANIZATION), scope="participant"
)
@login_required
@require_POST
def document_verify(request: AuthenticatedRequest, pk: int, document_pk: int) -> HttpResponse:
    user = request.user
    document = access.document_for_user(user, pk, document_pk)
    if not access.may_verify_documents(user, document.participant):
        raise Http404
    try:
        actions.verify_document(document_id=document.pk, by=user)
    except actions.ParticipantError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Document verified."))
    return _back_to(document.participant, "documents")


# --- possible duplicates ------------------------------------------------------

DUPLICATES_PER_PAGE = 50
_PAIR_RELATIONS = tuple(
    f"{side}__{relation}"
    for side in ("participant", "other")
    for relation in ("training_centre", "sending_organization", "vocational_programme")
)


def _duplicate_queue(
    request: AuthenticatedRequest, *, failed: tuple[int, DuplicateReviewForm] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    if not access.may_review_duplicates(user):
        raise Http404
    queue = access.duplicates_to_review_by(user).order_by("flagged_at", "id")
    flags = list(queue.select_related(*_PAIR_RELATIONS)[:DUPLICATES_PER_PAGE])
    # A rejected decision (or one to confirm) comes back in its own row, with what was typed.
    forms = {flag.pk: DuplicateReviewForm(prefix=f"flag-{flag.pk}") for flag in flags}
    if failed is not None and failed[0] in forms:
        forms[failed[0]] = failed[1]
    rows = [(flag, forms[flag.pk]) for flag in flags]
    context = {"rows": rows, "total": queue.count()}
    return render(request, "participants/duplicates.html", context, status=status)


@routes.declare(get=routes.writers(Kind.MINISTRY))
@login_required
@require_GET
def duplicate_queue(request: AuthenticatedRequest) -> HttpResponse:
    return _duplicate_queue(request)


@routes.declare(post=routes.writers(Kind.MINISTRY))
@login_required
@require_POST
def duplicate_review(request: AuthenticatedRequest, flag_pk: int) -> HttpResponse:
    user = request.user
    # Someone who may not review gets 404 like any page out of their scope,
    # before anything about the flag is told (a redirect would say it exists).
    if not access.may_review_duplicates(user):
        raise Http404
    flag = access.duplicates_to_review_by(user).filter(pk=flag_pk).first()
    if flag is None:
        # Reviewers are ministry writers, who see every record: a flag that
        # exists was reviewed meanwhile, and saying so is no leak.
        if not PossibleDuplicate.objects.filter(pk=flag_pk).exists():
            raise Http404
        messages.error(request, _("This possible duplicate is no longer open for review."))
        return answers.done(request, reverse("duplicate_queue"))
    form = DuplicateReviewForm(request.POST, prefix=f"flag-{flag.pk}")
    if form.is_valid() and not form.asks_confirmation:
        try:
            duplicates.review_possible_duplicate(
                flag_id=flag.pk, decision=form.cleaned_data["decision"], note=form.cleaned_data["note"], by=user
            )
        except duplicates.NoteRequired as error:
            form.add_error("note", str(error))
        except duplicates.AlreadyReviewed as error:
            messages.error(request, str(error))
            return answers.done(request, reverse("duplicate_queue"))
        else:
            messages.success(request, _("Review saved."))
            return answers.done(request, reverse("duplicate_queue"))
    # A question (confirm "same person") or a refusal, answered in the pair's own row.
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    if request.htmx:
        return render(request, "participants/duplicates.html#review", {"flag": flag, "form": form}, status=status)
    return _duplicate_queue(request, failed=(flag.pk, form), status=status)
