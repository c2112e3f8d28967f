"""Undoing a participant import while IMPORT_UNDO_DAYS last.

An undo puts back the values the import replaced (its ``ImportChange`` rows)
and removes the participants it registered, in one transaction with an audit
row per record and one for the job. It never undoes someone else's work:

* an updated record is restored only if every field the import changed
  still holds what the import wrote; if anyone changed one of them since,
  the whole record is left as it is (a restored name beside a later phone
  number would be a record nobody ever entered);
* a registered record is removed only if nothing happened to it since: no
  edit, no status change, no login, nothing recorded about it (documents,
  enrolments, results, health checks, shortlists, a reviewed duplicate flag);
* and only records the person undoing may change.

Each record left as it was is listed with the reason (``UndoKept``), before
(``plan_undo``, shown on the confirmation page) and after. When the undo
period ends, the sweep deletes the replaced values (``forget_undo_data``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts import access
from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction, AuditEntry
from lib.batches import batched
from participants.duplicates import flag_possible_duplicates
from participants.imports import apply, masked
from participants.models import ForeignNikCheck, Participant, PossibleDuplicate, Review, Status, StatusChange
from spreadsheets.models import ImportChange, ImportJob, ImportState, UndoKept
from spreadsheets.participant_jobs import ids_in
from spreadsheets.transitions import move

CHUNK = 1000
# Tables that only keep account of a record rather than say something about
# the person: they go with a removed record. The first history row and open
# duplicate flags are the import's own doing, checked separately.
_BOOKKEEPING: tuple[type[models.Model], ...] = (ImportChange, ForeignNikCheck, StatusChange, PossibleDuplicate)
CHANGED_SINCE = "changed_since"
WORKED_ON = "worked_on"
NOT_YOURS = "not_yours"


class UndoRefused(Exception):
    """``code``: why (spreadsheets.messages.FILE_MESSAGES)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclasses.dataclass
class UndoPlan:
    restore: list[ImportChange] = dataclasses.field(default_factory=list)
    remove: list[int] = dataclasses.field(default_factory=list)
    kept: list[UndoKept] = dataclasses.field(default_factory=list)


def plan_undo(job: ImportJob, *, by: User, lock: bool = False) -> UndoPlan:
    """What undoing ``job`` would do for ``by``; ``lock``: lock the records
    (inside the undo's transaction)."""
    plan = UndoPlan()
    applied = job.changes.applied().order_by("row")
    for chunk in batched(applied.iterator(chunk_size=CHUNK), CHUNK):
        _plan_restores(plan, chunk, by=by, lock=lock)
    created = ids_in(job.created_ranges)
    for ids in batched(created, CHUNK):
        _plan_removals(plan, list(ids), by=by, lock=lock)
    return plan


def _plan_restores(plan: UndoPlan, changes: Sequence[ImportChange], *, by: User, lock: bool) -> None:
    participants = _participants([change.participant_id for change in changes], lock=lock)
    writable = _writable(participants, by)
    for change in changes:
        participant = participants[change.participant_id]
        now = audit.snapshot(participant, change.fields)
        if participant.pk not in writable:
            plan.kept.append(UndoKept(participant=participant.pk, row=change.row, reason=NOT_YOURS))
        elif any(now[field] != values[1] for field, values in change.fields.items()):
            plan.kept.append(UndoKept(participant=participant.pk, row=change.row, reason=CHANGED_SINCE))
        else:
            plan.restore.append(change)


def _plan_removals(plan: UndoPlan, ids: list[int], *, by: User, lock: bool) -> None:
    participants = _participants(ids, lock=lock)
    present = list(participants)  # a record deleted since is nothing to undo
    writable = _writable(participants, by)
    touched = _worked_on(present)
    for pk in present:
        if pk not in writable:
            plan.kept.append(UndoKept(participant=pk, row=0, reason=NOT_YOURS))
        elif pk in touched:
            plan.kept.append(UndoKept(participant=pk, row=0, reason=WORKED_ON))
        else:
            plan.remove.append(pk)


def _participants(ids: Sequence[int], *, lock: bool) -> dict[int, Participant]:
    records = Participant.objects.filter(pk__in=ids)
    return {participant.pk: participant for participant in (records.select_for_update() if lock else records)}


def _writable(participants: dict[int, Participant], by: User) -> set[int]:
    return set(access.participants_writable_by(by).filter(pk__in=list(participants)).values_list("pk", flat=True))


def _worked_on(ids: list[int]) -> set[int]:
    """The records among ``ids`` that someone did something with after they were registered."""
    if not ids:
        return set()
    records = Participant.objects.filter(pk__in=ids)
    touched = set(
        records.filter(~Q(version=1) | ~Q(status=Status.REGISTERED) | Q(user__isnull=False)).values_list(
            "pk", flat=True
        )
    )
    moved = StatusChange.objects.filter(participant__in=ids).values("participant").annotate(n=Count("id"))
    touched |= set(moved.filter(n__gt=1).values_list("participant", flat=True))
    reviewed = PossibleDuplicate.objects.exclude(review=Review.OPEN).filter(Q(participant__in=ids) | Q(other__in=ids))
    for one, other in reviewed.values_list("participant", "other"):
        touched |= {one, other}
    for model, name in _pointing_at_participants():
        touched |= set(model._default_manager.filter(**{f"{name}__in": ids}).values_list(name, flat=True))
    return touched & set(ids)


def _pointing_at_participants() -> Iterable[tuple[type[models.Model], str]]:
    """Every model with a key to a participant, and the key's name, but the
    bookkeeping ones; hidden ones (``related_name="+"``) included."""
    for relation in Participant._meta.get_fields(include_hidden=True):
        model = relation.related_model
        if not relation.auto_created or relation.concrete or not (relation.one_to_many or relation.one_to_one):
            continue
        if isinstance(model, type) and issubclass(model, models.Model) and not issubclass(model, _BOOKKEEPING):
            yield model, relation.field.name  # type: ignore[union-attr]


@transaction.atomic
def undo_import(*, job_id: int, by: User) -> ImportJob:
    """Undo a committed participant import (see the module); refused once
    the undo period is over (``UndoRefused``)."""
    job = ImportJob.objects.select_for_update().get(pk=job_id)
    if job.undo_until is None:
        raise UndoRefused("undo_over")
    plan = plan_undo(job, by=by, lock=True)
    _restore(job, plan.restore, by=by)
    _remove(job, plan.remove, by=by)
    # The replaced values are back where they were, or kept by a later change: not needed any more.
    job.changes.all().delete()
    detail = {
        "restored": [None, len(plan.restore)],
        "removed": [None, len(plan.remove)],
        "kept": [None, len(plan.kept)],
    }
    return move(
        job.pk, ImportState.UNDONE, by=by, detail=detail, undone_by=by, undone_at=timezone.now(), undo_kept=plan.kept
    )


def _restore(job: ImportJob, changes: Sequence[ImportChange], *, by: User) -> None:
    now = timezone.now()
    for chunk in batched(changes, CHUNK):
        participants = _participants([change.participant_id for change in chunk], lock=True)
        entries: list[AuditEntry] = []
        fields: set[str] = set()
        for change in chunk:
            participant = participants[change.participant_id]
            apply(participant, change.fields, side=0)
            participant.version += 1
            participant.updated_at = now
            fields |= change.fields.keys()
            back = {field: [values[1], values[0]] for field, values in change.fields.items()}
            entries.append(
                audit.entry(
                    actor=by,
                    action=AuditAction.UPDATED,
                    target=participant,
                    changes={**masked(back), "undone_import": [job.pk, None]},
                )
            )
        Participant.objects.bulk_update(
            list(participants.values()), [*fields, "name_key", "version", "updated_at"], batch_size=500
        )
        audit.record_many(entries)
        # A name or birth date put back may match another record again.
        flag_possible_duplicates(list(participants))


def _remove(job: ImportJob, ids: Sequence[int], *, by: User) -> None:
    for chunk in batched(ids, CHUNK):
        names = dict(Participant.objects.filter(pk__in=chunk).values_list("pk", "full_name"))
        audit.record_for_each(
            actor=by,
            action=AuditAction.DELETED,
            model=Participant,
            targets=[audit.TargetChanges(pk, names[pk], {"undone_import": [job.pk, None]}) for pk in chunk],
        )
        # Their first history rows and open duplicate flags go with them.
        Participant.objects.filter(pk__in=chunk).delete()


def forget_undo_data() -> int:
    """Delete the values imports replaced once their undo period is over; return how many records' worth."""
    deleted, _ = ImportChange.objects.past_undo().delete()
    return deleted
