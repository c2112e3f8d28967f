"""Workflows that change participants. Views, imports, commands and tasks all
call these; none of them writes a participant row any other way.

Each action runs in one transaction, locks the row it changes, writes the
history and audit rows with it, and saves only the fields it owns.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from lib import filecheck
from participants import readiness
from participants.duplicates import flag_possible_duplicates
from participants.models import (
    HELD_BY_PLACEMENT,
    LEFT_THROUGH_PLACEMENTS,
    MANY_PER_PARTICIPANT,
    REASON_REQUIRED,
    SENSITIVE_FIELDS,
    Document,
    Education,
    HealthCheck,
    HealthResult,
    LanguageResult,
    Participant,
    Status,
    StatusChange,
    WorkExperience,
    moved_by_placements,
)
from reference.models import DocumentKind, LanguageTest, Province, SendingProgramme, VocationalProgramme


@dataclasses.dataclass(frozen=True, kw_only=True)
class ParticipantDetails:
    """Everything staff enter about a participant (the status has its own action)."""

    full_name: str
    name_katakana: str
    nik: str
    sex: str
    birth_date: datetime.date
    birth_place: str
    province: Province
    address: str
    phone: str
    email: str
    vocational_programme: VocationalProgramme | None
    training_centre: Organization
    sending_organization: Organization | None
    # Last and optional: the spreadsheet importer builds these details too and
    # knows nothing of programmes.
    sending_programme: SendingProgramme | None = None


DETAIL_FIELDS = tuple(field.name for field in dataclasses.fields(ParticipantDetails))


class ParticipantError(Exception):
    """A refusal with a message for the person who asked."""


class DuplicateNik(ParticipantError):
    def __init__(self) -> None:
        super().__init__(_("A participant with this NIK is already registered."))


class EditConflict(ParticipantError):
    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this participant while you were editing. Reload the page to see their change.")
        )


class TransitionNotAllowed(ParticipantError):
    def __init__(self, current: Status, wanted: Status) -> None:
        super().__init__(
            _("A participant who is “%(current)s” cannot become “%(wanted)s”.")
            % {"current": current.label, "wanted": wanted.label}
        )


class MovedByPlacements(ParticipantError):
    def __init__(self, current: Status, wanted: Status) -> None:
        if HELD_BY_PLACEMENT & {current, wanted}:
            held = current if current in HELD_BY_PLACEMENT else wanted
            message = _(
                "“%(status)s” is set and left through the offer and departure pages, not by changing the status."
            )
        else:
            held = current if current in LEFT_THROUGH_PLACEMENTS else wanted
            message = _(
                "“%(status)s” is set and left through the placement's pages (arrival, transfer, ending, "
                "disappearance), not by changing the status."
            )
        super().__init__(message % {"status": held.label})


class ReasonRequired(ParticipantError):
    def __init__(self, wanted: Status) -> None:
        super().__init__(_("Give a reason for “%(wanted)s”.") % {"wanted": wanted.label})


class NotReady(ParticipantError):
    """The readiness checklist is not complete; ``missing`` says what is not."""

    def __init__(self, missing: tuple[readiness.Requirement, ...]) -> None:
        self.missing = missing
        super().__init__(self.message_for(show_health=True))

    def message_for(self, *, show_health: bool) -> str:
        """The refusal for someone who may (not) see health data: a hidden
        health item is named only as something not shown to them."""
        shown = "; ".join(str(item.label) for item in self.missing if show_health or not item.health)
        hidden = any(item.health for item in self.missing) and not show_health
        if shown and hidden:
            return _("Not ready yet. Missing: %(items)s; and requirements not shown to you.") % {"items": shown}
        if hidden:
            return _("Not ready yet: requirements not shown to you are not met.")
        return _("Not ready yet. Missing: %(items)s.") % {"items": shown}


class FileRefused(ParticipantError):
    """An upload that is too large or is not what a document may be."""


class DocumentSuperseded(ParticipantError):
    def __init__(self) -> None:
        super().__init__(_("This document has been replaced by a newer one; verify the new one instead."))


@transaction.atomic
def register_participant(*, details: ParticipantDetails, by: User) -> Participant:
    if Participant.objects.with_nik(details.nik).exists():
        raise DuplicateNik
    now = timezone.now()
    participant = Participant(**dataclasses.asdict(details), registered_at=now, status_changed_at=now)
    try:
        # A savepoint, so that losing a race on the NIK leaves the outer transaction usable.
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        raise DuplicateNik from None
    StatusChange.objects.create(participant=participant, to_status=Status.REGISTERED, changed_by=by, changed_at=now)
    flag_possible_duplicates([participant.pk])
    after = audit.snapshot(participant, DETAIL_FIELDS)
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=participant,
        changes=audit.changed_fields({}, after, sensitive=SENSITIVE_FIELDS),
    )
    return participant


@transaction.atomic
def update_participant(
    *, participant_id: int, details: ParticipantDetails, expected_version: int, by: User
) -> Participant:
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    if participant.version != expected_version:
        raise EditConflict
    if Participant.objects.with_nik(details.nik).exclude(pk=participant_id).exists():
        raise DuplicateNik
    before = audit.snapshot(participant, DETAIL_FIELDS)
    for name in DETAIL_FIELDS:
        setattr(participant, name, getattr(details, name))
    after = audit.snapshot(participant, DETAIL_FIELDS)
    changes = audit.changed_fields(before, after, sensitive=SENSITIVE_FIELDS)
    if not changes:
        return participant
    participant.version += 1
    participant.save(update_fields=[*DETAIL_FIELDS, "version", "updated_at"])
    if {"full_name", "birth_date"} & changes.keys():
        # A corrected name or birth date may now match another record.
        flag_possible_duplicates([participant.pk])
    audit.record(actor=by, action=AuditAction.UPDATED, target=participant, changes=changes)
    return participant


# A plan that fell through (dropped from a shortlist, an offer withdrawn)
# returns someone who already passed the gate. Checking again would strand
# them in a shortlist that no longer exists, with withdrawal the only way out;
# what has lapsed since shows on their checklist instead.
_BACK_TO_READY = frozenset({Status.SHORTLISTED, Status.SELECTED, Status.PRE_DEPARTURE})


def gated_by_readiness(*, current: Status, to: Status) -> bool:
    """Whether moving from ``current`` to ``to`` needs a complete readiness checklist."""
    return to == Status.READY and current not in _BACK_TO_READY


def statuses_open_to(participant: Participant, *, checklist: readiness.Readiness) -> list[Status]:
    """The statuses ``change_status`` would accept now, given the participant's
    checklist: the allowed edges, without "ready" while the gate would refuse
    it. The status form offers only these."""
    current = Status(participant.status)
    return [
        status
        for status in participant.allowed_next_statuses()
        if (checklist.complete or not gated_by_readiness(current=current, to=status))
        and not moved_by_placements(current=current, to=status)
    ]


@transaction.atomic
def change_status(
    *,
    participant_id: int,
    to: Status,
    by: User,
    reason: str = "",
    replay: bool = False,
    through_placements: bool = False,
    expected_version: int | None = None,
) -> Participant:
    """``replay=True`` is for code that writes history that already happened
    (test fixtures, demo data): no gate applies. ``through_placements=True`` is
    for the placements actions, which keep the offer and the placement in step
    with the statuses they own and check their own gates. ``expected_version``
    is the version the caller read (the API's optimistic concurrency): a
    record changed since is refused with EditConflict."""
    # The row lock makes two officers' simultaneous clicks queue: the second
    # sees the first one's status and is checked against it. Every action that
    # adds a record the checklist reads takes the same lock, so the gate below
    # sees a consistent set.
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    if expected_version is not None and participant.version != expected_version:
        raise EditConflict
    current = Status(participant.status)
    if not participant.can_move_to(to):
        raise TransitionNotAllowed(current, to)
    if not (replay or through_placements) and moved_by_placements(current=current, to=to):
        raise MovedByPlacements(current, to)
    reason = reason.strip()
    if to in REASON_REQUIRED and not reason:
        raise ReasonRequired(to)
    if not replay and gated_by_readiness(current=current, to=to):
        checklist = readiness.check(participant, on=timezone.localdate())
        if not checklist.complete:
            raise NotReady(checklist.missing)
    now = timezone.now()
    participant.status = to
    participant.status_changed_at = now
    # A new status is a change of the record: a client holding the old version must read it again.
    participant.version += 1
    participant.save(update_fields=["status", "status_changed_at", "version", "updated_at"])
    StatusChange.objects.create(
        participant=participant, from_status=current, to_status=to, reason=reason, changed_by=by, changed_at=now
    )
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=participant,
        changes={"status": [str(current), str(to)], **({"reason": [None, reason]} if reason else {})},
    )
    return participant


# --- language results, health checks, documents -------------------------------
#
# Each locks the participant row first, like change_status, so a record added
# while someone moves the participant to "ready" is either seen by the gate or
# added after it; never half-way.


def _locked(participant_id: int) -> Participant:
    return Participant.objects.select_for_update().get(pk=participant_id)


@dataclasses.dataclass(frozen=True, kw_only=True)
class LanguageResultDetails:
    level: LanguageTest
    in_house: bool
    score: int | None
    passed: bool
    taken_on: datetime.date
    valid_until: datetime.date | None
    certificate_number: str


@transaction.atomic
def record_language_result(*, participant_id: int, details: LanguageResultDetails, by: User) -> LanguageResult:
    participant = _locked(participant_id)
    result = LanguageResult.objects.create(
        participant=participant, **dataclasses.asdict(details), recorded_by=by, recorded_at=timezone.now()
    )
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=participant,
        changes={"language_results": [None, _describe_language_result(result)]},
    )
    return result


def _describe_language_result(result: LanguageResult) -> str:
    # Stored in the audit log, so in the source language (English) for every reader.
    outcome = "passed" if result.passed else "not passed"
    in_house = " in-house" if result.in_house else ""
    score = f" score {result.score}" if result.score is not None else ""
    return f"#{result.pk} {result.level}{in_house}{score} {result.taken_on.isoformat()} {outcome}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class HealthCheckDetails:
    examined_on: datetime.date
    result: HealthResult
    expires_on: datetime.date
    clinic: str
    notes: str


@transaction.atomic
def record_health_check(*, participant_id: int, details: HealthCheckDetails, by: User) -> HealthCheck:
    participant = _locked(participant_id)
    check = HealthCheck.objects.create(
        participant=participant, **dataclasses.asdict(details), recorded_by=by, recorded_at=timezone.now()
    )
    # Health data is specific personal data: the audit log names the record,
    # never its result or notes, so the log is not a second copy of them.
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=participant,
        changes={"health_checks": [None, f"#{check.pk} {audit.MASKED}"]},
    )
    return check


# A photo is a picture; everything else may also be a scanned PDF.
ACCEPTED_TYPES: dict[str, frozenset[str]] = {
    kind: frozenset({filecheck.JPEG, filecheck.PNG})
    if kind == DocumentKind.PHOTO
    else frozenset({filecheck.PDF, filecheck.JPEG, filecheck.PNG})
    for kind in DocumentKind
}


def inspect_upload(*, kind: DocumentKind, file: File[bytes]) -> str:
    """The content type of an upload for a document of ``kind``, read from its
    signature; FileRefused when it is too large or not an accepted type."""
    limit = settings.DOCUMENT_MAX_BYTES
    if file.size is None or file.size > limit:
        raise FileRefused(
            _("The file is %(size)s; the limit is %(limit)s. Take the photo again at a lower resolution.")
            % {"size": filesizeformat(file.size or 0), "limit": filesizeformat(limit)}
        )
    try:
        return filecheck.check_content(filecheck.read_head(file), allowed=ACCEPTED_TYPES[kind])
    except filecheck.ContentRefused:
        if kind == DocumentKind.PHOTO:
            message = _("A photo must be a JPEG or PNG picture. This file is not one, whatever its name says.")
        else:
            message = _("Upload a PDF, JPEG or PNG file. This file is not one of those, whatever its name says.")
        raise FileRefused(message) from None


@dataclasses.dataclass(frozen=True, kw_only=True)
class DocumentUpload:
    kind: DocumentKind
    file: File[bytes]
    number: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None


@transaction.atomic
def upload_document(*, participant_id: int, upload: DocumentUpload, by: User) -> Document:
    """Store a document; for kinds a participant holds one of, the current one
    is superseded (kept on file, no longer counted). A new upload is unverified."""
    # Checked here as well as in the form: storing an unchecked file is the one
    # thing that must never happen, whoever calls.
    content_type = inspect_upload(kind=upload.kind, file=upload.file)
    participant = _locked(participant_id)
    now = timezone.now()
    replaced = None
    if upload.kind not in MANY_PER_PARTICIPANT:
        replaced = Document.objects.filter(participant=participant, kind=upload.kind).current().first()
    if replaced is not None:
        replaced.superseded_at = now
        replaced.save(update_fields=["superseded_at"])
    fingerprint = filecheck.fingerprint(upload.file)
    document = Document(
        participant=participant,
        kind=upload.kind,
        original_name=(upload.file.name or "").rsplit("/", 1)[-1][:200],
        content_type=content_type,
        size=fingerprint.size,
        sha256=fingerprint.sha256,
        number=upload.number,
        issued_on=upload.issued_on,
        expires_on=upload.expires_on,
        uploaded_by=by,
        uploaded_at=now,
    )
    # The stored name's suffix comes from the content, not the uploader. If the
    # transaction rolls back, the file stays behind unreferenced: harmless,
    # where a committed row without its file would not be.
    document.file.save(f"{upload.kind}.{filecheck.EXTENSIONS[content_type]}", upload.file, save=False)
    document.save()
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=participant,
        changes={"documents": [_describe_document(replaced), _describe_document(document)]},
    )
    return document


def _describe_document(document: Document | None) -> str | None:
    if document is None:
        return None
    return f"#{document.pk} {document.kind} sha256:{document.sha256[:12]}"


@transaction.atomic
def verify_document(*, document_id: int, by: User) -> Document:
    """Staff confirm the copy matches the original they have seen."""
    participant_id = Document.objects.values_list("participant_id", flat=True).get(pk=document_id)
    participant = _locked(participant_id)
    document = Document.objects.select_for_update().get(pk=document_id)
    if document.superseded_at is not None:
        raise DocumentSuperseded
    if document.is_verified:
        return document
    document.verified_by = by
    document.verified_at = timezone.now()
    document.save(update_fields=["verified_by", "verified_at"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=participant,
        changes={"documents.verified": [None, _describe_document(document)]},
    )
    return document


# --- schooling and earlier work -----------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class EducationDetails:
    level: str
    school: str
    major: str
    started_on: datetime.date
    ended_on: datetime.date | None
    outcome: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class WorkDetails:
    employer: str
    job: str
    started_on: datetime.date
    ended_on: datetime.date | None


class BackgroundChanged(ParticipantError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this education and work history while you were editing. "
                "Open the page again to see their change, then make yours."
            )
        )


def background_fingerprint(participant_id: int) -> str:
    """What the education and work history holds now, in short: the page
    sends it back, so a save based on an older copy is refused."""
    education, work = _describe_background(participant_id)
    return hashlib.sha256("\n".join([*education, "", *work]).encode()).hexdigest()[:32]


@transaction.atomic
def save_background(
    *,
    participant_id: int,
    education: list[EducationDetails],
    work: list[WorkDetails],
    expected_fingerprint: str,
    by: User,
) -> None:
    """Replace the participant's education and work history with the rows
    given: the page edits them as one table, as the résumé shows them."""
    participant = _locked(participant_id)
    if background_fingerprint(participant.pk) != expected_fingerprint:
        raise BackgroundChanged
    before = _describe_background(participant.pk)
    Education.objects.filter(participant=participant).delete()
    WorkExperience.objects.filter(participant=participant).delete()
    Education.objects.bulk_create([Education(participant=participant, **dataclasses.asdict(e)) for e in education])
    WorkExperience.objects.bulk_create([WorkExperience(participant=participant, **dataclasses.asdict(w)) for w in work])
    after = _describe_background(participant.pk)
    changes = {
        name: ["\n".join(old) or None, "\n".join(new) or None]
        for name, old, new in (("education", before[0], after[0]), ("work_experience", before[1], after[1]))
        if old != new
    }
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATED, target=participant, changes=changes)


def _describe_background(participant_id: int) -> tuple[list[str], list[str]]:
    # Stored in the audit log, so in the source language (English) for every reader.
    def month(day: datetime.date | None) -> str:
        return f"{day:%Y-%m}" if day else "now"

    education = [
        f"{row.started_on:%Y-%m}–{month(row.ended_on)} {row.level} {row.school}"
        f"{f' ({row.major})' if row.major else ''} {row.outcome}"
        for row in Education.objects.filter(participant_id=participant_id).order_by("started_on", "id")
    ]
    work = [
        f"{row.started_on:%Y-%m}–{month(row.ended_on)} {row.employer}: {row.job}"
        for row in WorkExperience.objects.filter(participant_id=participant_id).order_by("started_on", "id")
    ]
    return education, work
