"""The reporter's case page, shared by the worker's own login and the
tracking code with PIN: what happened to the report (a timeline), the
conversation with the handler, the files, and the consents.

Only what is meant for the reporter is read here: the notes of visibility
REPORTER, the status history and escalations, and the reporter's own files
and consents. Internal and shared notes never reach this page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import User
from lib import answers
from protection.actions.cases import CaseError
from protection.actions.conversation import reporter_writes, withdraw_consent
from protection.actions.intake import add_attachment, reporter_consents
from protection.forms.intake import AttachmentForm, ConsentForm, MessageForm
from protection.models import Body, Case, ConsentPurpose, Level, Status


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    text: str


@dataclass(frozen=True)
class Urls:
    """Where the case page's forms post: the login's pages or the anonymous ones."""

    page: str
    reply: str
    attachment: str
    consent: str
    withdraw: Callable[[int], str]  # the withdrawal of one consent, by its id


def timeline(case: Case) -> list[TimelineEntry]:
    """The report's history as the reporter reads it: statuses and escalations, oldest first."""
    entries = [
        TimelineEntry(change.at, _status_sentence(Status(change.to_status))) for change in case.status_changes.all()
    ]
    entries += [
        TimelineEntry(escalation.at, _level_sentence(Level(escalation.level))) for escalation in case.escalations.all()
    ]
    return sorted(entries, key=lambda entry: entry.at)


def _status_sentence(status: Status) -> str:
    return {
        Status.NEW: _("Your report was received."),
        Status.ACKNOWLEDGED: _("A handler has read your report."),
        Status.IN_PROGRESS: _("Your report is being handled."),
        Status.RESOLVED: _("Your report was marked as resolved."),
        Status.CLOSED: _("Your report was closed."),
    }[status]


def _level_sentence(level: Level) -> str:
    return {
        Level.SENDING_ORGANIZATION: _("Your report went to your LPK/SO."),
        Level.SUPERVISING_ORGANIZATION: _("Your report went to the supervising organization."),
        Level.MINISTRY_AND_EMBASSY: _("Your report went to the ministry and the embassy."),
    }[level]


@dataclass
class CaseForms:
    message: MessageForm
    attachment: AttachmentForm
    consent: ConsentForm

    @classmethod
    def blank(cls) -> CaseForms:
        return cls(MessageForm(), AttachmentForm(), ConsentForm(initial={"purpose": ConsentPurpose.REFERRAL}))


def render_case(
    request: HttpRequest, case: Case, urls: Urls, *, forms_: CaseForms | None = None, template: str, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "case": case,
        "timeline": timeline(case),
        "conversation": case.notes.for_reporter().select_related("organization"),
        "attachments": case.attachments.filter(from_reporter=True),
        "consents": [(given, urls.withdraw(given.pk)) for given in case.consents.select_related("organization")],
        "forms": forms_ or CaseForms.blank(),
        "urls": urls,
    }
    return render(request, template, context, status=status)


def _refused(
    request: HttpRequest, case: Case, urls: Urls, *, forms_: CaseForms, failed: forms.Form, template: str
) -> HttpResponse:
    """The case page again with the refused form, its reasons at the fields."""
    answers.focus_first_error(failed)
    return render_case(request, case, urls, forms_=forms_, template=template, status=answers.refused_status(request))


def reply(request: HttpRequest, case: Case, urls: Urls, *, by: User | None, template: str) -> HttpResponse:
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            reporter_writes(case_id=case.pk, text=form.cleaned_data["text"], by=by)
        except CaseError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Your message was sent to the handler."))
            return answers.done(request, urls.page)
    forms_ = CaseForms.blank()
    forms_.message = form
    return _refused(request, case, urls, forms_=forms_, failed=form, template=template)


def attach(request: HttpRequest, case: Case, urls: Urls, *, by: User | None, template: str) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_attachment(case_id=case.pk, file=form.cleaned_data["file"], by=by, from_reporter=True)
        except CaseError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("The file was added to your report."))
            return answers.done(request, urls.page)
    forms_ = CaseForms.blank()
    forms_.attachment = form
    return _refused(request, case, urls, forms_=forms_, failed=form, template=template)


def consent(request: HttpRequest, case: Case, urls: Urls, *, by: User | None, template: str) -> HttpResponse:
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            reporter_consents(
                case=case,
                purpose=ConsentPurpose(form.cleaned_data["purpose"]),
                body=Body(form.cleaned_data["body"]),
                by=by,
            )
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your consent is recorded. You can withdraw it here at any time."))
            return answers.done(request, urls.page)
    forms_ = CaseForms.blank()
    forms_.consent = form
    return _refused(request, case, urls, forms_=forms_, failed=form, template=template)


def withdraw(request: HttpRequest, case: Case, urls: Urls, consent_pk: int, *, by: User | None) -> HttpResponse:
    # Only a consent of this case: another case's consent answers 404 like none at all.
    found = case.consents.filter(pk=consent_pk).values_list("pk", flat=True).first()
    if found is None:
        raise Http404
    withdraw_consent(consent_id=found, by=by)
    messages.success(request, _("Your consent is withdrawn: no further referral will rest on it."))
    return answers.done(request, urls.page)
