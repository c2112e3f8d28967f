"""Workflows that change participants. Views, imports, commands and tasks all
call these; none of them writes a participant row any other way.

Each action runs in one transaction, locks the row it changes, writes the
history and audit rows with it, and saves only the fields it owns.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from participants.models import REASON_REQUIRED, SENSITIVE_FIELDS, Participant, Status, StatusChange
from reference.models import Province, VocationalProgramme


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


class ReasonRequired(ParticipantError):
    def __init__(self, wanted: Status) -> None:
        super().__init__(_("Give a reason for “%(wanted)s”.") % {"wanted": wanted.label})


@transaction.atomic
def register_participant(*, details: ParticipantDetails, by: User) -> Participant:
    if Participant.objects.filter(nik=details.nik).exists():
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
    if Participant.objects.filter(nik=details.nik).exclude(pk=participant_id).exists():
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
    audit.record(actor=by, action=AuditAction.UPDATED, target=participant, changes=changes)
    return participant


@transaction.atomic
def change_status(*, participant_id: int, to: Status, by: User, reason: str = "") -> Participant:
    # The row lock makes two officers' simultaneous clicks queue: the second
    # sees the first one's status and is checked against it.
    participant = Participant.objects.select_for_update().get(pk=participant_id)
    current = Status(participant.status)
    if not participant.can_move_to(to):
        raise TransitionNotAllowed(current, to)
    reason = reason.strip()
    if to in REASON_REQUIRED and not reason:
        raise ReasonRequired(to)
    now = timezone.now()
    participant.status = to
    participant.status_changed_at = now
    participant.save(update_fields=["status", "status_changed_at", "updated_at"])
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
