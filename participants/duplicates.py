"""Flagging and reviewing possible duplicates: the same name and birth date
under different NIKs (see participants.models.duplicates).

Registration, edits and imports call ``flag_possible_duplicates`` with the
records they wrote; a ministry reviewer settles each flag with
``review_possible_duplicate``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from lib.batches import batched
from lib.bulk_insert import in_list
from participants.models import Participant, PossibleDuplicate, Review

# Ids per query: under SQLite's 32,766 variables, and few queries, because
# PostgreSQL may answer each with a scan of the whole table (a hash join): at
# a thousand ids a query, flagging a 100,000-row import took 3-6 s, not 1.4 s.
_CHUNK = 10_000


def flag_possible_duplicates(participant_ids: Iterable[int]) -> int:
    """Flag each of these participants against every other record with the
    same name key and birth date; return how many new flags were raised.

    Built for imports of a hundred thousand rows: one EXISTS query per ten
    thousand ids finds the few that have a twin, and only those are paired.
    A pair that has been flagged before (even if reviewed) is not flagged again.
    """
    raised = 0
    for chunk in batched(participant_ids, _CHUNK):
        keys = _keys_with_a_twin(chunk)
        if keys:
            raised += _flag_groups(set(chunk), keys)
    return raised


def _keys_with_a_twin(ids: Sequence[int]) -> set[tuple[str, datetime.date]]:
    """The name keys and birth dates of these participants that another record shares.

    In SQL of its own: the same query through the ORM (``filter(pk__in=ids)``
    and ``Exists``) spent as long preparing ten thousand ids one by one as
    SQLite spent answering it.
    """
    connection = connections[Participant.objects.db]
    quote = connection.ops.quote_name
    table = quote(Participant._meta.db_table)
    columns = {field.name: field.column for field in Participant._meta.concrete_fields}
    pk, name, born = (quote(columns[field]) for field in ("id", "name_key", "birth_date"))
    # A list even on PostgreSQL, where an array of ids (lib.bulk_insert.one_of)
    # leads it to sort the whole table for a merge join: 1.3 s, not 0.7 s, for
    # the 100,000 ids of an import.
    condition, params = in_list(f"p.{pk}", ids)
    sql = (
        f"SELECT p.{name}, p.{born} FROM {table} p WHERE {condition} AND p.{name} <> '' AND EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {table} twin WHERE twin.{name} = p.{name} AND twin.{born} = p.{born} AND twin.{pk} <> p.{pk})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(key, birth_date) for key, birth_date in cursor.fetchall()}


def _flag_groups(ids: set[int], keys: set[tuple[str, datetime.date]]) -> int:
    match = Q(pk__in=[])
    for name, born in keys:
        match |= Q(name_key=name, birth_date=born)
    groups: dict[tuple[str, datetime.date], list[int]] = defaultdict(list)
    for pk, name, born in Participant.objects.filter(match).values_list("pk", "name_key", "birth_date"):
        groups[(name, born)].append(pk)
    # The newer record (higher id) is the one flagged against the older.
    pairs = {
        (max(a, b), min(a, b)) for members in groups.values() for a in members if a in ids for b in members if b != a
    }
    known = set(
        PossibleDuplicate.objects.filter(participant__in={p for p, _ in pairs}).values_list("participant", "other")
    )
    new = [PossibleDuplicate(participant_id=p, other_id=o) for p, o in sorted(pairs - known)]
    PossibleDuplicate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


class AlreadyReviewed(Exception):
    def __init__(self) -> None:
        super().__init__(_("Someone has already reviewed this possible duplicate."))


class NoteRequired(Exception):
    """ "Same person" closes the pair for good and leaves a record to correct:
    what showed it is the only trace of why."""

    def __init__(self) -> None:
        super().__init__(_("Say what showed that they are the same person, e.g. the photo or the family card."))


@transaction.atomic
def review_possible_duplicate(*, flag_id: int, decision: Review, note: str, by: User) -> PossibleDuplicate:
    """Settle a flag. "Same person" does not merge or withdraw anything by
    itself: which record is right is for the reviewer to act on, through the
    ordinary status change with its reason."""
    flag = PossibleDuplicate.objects.select_for_update().get(pk=flag_id)
    if flag.review != Review.OPEN:
        raise AlreadyReviewed
    if decision == Review.OPEN:
        raise ValueError("a review decides")
    if decision == Review.SAME_PERSON and not note.strip():
        raise NoteRequired
    flag.review = decision
    flag.note = note.strip()
    flag.reviewed_by = by
    flag.reviewed_at = timezone.now()
    flag.save(update_fields=["review", "note", "reviewed_by", "reviewed_at"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=flag.participant,
        changes={"possible_duplicate": [f"#{flag.other_id} {Review.OPEN}", f"#{flag.other_id} {decision}"]},
    )
    return flag
