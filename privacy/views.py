"""The data subject's pages: the participant's "My data" page (a copy of
everything, consent, correction and erasure requests) and the staff's queue
of requests with their review pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as K
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from audit.models import AuditAction
from lib import answers
from lib.pdf import render_pdf
from participants.models import SENSITIVE_FIELDS, Participant
from privacy import actions, export
from privacy.forms import (
    PDF_LANGUAGES,
    ConsentForm,
    CorrectionDecisionForm,
    CorrectionForm,
    ErasureDecisionForm,
    ErasureForm,
)
from privacy.models import (
    ConsentRecord,
    CorrectableField,
    CorrectionRequest,
    ErasureRequest,
    Purpose,
)
from privacy.retention import SCHEDULE, exceptions_for
from protection.models import Consent as ReferralConsent

MY_DATA = "privacy:my_data"
# Who decides a correction: who may change the record (its BLK, its LPK/SO, the ministry's officers).
REVIEWERS = routes.writers(K.MINISTRY, K.TRAINING_CENTRE, K.SENDING_ORGANIZATION)


def _my_data_page(
    request: AuthenticatedRequest,
    participant: Participant,
    *,
    correction: CorrectionForm | None = None,
    erasure: ErasureForm | None = None,
    failed: forms.Form | None = None,
) -> HttpResponse:
    if failed is not None:
        answers.focus_first_error(failed)
    context: dict[str, Any] = {
        "participant": participant,
        "photo_consent": actions.consent_in_force(participant.pk, Purpose.PHOTO_TO_PARTNERS),
        "consents": ConsentRecord.objects.filter(participant=participant).select_related("recorded_by"),
        "referral_consents": ReferralConsent.objects.filter(case__in=access.own_cases(request.user)),
        "corrections": CorrectionRequest.objects.filter(participant=participant),
        "erasures": ErasureRequest.objects.filter(participant=participant),
        "correction_form": correction or CorrectionForm(),
        "erasure_form": erasure or ErasureForm(),
        "pdf_languages": PDF_LANGUAGES,
        "schedule": SCHEDULE,
    }
    status = 200 if failed is None else answers.refused_status(request)
    return render(request, "privacy/my_data.html", context, status=status)


@routes.declare(get=routes.PARTICIPANT)
@login_required
@require_GET
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    return _my_data_page(request, access.own_data_subject(request.user))


def _audit_copy(request: AuthenticatedRequest, participant: Participant, kind: str) -> None:
    audit.record(actor=request.user, action=AuditAction.VIEWED_SENSITIVE, target=participant, changes={"copy": kind})


@routes.declare(get=routes.PARTICIPANT)
@login_required
@require_GET
def my_data_json(request: AuthenticatedRequest) -> HttpResponse:
    participant = access.own_data_subject(request.user)
    _audit_copy(request, participant, "json")
    now = timezone.now()
    content = export.as_json(export.personal_data(participant, user=request.user), made_at=now)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{now:%Y-%m-%d}.json"'
    return response


@routes.declare(get=routes.PARTICIPANT)
@login_required
@require_GET
def my_data_pdf(request: AuthenticatedRequest) -> HttpResponse:
    """The copy printed, in Indonesian, English or Japanese (``?language=``)."""
    participant = access.own_data_subject(request.user)
    language = request.GET.get("language", "id")
    if language not in PDF_LANGUAGES:
        raise Http404
    _audit_copy(request, participant, f"pdf-{language}")
    now = timezone.now()
    with translation.override(language):
        content = render_pdf(
            "privacy/my_data_pdf.html",
            {
                "language": language,
                "participant": participant,
                "sections": export.personal_data(participant, user=request.user),
                "made_at": export.made_on(now),
            },
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="my-data-{now:%Y-%m-%d}-{language}.pdf"'
    return response


@routes.declare(post=routes.PARTICIPANT)
@login_required
@require_POST
def photo_consent(request: AuthenticatedRequest) -> HttpResponse:
    participant = access.own_data_subject(request.user)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        # Only a forged post lacks the button's value; the page says nothing new.
        return answers.done(request, reverse(MY_DATA))
    given: bool = form.cleaned_data["given"]
    actions.record_consent(
        participant_id=participant.pk, purpose=Purpose.PHOTO_TO_PARTNERS, given=given, by=request.user
    )
    if given:
        messages.success(request, _("Your consent is recorded. You can withdraw it here at any time."))
    else:
        messages.success(request, _("Your consent is withdrawn: the next résumé leaves your photo out."))
    return answers.done(request, reverse(MY_DATA))


@routes.declare(post=routes.PARTICIPANT)
@login_required
@require_POST
def ask_correction(request: AuthenticatedRequest) -> HttpResponse:
    participant = access.own_data_subject(request.user)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            actions.ask_correction(
                participant_id=participant.pk,
                field=CorrectableField(form.cleaned_data["field"]),
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except actions.PrivacyError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your request was sent. You will find the answer on this page."))
            return answers.done(request, reverse(MY_DATA))
    return _my_data_page(request, participant, correction=form, failed=form)


@routes.declare(post=routes.PARTICIPANT)
@login_required
@require_POST
def ask_erasure(request: AuthenticatedRequest) -> HttpResponse:
    participant = access.own_data_subject(request.user)
    form = ErasureForm(request.POST)
    if form.is_valid():
        try:
            actions.ask_erasure(participant_id=participant.pk, reason=form.cleaned_data["reason"], by=request.user)
        except actions.PrivacyError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your request was sent. You will find the answer on this page."))
            return answers.done(request, reverse(MY_DATA))
    return _my_data_page(request, participant, erasure=form, failed=form)


# --- staff ---------------------------------------------------------------------


@routes.declare(get=REVIEWERS)
@login_required
@require_GET
def request_queue(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_privacy_requests(user):
        raise Http404
    context = {
        "corrections": access.corrections_reviewable_by(user).select_related("participant").queue_order()[:200],
        "erasures": access.erasures_reviewable_by(user).select_related("participant").queue_order()[:200],
        "may_review_erasures": access.may_review_erasures(user),
        "now": timezone.now(),
        "schedule": SCHEDULE,
    }
    return render(request, "privacy/queue.html", context)


@routes.declare(get=REVIEWERS, post=REVIEWERS, scope="participant")
@login_required
@require_http_methods(["GET", "POST"])
def correction_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = access.correction_for_reviewer(request.user, pk)
    form = CorrectionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["accept"]:
                actions.accept_correction(request_id=found.pk, by=request.user, note=form.cleaned_data["decision"])
            else:
                actions.reject_correction(request_id=found.pk, by=request.user, reason=form.cleaned_data["decision"])
        except actions.PrivacyError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The decision is recorded; the participant reads it on their data page."))
            return answers.done(request, reverse("privacy:correction_review", args=[found.pk]))
    if found.field in SENSITIVE_FIELDS and request.method == "GET":
        audit.record_sensitive_view(actor=request.user, target=found.participant, fields=[found.field])
    context = {"request_": found, "current": getattr(found.participant, found.field), "form": form}
    return _review_page(request, "privacy/correction_review.html", context, form)


@routes.declare(get=routes.writers(K.MINISTRY), post=routes.writers(K.MINISTRY), scope="participant")
@login_required
@require_http_methods(["GET", "POST"])
def erasure_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = access.erasure_for_reviewer(request.user, pk)
    kept_by = exceptions_for(found.participant_id, today=timezone.localdate())
    form = ErasureDecisionForm(request.POST or None, initial={"exceptions": kept_by})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["anonymize"]:
                actions.accept_erasure(request_id=found.pk, by=request.user, note=data["decision"])
            else:
                actions.refuse_erasure(
                    request_id=found.pk, by=request.user, exceptions=data["exceptions"], reason=data["decision"]
                )
        except actions.PrivacyError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The decision is recorded; the participant reads it on their data page."))
            return answers.done(request, reverse("privacy:erasure_review", args=[found.pk]))
    context = {"request_": found, "kept_by": kept_by, "form": form}
    return _review_page(request, "privacy/erasure_review.html", context, form)


def _review_page(
    request: AuthenticatedRequest, template: str, context: dict[str, Any], form: forms.Form
) -> HttpResponse:
    if form.is_bound:
        answers.focus_first_error(form)
    status = answers.refused_status(request) if form.is_bound else 200
    return render(request, template, {**context, "now": timezone.now()}, status=status)
