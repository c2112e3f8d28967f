"""A grievance coming in through one of its doors, and what the reporter adds
to it afterwards (files, consents).

Three doors lead here: the worker's own login, staff recording a hotline call
or a visit, and the anonymous form. Each opens the case and stores its first
attachment in one transaction, so a refused file leaves no case behind and
the reporter can send the form again as it was.
"""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from lib import filecheck
from participants.models import Participant
from placements.models import Placement
from protection.actions.cases import CaseDetails, CaseError, open_case
from protection.actions.conversation import give_consent
from protection.models import (
    Attachment,
    Body,
    Case,
    Consent,
    ConsentGivenBy,
    ConsentPurpose,
    Door,
    Note,
)

# Photos of a payslip, a contract or an injury, and scans: the types a
# participant's documents accept, read from the content, never the name.
ACCEPTED_TYPES = frozenset({filecheck.PDF, filecheck.JPEG, filecheck.PNG})
# A case is not a file store: a reporter may add this many files in all.
MAX_ATTACHMENTS = 20
STAFF_DOORS = frozenset({Door.HOTLINE, Door.VISIT})


def check_attachment(file: File[bytes]) -> str:
    """The content type of an upload, read from its signature; CaseError
    (field ``file``) when it is too large or not a PDF, JPEG or PNG."""
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise CaseError(
            _("The file is %(size)s; the limit is %(limit)s. Take the photo again at a lower resolution.")
            % {"size": filesizeformat(file.size or 0), "limit": filesizeformat(limit)},
            field="file",
        )
    try:
        return filecheck.check_content(filecheck.read_head(file), allowed=ACCEPTED_TYPES)
    except filecheck.ContentRefused:
        raise CaseError(
            _("Upload a PDF, JPEG or PNG file. This file is not one of those, whatever its name says."), field="file"
        ) from None


def _store(*, case: Case, file: File[bytes], by: User | None, from_reporter: bool, note: Note | None) -> Attachment:
    # Checked here as well as in the form: storing an unchecked file is the
    # one thing that must never happen, whoever calls.
    content_type = check_attachment(file)
    if case.attachments.count() >= MAX_ATTACHMENTS:
        raise CaseError(
            _("This case already holds %(count)s files, the most it takes.") % {"count": MAX_ATTACHMENTS},
            field="file",
        )
    fingerprint = filecheck.fingerprint(file)
    attachment = Attachment(
        case=case,
        note=note,
        original_name=(file.name or "").rsplit("/", 1)[-1][:200],
        content_type=content_type,
        size=fingerprint.size,
        from_reporter=from_reporter,
        uploaded_by=by,
    )
    # The stored name comes from the case and the content, not from the
    # reporter's device, whose file names can say who took the photo.
    attachment.file.save(f"case-{case.pk}.{filecheck.EXTENSIONS[content_type]}", file, save=False)
    attachment.save()
    # The file's name may identify the reporter: the audit keeps its type and size only.
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=attachment,
        changes={"case": [None, case.pk], "content_type": [None, content_type], "size": [None, fingerprint.size]},
    )
    return attachment


@transaction.atomic
def add_attachment(
    *, case_id: int, file: File[bytes], by: User | None, from_reporter: bool, note: Note | None = None
) -> Attachment:
    """Attach a checked file to a case: ``by`` is the uploader's account, None
    for an anonymous reporter."""
    case = Case.objects.select_for_update().get(pk=case_id)
    return _store(case=case, file=file, by=by, from_reporter=from_reporter, note=note)


def placement_of(participant: Participant) -> Placement | None:
    """The placement a worker's grievance most likely concerns: the open one,
    else the latest (a worker home again may report what happened there)."""
    placements = Placement.objects.filter(participant=participant).select_related("company", "supervising_organization")
    return placements.latest_first().first()


def details_for_worker(participant: Participant, details: CaseDetails) -> CaseDetails:
    """``details`` for a named worker: their placement fills in the company and
    supervising organization the case concerns, unless already named."""
    return replace(details, participant=participant, placement=placement_of(participant))


@transaction.atomic
def report_as_participant(
    *, participant: Participant, details: CaseDetails, file: File[bytes] | None, by: User
) -> Case:
    """The worker reports through their own login."""
    case = open_case(details=details_for_worker(participant, details), door=Door.PARTICIPANT, by=by)
    if file is not None:
        _store(case=case, file=file, by=by, from_reporter=True, note=None)
    return case


@transaction.atomic
def report_anonymously(*, details: CaseDetails, pin: str, file: File[bytes] | None) -> Case:
    """A report without login: no account, no address, no device is kept;
    only what the reporter chose to write, and the hash of their PIN."""
    if details.participant is not None or details.placement is not None:
        raise CaseError(_("An anonymous report names no worker."))
    case = open_case(details=details, door=Door.ANONYMOUS, by=None, pin=pin)
    if file is not None:
        _store(case=case, file=file, by=None, from_reporter=True, note=None)
    return case


@transaction.atomic
def record_call_or_visit(
    *, details: CaseDetails, door: Door, worker: Participant | None, file: File[bytes] | None, by: User
) -> Case:
    """Staff record what a worker told them by phone or in person, for a named
    worker (their placement fills in the company and supervising organization)
    or for a caller who did not say who they are."""
    if door not in STAFF_DOORS:
        raise CaseError(_("Staff record a hotline call or a visit."), field="door")
    if worker is not None:
        details = details_for_worker(worker, details)
    case = open_case(details=details, door=door, by=by)
    if file is not None:
        _store(case=case, file=file, by=by, from_reporter=False, note=None)
    return case


def organization_for(case: Case, body: Body) -> Organization | None:
    """The organization in the system a consent to ``body`` names: the
    company or supervising organization the case concerns; None for a body
    outside the system (OTIT, the police) or one the case does not name."""
    if body == Body.COMPANY:
        return case.company
    if body == Body.SUPERVISING_ORGANIZATION:
        return case.supervising_organization
    return None


def reporter_consents(*, case: Case, purpose: ConsentPurpose, body: Body, by: User | None) -> Consent:
    """The reporter gives a consent on their own page (their login, or their
    code and PIN with ``by`` None). A consent to the company or supervising
    organization names the one the case concerns."""
    if body in (Body.COMPANY, Body.SUPERVISING_ORGANIZATION) and organization_for(case, body) is None:
        raise CaseError(
            _("This case names no such organization. Tell the handler in a message who it is."), field="body"
        )
    return give_consent(
        case_id=case.pk,
        purpose=purpose,
        body=body,
        given_by=ConsentGivenBy.REPORTER_ONLINE,
        recorded_by=by,
        organization=organization_for(case, body),
    )
