"""Registering and updating participants in bulk: the action behind spreadsheet
imports.

The per-row actions (``participants.actions``) would cost several queries per
row; an import of a hundred thousand rows writes in batches instead, with the
same outcome: the record, its first history row, an audit row per created or
changed record (sensitive values masked) and the possible-duplicate flags, all
in one transaction. The NIK is the key, so importing the same file twice
creates nothing the second time.

New participants, the bulk of a large import, go in as plain rows
(``lib.bulk_insert``) with their history and audit rows: a model instance per
row would be most of the import's time. Updates go through model instances,
so that what changed is compared field by field as the edit form compares it.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import operator
from collections.abc import Collection, Iterable, Sequence

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from lib.batches import batched
from lib.bulk_insert import insert_rows
from lib.names import name_key
from participants.actions import DETAIL_FIELDS, ParticipantDetails, ParticipantError
from participants.duplicates import flag_possible_duplicates
from participants.models import SENSITIVE_FIELDS, Participant, Status, StatusChange

# Follow the NIK, so they change only with it; the NIK itself is the key.
_KEY_FIELDS = frozenset({"nik", "province"})
_MODEL_FIELDS = {field.name: field for field in Participant._meta.concrete_fields}
# Under SQLite's 32,766 variables in one statement (the NIK lookups), and big
# enough that the per-batch queries are a small part of the time.
BATCH_SIZE = 5000
_NEW_FIELDS = (*(_MODEL_FIELDS[name].attname for name in DETAIL_FIELDS), "name_key")
_details_of = operator.attrgetter(*DETAIL_FIELDS)
# Positions of the values audit.snapshot would not keep as they are: related records and dates.
_RELATED = tuple(i for i, name in enumerate(DETAIL_FIELDS) if _MODEL_FIELDS[name].is_relation)
_NIK, _FULL_NAME = DETAIL_FIELDS.index("nik"), DETAIL_FIELDS.index("full_name")
_DATES = tuple(i for i, name in enumerate(DETAIL_FIELDS) if isinstance(_MODEL_FIELDS[name], models.DateField))


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
    def __init__(self, count: int = 1) -> None:
        super().__init__(_("A participant with this NIK is registered, but not with your organization."))
        self.count = count  # NIKs in the rows that are held elsewhere


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
    whole import if a NIK belongs to a participant ``by`` may not change
    (``OutOfScope`` counts them all)."""
    counts = ImportCounts()
    touched: list[int] = []
    refused = 0
    now = timezone.now()
    for batch in batched(rows, batch_size):
        # Lock the rows this batch updates: an officer editing one of them meanwhile waits.
        existing = _existing(batch, lock=True)
        refused += len(existing) - len(_writable(existing, by))
        if refused:
            continue  # the transaction rolls back: only count the rest
        created = _register([row for row in batch if row.nik not in existing], by=by, now=now)
        changed = _update(batch, existing, fields=fields, by=by, now=now)
        counts.new += len(created)
        counts.updated += len(changed)
        counts.unchanged += len(existing) - len(changed)
        touched.extend((*created, *changed))
    if refused:
        raise OutOfScope(refused)
    flag_possible_duplicates(touched)
    return counts


def _register(rows: Sequence[ParticipantDetails], *, by: User, now: datetime.datetime) -> list[int]:
    """Insert new participants with their first history row and audit row; return their ids."""
    # Plain rows skip save(), which keeps the name key in step.
    new = [[*_detail_values(row), name_key(row.full_name)] for row in rows]
    if not new:
        return []
    insert_rows(
        Participant,
        fields=_NEW_FIELDS,
        rows=new,
        same_for_all={"status": Status.REGISTERED, "status_changed_at": now, "registered_at": now, "updated_at": now},
    )
    ids = _ids_by_nik([str(values[_NIK]) for values in new])
    insert_rows(
        StatusChange,
        fields=("participant_id",),
        rows=[(pk,) for pk in sorted(ids.values())],  # in id order: its indexes begin with the id
        same_for_all={"to_status": Status.REGISTERED, "changed_by_id": by.pk, "changed_at": now},
    )
    audit.record_for_each(
        actor=by,
        action=AuditAction.CREATED,
        model=Participant,
        targets=(
            audit.TargetChanges(ids[str(values[_NIK])], str(values[_FULL_NAME]), _created_changes(values))
            for values in new
        ),
    )
    return list(ids.values())


def _detail_values(row: ParticipantDetails) -> list[audit.JsonScalar]:
    """The row's values in DETAIL_FIELDS order as ``audit.snapshot`` gives
    them (related records by id, dates as text), which the database takes too."""
    values = list(_details_of(row))
    for index in _RELATED:
        if values[index] is not None:
            values[index] = values[index].pk
    for index in _DATES:
        values[index] = values[index].isoformat()
    return values


def _created_changes(values: Sequence[audit.JsonScalar]) -> dict[str, list[audit.JsonScalar]]:
    """What registering one participant writes to the audit log, sensitive values masked."""
    details = dict(zip(DETAIL_FIELDS, values, strict=False))  # the name key after them is not a detail
    return audit.changed_fields({}, details, sensitive=SENSITIVE_FIELDS)


def _ids_by_nik(niks: Sequence[str]) -> dict[str, int]:
    return dict(Participant.objects.filter(nik__in=niks).values_list("nik", "pk"))


def _update(
    batch: Sequence[ParticipantDetails],
    existing: dict[str, Participant],
    *,
    fields: Collection[str],
    by: User,
    now: datetime.datetime,
) -> list[int]:
    """Apply the rows to the participants they name; return the ids of those that changed."""
    changed: list[Participant] = []
    entries: list[AuditEntry] = []
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
        audit.record_many(entries)
    return [participant.pk for participant in changed]


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
