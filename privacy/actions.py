"""Workflows of the data subject's rights: consent decisions, correction and
erasure requests with their review, anonymization and the retention schedule.

Each runs in one transaction, locks the row it decides on (two reviewers
deciding one request at once: the second sees it decided), and writes its
audit row with it. Audit rows name fields, never the personal values.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from participants import actions as participant_actions
from participants.models import (
    Document,
    Education,
    ForeignNikCheck,
    HealthCheck,
    Participant,
    PossibleDuplicate,
    WorkExperience,
)
from privacy.models import (
    Anonymization,
    Channel,
    ConsentRecord,
    CorrectableField,
    CorrectionRequest,
    ErasureRequest,
    Purpose,
    RequestStatus,
    RetentionException,
)
from privacy.retention import SCHEDULE, RetentionRule, due_under, exceptions_for
from protection.models import Case


class PrivacyError(Exception):
    """A refusal with a message for the person who asked; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyDecided(PrivacyError):
    def __init__(self) -> None:
        super().__init__(_("This request has already been decided. Reload the page to see the decision."))


# --- consent -------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *, participant_id: int, purpose: Purpose, given: bool, by: User, channel: Channel = Channel.ONLINE
) -> ConsentRecord:
    """Consent given or withdrawn. The processing reads the latest record,
    so a withdrawal stops it from the next résumé on (UU 27/2022 Pasal 40)."""
    # Locked so that two taps of "withdraw" and "give" land one after the other.
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    made = ConsentRecord.objects.create(
        participant=participant, purpose=purpose, given=given, channel=channel, recorded_by=by
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=made,
        changes={"purpose": purpose.value, "given": given, "channel": channel.value},
    )
    return made


def consent_in_force(participant_id: int, purpose: Purpose) -> bool:
    return ConsentRecord.objects.in_force(purpose).filter(participant_id=participant_id).exists()


# --- corrections ---------------------------------------------------------------

_FORM_FIELDS: dict[CorrectableField, forms.Field] = {
    CorrectableField.FULL_NAME: forms.CharField(max_length=200),
    CorrectableField.NAME_KATAKANA: forms.CharField(max_length=200),
    CorrectableField.BIRTH_PLACE: forms.CharField(max_length=100),
    CorrectableField.ADDRESS: forms.CharField(max_length=500),
    CorrectableField.PHONE: forms.CharField(max_length=30),
    CorrectableField.EMAIL: forms.EmailField(),
}


def clean_correction(participant: Participant, field: CorrectableField, value: str) -> str:
    """The value as it would be stored, or a refusal that says what is wrong with it."""
    try:
        cleaned = str(_FORM_FIELDS[field].clean(value))
    except ValidationError as error:
        raise PrivacyError(" ".join(error.messages), field="value") from None
    if cleaned == getattr(participant, field):
        raise PrivacyError(_("Your record already says this."), field="value")
    return cleaned


@transaction.atomic
def ask_correction(
    *, participant_id: int, field: CorrectableField, value: str, reason: str, by: User
) -> CorrectionRequest:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    cleaned = clean_correction(participant, field, value)
    if CorrectionRequest.objects.open().filter(participant=participant, field=field).exists():
        raise PrivacyError(
            _("You already asked to correct this; wait for the answer to that request first."), field="field"
        )
    made = CorrectionRequest.objects.create(
        participant=participant, field=field, value=cleaned, reason=reason.strip(), requested_by=by
    )
    audit.record(actor=by, action=AuditAction.CREATED, target=made, changes={"field": field.value})
    return made


_Request = TypeVar("_Request", CorrectionRequest, ErasureRequest)


def _locked_open(model: type[_Request], request_id: int) -> _Request:
    found = model.objects.select_for_update().get(pk=request_id)
    if not found.is_open:
        raise AlreadyDecided
    return found


def _decide(request: CorrectionRequest | ErasureRequest, *, status: RequestStatus, decision: str, by: User) -> None:
    request.status = status
    request.decision = decision.strip()
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=request,
        changes={"status": [RequestStatus.OPEN.value, status.value]},
    )


def _details_with(participant: Participant, field: str, value: str) -> participant_actions.ParticipantDetails:
    current = {name: getattr(participant, name) for name in participant_actions.DETAIL_FIELDS}
    return participant_actions.ParticipantDetails(**{**current, field: value})


@transaction.atomic
def accept_correction(*, request_id: int, by: User, note: str = "") -> CorrectionRequest:
    """Apply the correction through the participant's own update action
    (history, audit, duplicate check), then close the request."""
    request = _locked_open(CorrectionRequest, request_id)
    participant = Participant.objects.select_for_update().get(pk=request.participant_id)
    # The value is checked again: the record may have changed since it was asked.
    value = clean_correction(participant, CorrectableField(request.field), request.value)
    try:
        participant_actions.update_participant(
            participant_id=participant.pk,
            details=_details_with(participant, request.field, value),
            expected_version=participant.version,
            by=by,
        )
    except participant_actions.ParticipantError as error:
        raise PrivacyError(str(error)) from None
    _decide(request, status=RequestStatus.ACCEPTED, decision=note, by=by)
    return request


@transaction.atomic
def reject_correction(*, request_id: int, by: User, reason: str) -> CorrectionRequest:
    if not reason.strip():
        raise PrivacyError(_("Say why the correction is rejected: the participant reads it."), field="decision")
    request = _locked_open(CorrectionRequest, request_id)
    _decide(request, status=RequestStatus.REJECTED, decision=reason, by=by)
    return request


# --- erasure -------------------------------------------------------------------


@transaction.atomic
def ask_erasure(*, participant_id: int, reason: str, by: User) -> ErasureRequest:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    if ErasureRequest.objects.open().filter(participant=participant).exists():
        raise PrivacyError(_("You already asked to erase your data; wait for the answer to that request first."))
    made = ErasureRequest.objects.create(participant=participant, reason=reason.strip(), requested_by=by)
    audit.record(actor=by, action=AuditAction.CREATED, target=made, changes={})
    return made


@transaction.atomic
def accept_erasure(*, request_id: int, by: User, note: str = "") -> ErasureRequest:
    """Anonymize the participant, unless a retention exception found in the records keeps their data."""
    request = _locked_open(ErasureRequest, request_id)
    found = exceptions_for(request.participant_id, today=timezone.localdate())
    if found:
        raise PrivacyError(
            _("The data must be kept: %(exceptions)s. Refuse the request naming it.")
            % {"exceptions": "; ".join(str(code.label) for code in found)}
        )
    anonymize_participant(participant_id=request.participant_id, by=by, request=request)
    _decide(request, status=RequestStatus.ACCEPTED, decision=note, by=by)
    return request


@transaction.atomic
def refuse_erasure(*, request_id: int, by: User, exceptions: list[RetentionException], reason: str) -> ErasureRequest:
    """Refuse, naming the exceptions that keep the data: at least the ones
    the records show, and a reason when the exception is another law."""
    request = _locked_open(ErasureRequest, request_id)
    missing = [
        code for code in exceptions_for(request.participant_id, today=timezone.localdate()) if code not in exceptions
    ]
    if not exceptions or missing:
        raise PrivacyError(
            _("Name every exception that keeps the data; the records show: %(exceptions)s.")
            % {"exceptions": "; ".join(str(code.label) for code in missing) or _("none")},
            field="exceptions",
        )
    if RetentionException.STATUTORY in exceptions and not reason.strip():
        raise PrivacyError(_("Name the law and its retention period in the reason."), field="decision")
    request.exceptions = [code.value for code in exceptions]
    request.save(update_fields=["exceptions"])
    _decide(request, status=RequestStatus.REJECTED, decision=reason, by=by)
    return request


# --- anonymization -------------------------------------------------------------

# What anonymization keeps: sex, birth year, province, trade, training centre,
# LPK/SO, status and every placement, course, result and cost, so that the
# statistics stay whole. What identifies the person is replaced or removed.
_CLEARED = ("name_katakana", "birth_place", "address", "phone", "email")


@transaction.atomic
def anonymize_participant(
    *, participant_id: int, by: User | None, request: ErasureRequest | None = None, rule: str = ""
) -> Anonymization:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    # Stored words, not a page's: one name in the default language, whoever reads it.
    participant.full_name = f"Anonim {participant.pk}"
    # Unique and plainly not a NIK (which has 16 digits), so that no lookup finds it.
    participant.nik = f"X{participant.pk:015d}"
    participant.birth_date = participant.birth_date.replace(month=1, day=1)
    for name in _CLEARED:
        setattr(participant, name, "")
    login = participant.user
    participant.user = None
    participant.version += 1
    participant.save(update_fields=["full_name", "nik", "birth_date", *_CLEARED, "user", "version", "updated_at"])
    if login is not None:
        _close_login(login)
    removed = _remove_identifying_records(participant)
    made = Anonymization.objects.create(participant=participant, by=by, request=request, rule=rule)
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=participant,
        changes={
            **{name: [audit.MASKED, audit.MASKED] for name in ("full_name", "nik", "birth_date", *_CLEARED)},
            "anonymized": rule or "request",
            "removed": removed,
        },
    )
    return made


def _close_login(login: User) -> None:
    login.is_active = False
    login.username = f"anonymized-{login.pk}"
    login.first_name = login.last_name = login.email = ""
    login.set_unusable_password()
    login.save(update_fields=["is_active", "username", "first_name", "last_name", "email", "password"])


def _remove_identifying_records(participant: Participant) -> dict[str, int]:
    """Documents (with their files), schooling and work history, health
    notes, NIK checks and duplicate flags; the reporter's name and contact on
    the person's closed grievances. Counted for the audit row."""
    documents = Document.objects.filter(participant=participant)
    files = [name for name in documents.values_list("file", flat=True) if name]
    # The files go once the rows are gone for good: a rollback must not leave rows without files.
    transaction.on_commit(lambda: _delete_files(files))
    return {
        "documents": documents.delete()[0],
        "education": Education.objects.filter(participant=participant).delete()[0],
        "work_experience": WorkExperience.objects.filter(participant=participant).delete()[0],
        "health_notes": HealthCheck.objects.filter(participant=participant).update(clinic="", notes=""),
        "nik_checks": ForeignNikCheck.objects.filter(participant=participant).delete()[0],
        "duplicate_flags": PossibleDuplicate.objects.filter(participant=participant).delete()[0]
        + PossibleDuplicate.objects.filter(other=participant).delete()[0],
        "grievance_contacts": Case.objects.filter(participant=participant).update(
            reporter_name="", reporter_contact=""
        ),
        "correction_values": CorrectionRequest.objects.filter(participant=participant).update(value=""),
    }


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- the retention schedule ----------------------------------------------------


@dataclasses.dataclass
class RuleOutcome:
    rule: RetentionRule
    due: int = 0
    anonymized: int = 0
    kept: Counter[RetentionException] = dataclasses.field(default_factory=Counter)


def apply_retention(*, now: datetime.datetime, dry_run: bool) -> list[RuleOutcome]:
    """Anonymize every participant an anonymizing rule of the schedule
    reaches, unless an exception keeps them (counted per exception).
    ``dry_run`` changes nothing. Each person is anonymized in a transaction
    of their own, so a long run holds no lock for long, and a run that stops
    is picked up where it stopped by the next."""
    outcomes = []
    for rule in SCHEDULE:
        outcome = RuleOutcome(rule=rule)
        for participant_id in due_under(rule, now=now):
            outcome.due += 1
            exceptions = exceptions_for(participant_id, today=now.date())
            if exceptions:
                outcome.kept.update(exceptions)
                continue
            if not dry_run:
                anonymize_participant(participant_id=participant_id, by=None, rule=rule.code)
            outcome.anonymized += 1
        outcomes.append(outcome)
    return outcomes
