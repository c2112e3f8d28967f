"""Registering and updating participants in bulk: the action behind spreadsheet
imports.

The per-row actions (``participants.actions``) would cost several queries per
row; an import of a hundred thousand rows writes in batches instead, with the
same outcome: the record, its first history row, an audit row per created or
changed record (sensitive values masked) and the possible-duplicate flags, all
in one transaction. The NIK is the key, so importing the same file twice
creates nothing the second time.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Collection, Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from lib.batches import batched
from lib.names import name_key
from participants.actions import DETAIL_FIELDS, ParticipantDetails, ParticipantError
from participants.duplicates import flag_possible_duplicates
from participants.models import SENSITIVE_FIELDS, Participant, Status, StatusChange

# Follow the NIK, so they change only with it; the NIK itself is the key.
_KEY_FIELDS = frozenset({"nik", "province"})
BATCH_SIZE = 2000


@dataclasses.dataclass
class ImportCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0


class Outcome(enum.Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # Registered, but not with the importer: reported without saying who holds it.
    OUT_OF_SCOPE = "out_of_scope"


class OutOfScope(ParticipantError):
    def __init__(self) -> None:
        super().__init__(_("A participant with this NIK is registered, but not with your organization."))


def classify(*, rows: Sequence[ParticipantDetails], fields: Collection[str], by: User) -> list[Outcome]:
    """What importing each row would do, without writing: the preview's counts."""
    existing = _existing(rows, lock=False)
    writable = _writable(existing, by)
    outcomes = []
    for row in rows:
        participant = existing.get(row.nik)
        if participant is None:
            outcomes.append(Outcome.NEW)
        elif participant.pk not in writable:
            outcomes.append(Outcome.OUT_OF_SCOPE)
        else:
            outcomes.append(Outcome.UPDATED if _apply(participant, row, fields) else Outcome.UNCHANGED)
    return outcomes


@transaction.atomic
def import_participants(
    *, rows: Iterable[ParticipantDetails], fields: Collection[str], by: User, batch_size: int = BATCH_SIZE
) -> ImportCounts:
    """Register the new NIKs and update the known ones where ``fields`` (the
    columns the file has) differ; leave other fields as they are. Refuses the
    whole import if a NIK belongs to a participant ``by`` may not change."""
    counts = ImportCounts()
    touched: list[int] = []
    for batch in batched(rows, batch_size):
        touched.extend(_write_batch(batch, fields=fields, by=by, counts=counts))
    flag_possible_duplicates(touched)
    return counts


def _write_batch(
    batch: Sequence[ParticipantDetails], *, fields: Collection[str], by: User, counts: ImportCounts
) -> list[int]:
    # Lock the rows this batch updates: an officer editing one of them meanwhile waits.
    existing = _existing(batch, lock=True)
    if len(_writable(existing, by)) != len(existing):
        raise OutOfScope
    now = timezone.now()
    created = [_new_participant(row, now) for row in batch if row.nik not in existing]
    Participant.objects.bulk_create(created, batch_size=len(created) or 1)
    changed: list[Participant] = []
    entries: list[AuditEntry] = [_created_entry(participant, by) for participant in created]
    for row in batch:
        participant = existing.get(row.nik)
        if participant is None:
            continue
        changes = _apply(participant, row, fields)
        if changes:
            participant.version += 1
            participant.updated_at = now
            changed.append(participant)
            entries.append(audit.entry(actor=by, action=AuditAction.UPDATED, target=participant, changes=changes))
    if changed:
        updated_fields = [*(set(fields) - _KEY_FIELDS), "name_key", "version", "updated_at"]
        Participant.objects.bulk_update(changed, updated_fields, batch_size=500)
    StatusChange.objects.bulk_create(
        [
            StatusChange(participant=participant, to_status=Status.REGISTERED, changed_by=by, changed_at=now)
            for participant in created
        ],
        batch_size=len(created) or 1,
    )
    audit.record_many(entries)
    counts.new += len(created)
    counts.updated += len(changed)
    counts.unchanged += len(batch) - len(created) - len(changed)
    return [participant.pk for participant in (*created, *changed)]


def _existing(rows: Sequence[ParticipantDetails], *, lock: bool) -> dict[str, Participant]:
    participants = Participant.objects.filter(nik__in=[row.nik for row in rows])
    if lock:
        participants = participants.select_for_update()
    return {participant.nik: participant for participant in participants}


def _writable(existing: dict[str, Participant], by: User) -> set[int]:
    if not existing:
        return set()
    ids = [participant.pk for participant in existing.values()]
    return set(access.participants_writable_by(by).filter(pk__in=ids).values_list("pk", flat=True))


def _new_participant(row: ParticipantDetails, now: datetime.datetime) -> Participant:
    participant = Participant(
        # Not dataclasses.asdict: it deep-copies the organizations and provinces of every row.
        **{field: getattr(row, field) for field in DETAIL_FIELDS},
        registered_at=now,
        status_changed_at=now,
    )
    # bulk_create skips save(), which keeps the name key in step.
    participant.name_key = name_key(participant.full_name)
    return participant


def _created_entry(participant: Participant, by: User) -> AuditEntry:
    after = audit.snapshot(participant, DETAIL_FIELDS)
    return audit.entry(
        actor=by,
        action=AuditAction.CREATED,
        target=participant,
        changes=audit.changed_fields({}, after, sensitive=SENSITIVE_FIELDS),
    )


def _apply(
    participant: Participant, row: ParticipantDetails, fields: Collection[str]
) -> dict[str, list[audit.JsonScalar]]:
    """Set the file's values on ``participant``; return what changed, masked as the audit log keeps it."""
    compared = [field for field in fields if field not in _KEY_FIELDS]
    before = audit.snapshot(participant, compared)
    for field in compared:
        setattr(participant, field, getattr(row, field))
    participant.name_key = name_key(participant.full_name)
    after = audit.snapshot(participant, compared)
    return audit.changed_fields(before, after, sensitive=SENSITIVE_FIELDS)
