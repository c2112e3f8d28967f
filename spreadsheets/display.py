"""What the import pages show of the changes an import makes to registered
records (``ImportChange``): each field's stored value and the file's, in the
reader's words, under the record's access rules. A row about a record the
reader may not see shows no values; sensitive fields (NIK, address) show only
whether they are empty, for everyone: the record's own page shows them on
request, audit-logged, as everywhere else.

Pages of a job's changes go by row number (keyset), with one query for the
changes, one for which records the reader sees, and one per kind of related
record named on the page.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.formats import date_format

from accounts import access
from accounts.models import Organization, User
from audit.actions import MASKED, JsonScalar
from lib import nik as nik_lib
from participants.models import SENSITIVE_FIELDS, Participant, Sex
from reference.models import SendingProgramme, VocationalProgramme
from spreadsheets.models import ChangeKind, ImportChange, ImportJob, UndoKept

PAGE_SIZE = 50
_RELATED: dict[str, type[models.Model]] = {
    "vocational_programme": VocationalProgramme,
    "training_centre": Organization,
    "sending_organization": Organization,
    "sending_programme": SendingProgramme,
}
EMPTY = "—"


@dataclasses.dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str
    identity: bool  # one of the fields that make the row a conflict


@dataclasses.dataclass(frozen=True)
class ChangeRow:
    row: int
    visible: bool  # whether the reader may see the record (else nothing of it is shown)
    name: str  # the stored name
    nik: str  # masked
    conflict: bool
    accepted: bool
    rounded: bool  # a conflict whose NIK ends in 0: perhaps Excel's rounding
    fields: list[FieldChange]


@dataclasses.dataclass(frozen=True)
class ChangePage:
    rows: list[ChangeRow]
    next_after: int | None  # the row to continue after, if there are more
    conflicts_only: bool


def change_page(job: ImportJob, viewer: User, *, after: int = 0, conflicts_only: bool = False) -> ChangePage:
    changes = job.changes.filter(row__gt=after).select_related("participant").order_by("row")
    if conflicts_only:
        changes = changes.filter(kind=ChangeKind.CONFLICT)
    page = list(changes[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    visible = _visible(viewer, [change.participant_id for change in page])
    names = _related_names(page)
    rows = [_row(change, change.participant_id in visible, names) for change in page]
    return ChangePage(rows=rows, next_after=page[-1].row if more else None, conflicts_only=conflicts_only)


def _visible(viewer: User, ids: Sequence[int]) -> set[int]:
    return set(access.participants_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))


def _related_names(changes: Sequence[ImportChange]) -> dict[tuple[str, int], str]:
    """The code of each related record named on the page, by field and key."""
    wanted: dict[type[models.Model], set[int]] = {}
    for change in changes:
        for field, values in change.fields.items():
            if field in _RELATED:
                wanted.setdefault(_RELATED[field], set()).update(int(v) for v in values if v is not None)
    codes: dict[tuple[type[models.Model], int], str] = {}
    for model, keys in wanted.items():
        for pk, code in model._default_manager.filter(pk__in=keys).values_list("pk", "code"):
            codes[model, pk] = code
    return {
        (field, pk): code for field, model in _RELATED.items() for (known, pk), code in codes.items() if known is model
    }


def _row(change: ImportChange, visible: bool, names: Mapping[tuple[str, int], str]) -> ChangeRow:
    participant: Participant = change.participant
    conflict = change.kind == ChangeKind.CONFLICT
    return ChangeRow(
        row=change.row,
        visible=visible,
        name=participant.full_name if visible else "",
        nik=participant.masked_nik if visible else "",
        conflict=conflict,
        accepted=change.accepted,
        rounded=conflict and visible and participant.nik.endswith("0"),
        fields=[_field(field, values, field in change.identity, names) for field, values in change.fields.items()]
        if visible
        else [],
    )


def _field(
    field: str, values: Sequence[JsonScalar], identity: bool, names: Mapping[tuple[str, int], str]
) -> FieldChange:
    show = _shown_as(field, names)
    return FieldChange(
        label=str(getattr(Participant._meta.get_field(field), "verbose_name", field)),
        before=show(values[0]),
        after=show(values[1]),
        identity=identity,
    )


def _shown_as(field: str, names: Mapping[tuple[str, int], str]) -> Callable[[JsonScalar], str]:
    def shown(value: JsonScalar) -> str:
        if value in (None, ""):
            return EMPTY
        if field in SENSITIVE_FIELDS:
            return MASKED
        if field in _RELATED:
            return names.get((field, int(value)), str(value))  # type: ignore[arg-type]
        if field == "sex":
            return str(Sex(str(value)).label)
        if field == "birth_date":
            return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        return str(value)

    return shown


@dataclasses.dataclass(frozen=True)
class KeptRow:
    row: int
    name: str
    nik: str
    reason: str


def kept_rows(kept: Sequence[UndoKept], viewer: User, describe: Callable[[str], str]) -> list[KeptRow]:
    """What an undo left as it was, as the reader may see it."""
    ids = [item["participant"] for item in kept]
    records = {p.pk: p for p in access.participants_visible_to(viewer).filter(pk__in=ids).only("full_name", "nik")}
    return [
        KeptRow(
            row=item["row"],
            name=records[item["participant"]].full_name if item["participant"] in records else "",
            nik=nik_lib.mask(records[item["participant"]].nik) if item["participant"] in records else "",
            reason=describe(item["reason"]),
        )
        for item in kept
    ]


# The sample's values a page writes the reader's way: dates kept as ISO text, scores as decimal text.
_SAMPLE_DATES = frozenset({"birth_date", "completed_on", "paid_on"})
_SAMPLE_NUMBERS = frozenset({"final_score"})


def sample_rows(sample: Sequence[Mapping[str, str | int]]) -> list[dict[str, object]]:
    """The first valid rows of a preview, with their dates and scores as
    values the template formats in the reader's language."""
    return [{name: _sample_value(name, value) for name, value in row.items()} for row in sample]


def _sample_value(name: str, value: str | int) -> object:
    try:
        if name in _SAMPLE_DATES and value:
            return datetime.date.fromisoformat(str(value))
        if name in _SAMPLE_NUMBERS and value != "":
            return Decimal(str(value))
    except (ValueError, InvalidOperation):
        pass  # shown as stored
    return value
