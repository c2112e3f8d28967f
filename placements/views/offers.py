"""Offer pages: the offer in Indonesian and Japanese (page and PDF), the
participant's answer on their phone, the LPK/SO recording an answer given on
paper, withdrawal; the list of offers; a participant's own interviews and offers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.access import routes
from accounts.models import OrganizationKind as Kind
from accounts.requests import AuthenticatedRequest
from audit import actions as audit
from lib import answers, filecheck
from lib.pdf import render_pdf
from placements import pages
from placements.actions import offers as actions
from placements.actions.interviews import SelectionError
from placements.forms.selection import AnswerForm, ReasonForm, RecordAnswerForm
from placements.models import Offer, OfferStatus
from placements.views.interviews import on_reader_clock

TEMPLATE = "placements/offer.html"


def _offer_context(request: AuthenticatedRequest, offer: Offer, **posted: forms.BaseForm | None) -> dict[str, Any]:
    user = request.user
    waiting = offer.is_waiting
    return {
        "offer": offer,
        "history": offer.history.select_related("changed_by"),
        # Through the access module: the next reserve may be another LPK/SO's candidate.
        "promoted_to": access.offers_visible_to(user).filter(promoted_from=offer).select_related("participant").first(),
        "answer_form": posted.get("answer_form")
        or (AnswerForm() if waiting and access.may_answer_offer(user, offer) else None),
        "record_form": posted.get("record_form")
        or (RecordAnswerForm() if waiting and access.may_record_offer_answer(user, offer) else None),
        "withdraw_form": posted.get("withdraw_form")
        or (ReasonForm() if offer.is_live and access.may_withdraw_offer(user, offer) else None),
        "is_participant": access.may_answer_offer(user, offer),
        "may_see_candidate": access.may_see_selection_of(user, offer.participant),
    }


def _refused(form: forms.BaseForm, error: SelectionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error))


def _answer(
    request: AuthenticatedRequest, offer: Offer, section: str, form: forms.BaseForm, status: int
) -> HttpResponse:
    offer.refresh_from_db()
    context = _offer_context(request, offer, **{f"{section}_form": form})
    return render(request, f"{TEMPLATE}#{section}" if request.htmx else TEMPLATE, context, status=status)


def _done(request: AuthenticatedRequest, offer: Offer, message: str) -> HttpResponse:
    messages.success(request, message)
    return answers.done(request, reverse("offer_detail", args=[offer.pk]))


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="selection",
)
@login_required
@require_GET
@on_reader_clock
def offer_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    offer = access.offer_for_user(request.user, pk)
    return render(request, TEMPLATE, _offer_context(request, offer))


@routes.declare(post=routes.PARTICIPANT, scope="selection")
@login_required
@require_POST
@on_reader_clock
def answer_offer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The participant's own answer; the first press asks again, in plain words."""
    user = request.user
    offer = access.offer_for_user(user, pk)
    if not access.may_answer_offer(user, offer):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            if form.asks_confirmation:
                # An offer withdrawn while the page was open is refused at once, not asked about.
                actions.check_open(offer)
            else:
                actions.answer_offer(
                    offer_id=offer.pk, accept=form.accepts, reason=form.cleaned_data["reason"], by=user
                )
        except SelectionError as error:
            _refused(form, error)
        else:
            if not form.asks_confirmation:
                done = _("You accepted the offer.") if form.accepts else _("You declined the offer.")
                return _done(request, offer, done)
    status = 200 if form.is_valid() and form.asks_confirmation else answers.refused_status(request)
    return _answer(request, offer, "answer", form, status)


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SENDING_ORGANIZATION), scope="selection")
@login_required
@require_POST
@on_reader_clock
def record_offer_answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    offer = access.offer_for_user(user, pk)
    if not access.may_record_offer_answer(user, offer):
        raise Http404
    form = RecordAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            actions.record_offer_answer(
                offer_id=offer.pk,
                accept=accept,
                signed_page=form.cleaned_data["signed_page"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
        except SelectionError as error:
            _refused(form, error)
        else:
            return _done(request, offer, _("The answer is recorded with the signed page."))
    answers.focus_first_error(form)
    return _answer(request, offer, "record", form, answers.refused_status(request))


@routes.declare(post=routes.writers(Kind.MINISTRY, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY), scope="selection")
@login_required
@require_POST
@on_reader_clock
def withdraw_offer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    offer = access.offer_for_user(user, pk)
    if not access.may_withdraw_offer(user, offer):
        raise Http404
    form = ReasonForm(request.POST)
    if form.is_valid() and not form.asks_confirmation:
        try:
            actions.withdraw_offer(offer_id=offer.pk, reason=form.cleaned_data["reason"], by=user)
        except SelectionError as error:
            _refused(form, error)
        else:
            return _done(request, offer, _("The offer is withdrawn."))
    status = 200 if form.asks_confirmation else answers.refused_status(request)
    answers.focus_first_error(form)
    return _answer(request, offer, "withdraw", form, status)


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="selection",
)
@login_required
@require_GET
def offer_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The offer as a PDF in Indonesian and Japanese, to print and sign."""
    user = request.user
    offer = access.offer_for_user(user, pk)
    pdf = render_pdf("placements/offer_pdf.html", {"offer": offer})
    audit.record_sensitive_view(actor=user, target=offer, fields=["offer.pdf"])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offer-{offer.pk}.pdf"'
    return response


# Pictures are shown in the browser; PDFs download (see participants' document_file).
_INLINE_TYPES = frozenset({filecheck.JPEG, filecheck.PNG})


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
    | routes.PARTICIPANT,
    scope="selection",
)
@login_required
@require_GET
def offer_signed_page(request: AuthenticatedRequest, pk: int) -> FileResponse:
    user = request.user
    offer = access.offer_for_user(user, pk)
    if not offer.signed_page:
        raise Http404
    try:
        stream = offer.signed_page.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record_sensitive_view(actor=user, target=offer, fields=["signed_page"])
    response = FileResponse(
        stream,
        content_type=offer.signed_page_type,
        as_attachment=offer.signed_page_type not in _INLINE_TYPES,
        filename=offer.signed_page_name or f"offer-{offer.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


PAGE_SIZE = 100


@routes.declare(
    get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION, Kind.SUPERVISING_ORGANIZATION, Kind.COMPANY)
)
@login_required
@require_GET
@on_reader_clock
def offer_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not access.may_see_selection(user):
        raise Http404
    visible = access.offers_visible_to(user)
    status = request.GET.get("status", "")
    shown = visible.filter(status=status) if status in OfferStatus.values else visible
    context = {
        "page": Paginator(pages.offer_list(shown), PAGE_SIZE).get_page(request.GET.get("page")),
        "counts": pages.offer_counts(visible),
        "status": status if status in OfferStatus.values else "",
    }
    return render(request, "placements/offer_list.html", context)


@routes.declare(get=routes.members(Kind.MINISTRY, Kind.SENDING_ORGANIZATION) | routes.PARTICIPANT, scope="participant")
@login_required
@require_GET
@on_reader_clock
def participant_selection(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A participant's interviews and offers: on their own phone, and for their LPK/SO and the ministry."""
    user = request.user
    participant = access.participant_for_user(user, pk)
    if not access.may_see_selection_of(user, participant):
        raise Http404
    interviews = access.interviews_visible_to(user).filter(participant=participant)
    own = access.own_participant_record(user)
    context = {
        "participant": participant,
        "upcoming": pages.interview_list(interviews.upcoming()),
        "offers": pages.offer_list(access.offers_visible_to(user).filter(participant=participant)),
        "is_own": own is not None and own.pk == participant.pk,
    }
    return render(request, "placements/participant.html", context)
