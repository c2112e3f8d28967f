"""Names of a loaded list's rows in another language, from a file of their own.

A dated list file is the list as its authority publishes it (OTIT's job
categories in Japanese and English, the ministry's trades in Indonesian and
English) and is never edited once loaded. The translations the pages need
(Indonesian names of job categories, operations and fields; Japanese names of
the trades) are ours, so they live beside it in a ``.names.csv`` file, listed
under ``[[names]]`` in the manifest, and are loaded on every run:

* a name the stored row lacks is filled from the file, matched on the row's
  code (number, for fields);
* a name the row has is left as it is: ministry admins own a loaded version
  and may have corrected it in the administration.

So loading again fills databases loaded before the names existed, a second run
changes nothing, and a translation added to the file later reaches every
database where that name is still empty. A file naming a code the version lacks
is refused whole, as the lists are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.db import models, transaction

from audit import actions as audit
from audit.models import AuditAction
from reference.files import ReferenceFileError, Row, read_bytes, read_rows
from reference.loader import FileSummary, Outcome
from reference.models import ESDField, JobCategory, ListKind, ListVersion, Operation, SSWField, VocationalProgramme


@dataclasses.dataclass(frozen=True)
class NameColumn:
    """One translated name: which rows of a version it names, matched how."""

    model: type[models.Model]
    rows: Callable[[ListVersion], models.QuerySet[Any]]
    key_field: str
    key_column: str
    field: str
    column: str
    # What a row is called in errors: "job category", "SSW field".
    noun: str


NAME_COLUMNS: dict[ListKind, tuple[NameColumn, ...]] = {
    ListKind.TITP_JOB_CATEGORIES: (
        NameColumn(
            JobCategory,
            lambda version: version.job_categories.all(),
            "code",
            "job_category_code",
            "name_id",
            "job_category_id",
            "job category",
        ),
        NameColumn(
            Operation,
            lambda version: Operation.objects.filter(job_category__version=version),
            "code",
            "operation_code",
            "name_id",
            "operation_id",
            "operation",
        ),
    ),
    ListKind.SSW_FIELDS: (
        NameColumn(SSWField, lambda version: version.ssw_fields.all(), "number", "no", "name_id", "field_id", "field"),
    ),
    ListKind.ESD_FIELDS: (
        NameColumn(ESDField, lambda version: version.esd_fields.all(), "number", "no", "name_id", "field_id", "field"),
    ),
    ListKind.VOCATIONAL_PROGRAMMES: (
        NameColumn(
            VocationalProgramme,
            lambda version: version.programmes.all(),
            "code",
            "programme_code",
            "name_ja",
            "programme_ja",
            "programme",
        ),
    ),
}


@dataclasses.dataclass
class _Fill:
    filled: list[models.Model] = dataclasses.field(default_factory=list)
    kept: int = 0


def _names_in(rows: Sequence[Row], column: NameColumn) -> dict[str, tuple[Row, str]]:
    """The file's name for each key: the first row that gives one, and the
    name. Rows repeat a key (a job category on each of its operations) only
    with the same name."""
    names: dict[str, tuple[Row, str]] = {}
    for row in rows:
        key, name = row.required(column.key_column), row[column.column]
        if key in names and names[key][1] != name:
            first = names[key][0]
            raise row.error(column.column, f"differs from row {first.number} of the same {column.noun} {key}")
        names.setdefault(key, (row, name))
    return names


def _fill(version: ListVersion, rows: Sequence[Row], column: NameColumn) -> _Fill:
    """Set the names the stored rows lack; refuse a key the version does not have."""
    names = _names_in(rows, column)
    stored = {str(getattr(obj, column.key_field)): obj for obj in column.rows(version)}
    field = column.model._meta.get_field(column.field)
    longest = field.max_length if isinstance(field, models.Field) else None
    result = _Fill()
    for key, (row, name) in names.items():
        obj = stored.get(key)
        if obj is None:
            raise row.error(column.key_column, f"no {column.noun} {key} in version {version.label}")
        if longest is not None and len(name) > longest:
            raise row.error(column.column, f"is longer than {longest} characters")
        current = getattr(obj, column.field)
        if not name or current == name:
            continue
        if current:
            result.kept += 1
            continue
        setattr(obj, column.field, name)
        result.filled.append(obj)
    return result


@transaction.atomic
def load_names(*, kind: ListKind, label: str, path: Path) -> FileSummary:
    """Fill the names that version ``label`` of ``kind`` lacks from the file at ``path``."""
    version = ListVersion.objects.filter(kind=kind, label=label).first()
    if version is None:
        raise ReferenceFileError(
            file=path.name, problem=f"version {label} of {kind.value} is not loaded: list it under [[lists]] first"
        )
    columns = NAME_COLUMNS[kind]
    needed = [name for column in columns for name in (column.key_column, column.column)]
    rows = read_rows(path.name, read_bytes(path), columns=needed)
    # Every column checked before anything is written: a bad file leaves no trace.
    fills = [(column, _fill(version, rows, column)) for column in columns]
    entries = []
    for column, fill in fills:
        column.model._default_manager.bulk_update(fill.filled, [column.field])
        entries += [
            audit.entry(
                actor=None,
                action=AuditAction.UPDATED,
                target=obj,
                changes={column.field: ["", getattr(obj, column.field)]},
            )
            for obj in fill.filled
        ]
    audit.record_many(entries)
    return FileSummary(
        file=path.name,
        outcome=Outcome.NAMED,
        updated=len(entries),
        unchanged=sum(fill.kept for _column, fill in fills),
        version=version,
    )
