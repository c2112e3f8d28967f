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
row would be most of the import's time. Their ids are reserved before they
are written, so nothing is read back; the history rows are made by the
database from the participants' rows. Updates go through model instances,
so that what changed is compared field by field as the edit form compares it.

Rows come as ``ParticipantDetails`` (or ``ParticipantRow``, the same as a
tuple), or as ``DetailValues``, the plain values an import keeps between its
preview and its commit.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import operator
from collections.abc import Collection, Iterable, Sequence
from typing import Any, NamedTuple, TypeAlias

from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from lib.batches import batched
from lib.bulk_insert import MAX_VALUES, insert_for_each, insert_rows, one_of, reserve_ids, roomy_cache
from lib.names import name_key
from participants.actions import DETAIL_FIELDS, ParticipantDetails, ParticipantError
from participants.duplicates import flag_possible_duplicates
from participants.models import SENSITIVE_FIELDS, Participant, Status, StatusChange
from reference.models import Province, SendingProgramme, VocationalProgramme

# Follow the NIK, so they change only with it; the NIK itself is the key.
_KEY_FIELDS = frozenset({"nik", "province"})
_MODEL_FIELDS = {field.name: field for field in Participant._meta.concrete_fields}
# Under SQLite's 32,766 variables in one statement (the NIK lookups), and big
# enough that the per-batch queries are a small part of the time.
BATCH_SIZE = 5000
_NEW_FIELDS = (*(_MODEL_FIELDS[name].attname for name in DETAIL_FIELDS), "name_key")
_details_of = operator.attrgetter(*DETAIL_FIELDS)


def _key_attribute(name: str) -> str:
    """The attribute of the record ``name`` relates to that holds its key:
    what ``pk`` reads, without going through the property, which an import
    does four times a row."""
    related = _MODEL_FIELDS[name].related_model
    if not isinstance(related, type):
        raise TypeError(f"{name} relates to {related!r}")
    return str(related._meta.pk.attname)


# Positions of the values audit.snapshot would not keep as they are: related
# records (with the attribute holding their key) and dates.
_RELATED = tuple((i, _key_attribute(name)) for i, name in enumerate(DETAIL_FIELDS) if _MODEL_FIELDS[name].is_relation)
_DATES = tuple(i for i, name in enumerate(DETAIL_FIELDS) if isinstance(_MODEL_FIELDS[name], models.DateField))
_POSITION = {name: i for i, name in enumerate(DETAIL_FIELDS)}
_NIK, _FULL_NAME = _POSITION["nik"], _POSITION["full_name"]


class ParticipantRow(NamedTuple):
    """``ParticipantDetails`` as a tuple: the same fields, in the same order.
    What the spreadsheet import makes of each row it checks; making a frozen
    dataclass instance a hundred thousand times was a fifth of the checking."""

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
    sending_programme: SendingProgramme | None = None


Details: TypeAlias = ParticipantDetails | ParticipantRow

DetailValues: TypeAlias = Sequence[audit.JsonScalar]
"""A participant's details in DETAIL_FIELDS order as ``audit.snapshot`` gives
them: related records by primary key, dates in ISO form (``detail_values``).
What the database takes, and what the audit log writes."""


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


def detail_values(details: Details) -> list[audit.JsonScalar]:
    """``details`` as ``DetailValues``."""
    # A ParticipantRow is already in DETAIL_FIELDS order.
    values: list[Any] = list(details) if isinstance(details, ParticipantRow) else list(_details_of(details))
    for index, key in _RELATED:
        if values[index] is not None:
            values[index] = getattr(values[index], key)
    for index in _DATES:
        values[index] = values[index].isoformat()
    return values


def classify(*, rows: Sequence[Details], fields: Collection[str], by: User) -> list[Outcome]:
    """What importing each row would do, without writing: the preview's counts."""
    existing = _existing([row.nik for row in rows], lock=False)
    writable = _writable(existing, by)
    outcomes = []
    for row in rows:
        participant = existing.get(row.nik)
        if participant is None:
            outcomes.append(Outcome.NEW)
        elif participant.pk not in writable:
            outcomes.append(Outcome.OUT_OF_SCOPE)
        else:
            changed = _apply(participant, detail_values(row), fields)
            outcomes.append(Outcome.UPDATED if changed else Outcome.UNCHANGED)
    return outcomes


def import_participants(
    *, rows: Iterable[Details], fields: Collection[str], by: User, batch_size: int = BATCH_SIZE
) -> ImportCounts:
    """Register the new NIKs and update the known ones where ``fields`` (the
    columns the file has) differ; leave other fields as they are. Refuses the
    whole import if a NIK belongs to a participant ``by`` may not change
    (``OutOfScope`` counts them all)."""
    return import_participant_values(rows=map(detail_values, rows), fields=fields, by=by, batch_size=batch_size)


@transaction.atomic
def import_participant_values(
    *, rows: Iterable[DetailValues], fields: Collection[str], by: User, batch_size: int = BATCH_SIZE
) -> ImportCounts:
    """``import_participants`` for rows that are ``DetailValues`` already, as
    an import's kept rows are: making a hundred thousand details with their
    related records only to take them apart again cost 0.7 s of a commit."""
    counts = ImportCounts()
    touched: list[int] = []
    refused = 0
    now = timezone.now()
    with roomy_cache():
        for batch in batched(rows, batch_size):
            # Lock the rows this batch updates: an officer editing one of them meanwhile waits.
            existing = _existing([str(values[_NIK]) for values in batch], lock=True)
            refused += len(existing) - len(_writable(existing, by))
            if refused:
                continue  # the transaction rolls back: only count the rest
            created = _register([values for values in batch if values[_NIK] not in existing], by=by, now=now)
            changed = _update(batch, existing, fields=fields, by=by, now=now)
            counts.new += len(created)
            counts.updated += len(changed)
            counts.unchanged += len(existing) - len(changed)
            touched.extend((*created, *changed))
        if refused:
            raise OutOfScope(refused)
        flag_possible_duplicates(touched)
    return counts


def _register(rows: Sequence[DetailValues], *, by: User, now: datetime.datetime) -> list[int]:
    """Insert new participants with their first history row and audit row; return their ids."""
    if not rows:
        return []
    # Their ids are known before they are written: nothing is read back.
    ids = reserve_ids(Participant, len(rows))
    # Plain rows skip save(), which keeps the name key in step.
    new = [(*values, name_key(str(values[_FULL_NAME])), pk) for values, pk in zip(rows, ids, strict=True)]
    insert_rows(
        Participant,
        fields=(*_NEW_FIELDS, "id"),
        rows=new,
        same_for_all={"status": Status.REGISTERED, "status_changed_at": now, "registered_at": now, "updated_at": now},
    )
    insert_for_each(
        StatusChange,
        field="participant",
        ids=ids,
        same_for_all={"to_status": Status.REGISTERED, "changed_by_id": by.pk, "changed_at": now},
    )
    # What registering each wrote, sensitive values masked, as audit.changed_fields gives it against nothing.
    audit.record_creations(
        actor=by, model=Participant, ids=ids, fields=DETAIL_FIELDS, sensitive=SENSITIVE_FIELDS, repr_field="full_name"
    )
    return ids


def _update(
    batch: Sequence[DetailValues],
    existing: dict[str, Participant],
    *,
    fields: Collection[str],
    by: User,
    now: datetime.datetime,
) -> list[int]:
    """Apply the rows to the participants they name; return the ids of those that changed."""
    changed: list[Participant] = []
    entries: list[AuditEntry] = []
    for values in batch:
        participant = existing.get(str(values[_NIK]))
        if participant is None:
            continue
        changes = _apply(participant, values, fields)
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


def _existing(niks: Sequence[str], *, lock: bool) -> dict[str, Participant]:
    """The participants holding these NIKs, by NIK; if ``lock``, locked until
    the transaction ends (as ``select_for_update``, where the database can).

    In SQL of its own: ``filter(nik__in=...)`` prepares each NIK through the
    field's lookup machinery, which cost twice what the query itself did, and an
    import asks for every NIK it reads, twice (preview and commit).
    """
    connection = connections[Participant.objects.db]
    quote = connection.ops.quote_name
    locked = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    found: dict[str, Participant] = {}
    for start in range(0, len(niks), MAX_VALUES):
        condition, params = one_of(quote(_MODEL_FIELDS["nik"].column), niks[start : start + MAX_VALUES], connection)
        sql = f"SELECT * FROM {quote(Participant._meta.db_table)} WHERE {condition}{locked}"  # noqa: S608
        found.update((participant.nik, participant) for participant in Participant.objects.raw(sql, params))
    return found


def _writable(existing: dict[str, Participant], by: User) -> set[int]:
    if not existing:
        return set()
    ids = [participant.pk for participant in existing.values()]
    return set(access.participants_writable_by(by).filter(pk__in=ids).values_list("pk", flat=True))


def _apply(
    participant: Participant, values: DetailValues, fields: Collection[str]
) -> dict[str, list[audit.JsonScalar]]:
    """Set the file's values on ``participant``; return what changed, masked as the audit log keeps it."""
    compared = [field for field in fields if field not in _KEY_FIELDS]
    before = audit.snapshot(participant, compared)
    for field in compared:
        value = values[_POSITION[field]]
        if isinstance(_MODEL_FIELDS[field], models.DateField) and isinstance(value, str):
            setattr(participant, field, datetime.date.fromisoformat(value))
        else:
            # A related record by its key: setting it forgets the record cached under the old key.
            setattr(participant, _MODEL_FIELDS[field].attname, value)
    participant.name_key = name_key(participant.full_name)
    after = audit.snapshot(participant, compared)
    return audit.changed_fields(before, after, sensitive=SENSITIVE_FIELDS)
