"""What is said on a case: the reporter's messages, the handlers' notes, and
the reporter's consents. Shared by the reporter's pages (their login, or the
tracking code and PIN) and the handlers' pages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from protection.actions.cases import CaseError
from protection.models import Body, Case, Consent, ConsentGivenBy, ConsentPurpose, Note, Visibility

# A message longer than this is not a message but a paste; the form says so.
MAX_TEXT = 10_000


def _clean(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise CaseError(_("Write something first."), field="text")
    if len(cleaned) > MAX_TEXT:
        raise CaseError(
            _("Please keep a message under %(limit)s characters.") % {"limit": f"{MAX_TEXT:,}"}, field="text"
        )
    return cleaned


@transaction.atomic
def reporter_writes(*, case_id: int, text: str, by: User | None) -> Note:
    """The reporter answers or adds something: ``by`` is their own account,
    None when they came back with their code and PIN."""
    case = Case.objects.select_for_update().get(pk=case_id)
    note = Note.objects.create(
        case=case, from_reporter=True, author=by, visibility=Visibility.REPORTER, text=_clean(text)
    )
    # The words are the reporter's and may identify them: the audit says a message came, not what it said.
    audit.record(actor=by, action=AuditAction.CREATED, target=note, changes={"case": [None, case.pk]})
    return note


@transaction.atomic
def write_note(*, case_id: int, text: str, visibility: Visibility, by: User, organization: Organization | None) -> Note:
    """A handler's note: internal to their organization, shared with every
    handler, or a message the reporter reads."""
    case = Case.objects.select_for_update().get(pk=case_id)
    note = Note.objects.create(
        case=case, author=by, organization=organization, visibility=visibility, text=_clean(text)
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=note,
        changes={"case": [None, case.pk], "visibility": [None, visibility]},
    )
    return note


@transaction.atomic
def give_consent(
    *,
    case_id: int,
    purpose: ConsentPurpose,
    body: Body,
    given_by: ConsentGivenBy,
    recorded_by: User | None,
    organization: Organization | None = None,
) -> Consent:
    """Record the reporter's consent to refer the case to ``body`` (or to tell
    it who they are). Staff record one given by phone or in person; the
    reporter gives one on their own page (``recorded_by`` their account or None)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    existing = case.consents.in_force().filter(purpose=purpose, body=body, organization=organization).first()
    if existing is not None:
        return existing
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        body=body,
        organization=organization,
        given_by=given_by,
        recorded_by=recorded_by,
        given_at=timezone.now(),
    )
    audit.record(
        actor=recorded_by,
        action=AuditAction.CREATED,
        target=consent,
        changes={"purpose": [None, purpose], "body": [None, body], "given_by": [None, given_by]},
    )
    return consent


@transaction.atomic
def withdraw_consent(*, consent_id: int, by: User | None) -> Consent:
    """The reporter takes a consent back: no further referral rests on it.
    A referral already made stays on record with what was shared."""
    consent = Consent.objects.select_for_update().get(pk=consent_id)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATED,
            target=consent,
            changes={"withdrawn_at": [None, str(consent.withdrawn_at)]},
        )
    return consent
