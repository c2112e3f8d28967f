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

An update never changes who a record is on its own say-so. A row whose NIK
is registered but whose name, sex, birth date or stored birth place differ is
a *conflict*: perhaps another person under a mistyped NIK, or one Excel
rounded to 15 digits. It is written only when the person importing decided so
for that row (``ImportRow.apply_conflict``); otherwise the record stays as it
is and the row is counted as skipped. A spelling of the same name (capitals,
spaces, punctuation) is an ordinary update.

A field the file leaves blank leaves the stored value alone (``ImportRow.blank``);
clearing one takes an explicit marker in the file, which the row checker turns
into an empty value. So a re-import of a list with fewer columns filled in
erases nothing.

Rows come as ``ParticipantDetails`` (or ``ParticipantRow``, the same as a
tuple), or as ``ImportRow``: the plain values an import keeps between its
preview and its commit, with what the preview saw.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import operator
from collections.abc import Collection, Iterable, Mapping, Sequence
from itertools import repeat
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
from lib.encrypted import blind_index
from lib.names import name_key
from participants.actions import DETAIL_FIELDS, ParticipantDetails, ParticipantError
from participants.duplicates import flag_possible_duplicates
from participants.models import SENSITIVE_FIELDS, Participant, Status, StatusChange
from participants.nik_checks import NOT_YOURS
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
# What says who a record is, beside its NIK: an import changes these only by
# someone's decision. The birth place counts once one is stored (a blank one
# may be filled in).
IDENTITY_FIELDS = ("full_name", "sex", "birth_date", "birth_place")


def blank_mask(fields: Iterable[str]) -> int:
    """``ImportRow.blank`` for these fields."""
    mask = 0
    for field in fields:
        mask |= 1 << _POSITION[field]
    return mask


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


class ImportRow(NamedTuple):
    """One row to import: its details, and what the preview made of it."""

    values: DetailValues
    # Bit i set: the file left DETAIL_FIELDS[i] blank, so an update keeps the stored value.
    blank: int = 0
    row: int = 0  # the file's row number
    # The version of the record the preview compared the row with: 0 if the
    # NIK was not registered then, None if there was no preview. A record that
    # moved on since would not get what the preview showed.
    seen_version: int | None = None
    # Someone decided to write this row although it changes who the record is.
    apply_conflict: bool = False


@dataclasses.dataclass
class ImportCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # conflicts nobody decided to apply
    created: list[int] = dataclasses.field(default_factory=list)  # the new records' ids


class Outcome(enum.Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    # Would change who the record is (IDENTITY_FIELDS): written only if someone decides so.
    CONFLICT = "conflict"
    # Registered, but not with the importer: reported without saying who holds it.
    OUT_OF_SCOPE = "out_of_scope"


class Change(NamedTuple):
    """What a row changes in a record: ``{field: [stored, file]}`` in
    ``audit.snapshot`` form, unmasked, and the fields that change who it is."""

    fields: dict[str, list[audit.JsonScalar]]
    identity: tuple[str, ...]


class Plan(NamedTuple):
    """What importing one row would do."""

    outcome: Outcome
    participant: int | None = None  # the record it concerns
    version: int = 0  # that record's version, as compared
    change: Change = Change({}, ())


class OutOfScope(ParticipantError):
    def __init__(self, participants: Sequence[int] = ()) -> None:
        super().__init__(str(NOT_YOURS))
        self.participants = list(participants)  # the records the rows name that are held elsewhere

    @property
    def count(self) -> int:
        return len(self.participants)


class Stale(ParticipantError):
    """Rows whose record changed (or appeared, or went) after the preview
    compared them with it: writing them would not do what the preview showed."""

    def __init__(self, count: int) -> None:
        super().__init__(_("Records changed after the preview."))
        self.count = count


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


def classify(
    *, rows: Sequence[Details], fields: Collection[str], by: User, blanks: Sequence[int] | None = None
) -> list[Plan]:
    """What importing each row would do, without writing: the preview.
    ``blanks``: each row's ``ImportRow.blank``."""
    existing = _existing([row.nik for row in rows], lock=False)
    writable = _writable(existing, by)
    plans = []
    for row, blank in zip(rows, blanks if blanks is not None else repeat(0), strict=False):
        participant = existing.get(row.nik)
        if participant is None:
            plans.append(Plan(Outcome.NEW))
        elif participant.pk not in writable:
            plans.append(Plan(Outcome.OUT_OF_SCOPE, participant.pk))
        else:
            change = compare(participant, detail_values(row), fields, blank=blank)
            plans.append(Plan(_outcome(change), participant.pk, participant.version, change))
    return plans


def _outcome(change: Change) -> Outcome:
    if change.identity:
        return Outcome.CONFLICT
    return Outcome.UPDATED if change.fields else Outcome.UNCHANGED


def import_participants(
    *, rows: Iterable[Details], fields: Collection[str], by: User, batch_size: int = BATCH_SIZE
) -> ImportCounts:
    """Register the new NIKs and update the known ones where ``fields`` (the
    columns the file has) differ; leave other fields as they are, and records
    whose identity the row would change (conflicts: skipped). Refuses the
    whole import if a NIK belongs to a participant ``by`` may not change
    (``OutOfScope`` names them all)."""
    rows_to_import = (ImportRow(detail_values(row)) for row in rows)
    return import_participant_values(rows=rows_to_import, fields=fields, by=by, batch_size=batch_size)


@transaction.atomic
def import_participant_values(
    *, rows: Iterable[ImportRow], fields: Collection[str], by: User, batch_size: int = BATCH_SIZE
) -> ImportCounts:
    """``import_participants`` for rows that are ``ImportRow`` already, as an
    import's kept rows are: making a hundred thousand details with their
    related records only to take them apart again cost 0.7 s of a commit.
    A row whose record is not what its preview compared it with refuses the
    whole import (``Stale`` counts them)."""
    counts = ImportCounts()
    touched: list[int] = []
    refused: list[int] = []
    stale = 0
    now = timezone.now()
    with roomy_cache():
        for batch in batched(rows, batch_size):
            # Lock the rows this batch updates: an officer editing one of them meanwhile waits.
            existing = _existing([str(row.values[_NIK]) for row in batch], lock=True)
            writable = _writable(existing, by)
            refused.extend(p.pk for p in existing.values() if p.pk not in writable)
            stale += sum(1 for row in batch if _moved_on(row, existing.get(str(row.values[_NIK]))))
            if refused or stale:
                continue  # the transaction rolls back: only count the rest
            new = [row.values for row in batch if row.values[_NIK] not in existing]
            created = _register(new, by=by, now=now)
            changed = _update(batch, existing, fields=fields, by=by, now=now, counts=counts)
            counts.new += len(created)
            counts.created.extend(created)
            touched.extend((*created, *changed))
        if refused:
            raise OutOfScope(refused)
        if stale:
            raise Stale(stale)
        flag_possible_duplicates(touched)
    return counts


def _moved_on(row: ImportRow, participant: Participant | None) -> bool:
    """Whether the record is no longer the one the preview compared the row with."""
    if row.seen_version is None:
        return False
    if participant is None:
        return row.seen_version != 0
    return participant.version != row.seen_version


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
    batch: Sequence[ImportRow],
    existing: dict[str, Participant],
    *,
    fields: Collection[str],
    by: User,
    now: datetime.datetime,
    counts: ImportCounts,
) -> list[int]:
    """Apply the rows to the participants they name, conflicts only where
    someone decided so; count them; return the ids of those that changed."""
    changed: list[Participant] = []
    entries: list[AuditEntry] = []
    for row in batch:
        participant = existing.get(str(row.values[_NIK]))
        if participant is None:
            continue
        change = compare(participant, row.values, fields, blank=row.blank)
        if change.identity and not row.apply_conflict:
            counts.skipped += 1
        elif not change.fields:
            counts.unchanged += 1
        else:
            apply(participant, change)
            participant.version += 1
            participant.updated_at = now
            changed.append(participant)
            entries.append(
                audit.entry(actor=by, action=AuditAction.UPDATED, target=participant, changes=masked(change.fields))
            )
    if changed:
        updated_fields = [*(set(fields) - _KEY_FIELDS), "name_key", "version", "updated_at"]
        Participant.objects.bulk_update(changed, updated_fields, batch_size=500)
        audit.record_many(entries)
    counts.updated += len(changed)
    return [participant.pk for participant in changed]


def _existing(niks: Sequence[str], *, lock: bool) -> dict[str, Participant]:
    """The participants holding these NIKs, by NIK; if ``lock``, locked until
    the transaction ends (as ``select_for_update``, where the database can).

    In SQL of its own: the ORM's ``__in`` prepares each value through the
    field's lookup machinery, which cost twice what the query itself did, and an
    import asks for every NIK it reads, twice (preview and commit).
    """
    connection = connections[Participant.objects.db]
    quote = connection.ops.quote_name
    locked = " FOR UPDATE" if lock and connection.features.has_select_for_update else ""
    found: dict[str, Participant] = {}
    # Found by the blind index: the NIK column holds sealed values only.
    indexes = [blind_index(nik) for nik in niks]
    for start in range(0, len(indexes), MAX_VALUES):
        condition, params = one_of(
            quote(_MODEL_FIELDS["nik_index"].column), indexes[start : start + MAX_VALUES], connection
        )
        sql = f"SELECT * FROM {quote(Participant._meta.db_table)} WHERE {condition}{locked}"  # noqa: S608
        found.update((participant.nik, participant) for participant in Participant.objects.raw(sql, params))
    return found


def _writable(existing: dict[str, Participant], by: User) -> set[int]:
    if not existing:
        return set()
    ids = [participant.pk for participant in existing.values()]
    return set(access.participants_writable_by(by).filter(pk__in=ids).values_list("pk", flat=True))


def compare(participant: Participant, values: DetailValues, fields: Collection[str], *, blank: int = 0) -> Change:
    """What writing ``values`` (the file's ``fields``) would change in
    ``participant``: fields the file left blank keep their stored value,
    except the katakana of a name that changes (it is suggested from the new
    name). Nothing is set on the record."""
    compared = [field for field in fields if field not in _KEY_FIELDS and not blank & (1 << _POSITION[field])]
    stored = audit.snapshot(participant, compared)
    changes = {
        field: [stored[field], values[_POSITION[field]]]
        for field in compared
        if stored[field] != values[_POSITION[field]]
    }
    identity = tuple(field for field in IDENTITY_FIELDS if field in changes and _changes_who(field, changes[field]))
    katakana = "name_katakana"
    if "full_name" in identity and katakana in fields and blank & (1 << _POSITION[katakana]):
        suggested = values[_POSITION[katakana]]
        if suggested != participant.name_katakana:
            changes[katakana] = [participant.name_katakana, suggested]
    return Change({field: changes[field] for field in DETAIL_FIELDS if field in changes}, identity)


def _changes_who(field: str, change: Sequence[audit.JsonScalar]) -> bool:
    stored, given = (str(value or "") for value in change)
    if field == "full_name":
        return name_key(stored) != name_key(given)
    if field == "birth_place":
        return bool(stored.strip()) and name_key(stored) != name_key(given)
    return True


def apply(
    participant: Participant, change: Change | Mapping[str, Sequence[audit.JsonScalar]], *, side: int = 1
) -> None:
    """Set ``change``'s values on ``participant`` (not saved): the file's
    (``side=1``), or the stored ones it replaced (``side=0``, an undo)."""
    fields = change.fields if isinstance(change, Change) else change
    for field, values in fields.items():
        value = values[side]
        if isinstance(_MODEL_FIELDS[field], models.DateField) and isinstance(value, str):
            setattr(participant, field, datetime.date.fromisoformat(value))
        else:
            # A related record by its key: setting it forgets the record cached under the old key.
            setattr(participant, _MODEL_FIELDS[field].attname, value)
    participant.name_key = name_key(participant.full_name)


def masked(changes: Mapping[str, Sequence[audit.JsonScalar]]) -> dict[str, list[audit.JsonScalar]]:
    """``changes`` as the audit log keeps them: sensitive values masked."""
    return {
        field: [audit.MASKED, audit.MASKED] if field in SENSITIVE_FIELDS else list(values)
        for field, values in changes.items()
    }
