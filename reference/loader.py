"""Loading reference data from the versioned files in ``reference/data``.

Two kinds of file, listed in ``reference/data/manifest.toml``:

* fixed tables (Japanese prefectures, Indonesian provinces, language test
  levels) are brought in line with their file on every run, row by row,
  matched on their code;
* starters (sending programmes, the programme rules' versions) are rows
  created when their code is missing and never changed afterwards: they are a first setting that ministry admins
  own from then on, not data the file keeps in line;
* dated lists (TITP job categories, SSW fields, ESD fields, vocational programmes,
  the TITP → SSW table) are
  loaded once per kind and label as a ``ListVersion`` with its rows, and never
  rewritten afterwards: ministry admins may have corrected them since, and
  decisions taken under a version keep reading it.

A file is validated in full before anything of it is written, and each file
is loaded in its own transaction, so a bad file leaves no trace. Every row the
loader creates or changes in a fixed table, and every version it creates, is
written to the audit log with no actor.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeAlias, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from audit import actions as audit
from audit.models import AuditAction
from reference.files import ReferenceFileError, Row, read_bytes, read_rows, unique
from reference.models import (
    DocumentKind,
    ESDField,
    Fit,
    JobCategory,
    LanguageTest,
    ListKind,
    ListVersion,
    Operation,
    Prefecture,
    ProgrammeJobFit,
    Province,
    SendingProgramme,
    SSWField,
    StoredRuleVersion,
    TitpSswLink,
    VocationalProgramme,
    gate_item_problems,
)
from rules import Family, RuleDataError, load_rule_book

DATA_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = "manifest.toml"

_M = TypeVar("_M", bound=models.Model)
Counts: TypeAlias = dict[type[models.Model], int]
_Writer: TypeAlias = Callable[[ListVersion], Counts]


class Outcome(enum.Enum):
    SYNCED = "synced"
    STARTED = "started"
    LOADED = "loaded"
    ALREADY_LOADED = "already loaded"
    FILE_CHANGED = "already loaded from a different file"
    NAMED = "names filled"


@dataclasses.dataclass(frozen=True, kw_only=True)
class FileSummary:
    """What loading one file did."""

    file: str
    outcome: Outcome
    created: Counts = dataclasses.field(default_factory=dict)
    updated: int = 0
    unchanged: int = 0
    version: ListVersion | None = None

    @property
    def created_total(self) -> int:
        return sum(self.created.values())

    def __str__(self) -> str:
        label = self.version.label if self.version else ""
        match self.outcome:
            case Outcome.STARTED:
                return f"{self.file}: {self.created_total} created, {self.unchanged} left to the admins as they are"
            case Outcome.SYNCED:
                return f"{self.file}: {self.created_total} created, {self.updated} updated, {self.unchanged} unchanged"
            case Outcome.LOADED:
                rows = ", ".join(f"{count} {model._meta.verbose_name_plural}" for model, count in self.created.items())
                return f"{self.file}: version {label} loaded ({rows})"
            case Outcome.ALREADY_LOADED:
                return f"{self.file}: version {label} already loaded, left as it is"
            case Outcome.FILE_CHANGED:
                return (
                    f"{self.file}: version {label} already loaded, but the file has changed since (checksum "
                    "differs); the change was NOT applied: give the changed list a new label in the manifest"
                )
            case Outcome.NAMED:
                return (
                    f"{self.file}: {self.updated} names filled in version {label}, "
                    f"{self.unchanged} left as the admins set them"
                )


def _checked(obj: _M, row: Row, columns: Mapping[str, str]) -> _M:
    """``obj`` after Django's field checks (lengths, choices, blanks) on the
    fields named in ``columns``, which maps each field to its column."""
    try:
        obj.clean_fields(exclude=[field.name for field in obj._meta.fields if field.name not in columns])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise row.error(columns[field], " ".join(messages)) from None
    return obj


def _same(columns: Sequence[str]) -> dict[str, str]:
    return {column: column for column in columns}


# --- fixed tables -------------------------------------------------------------


@transaction.atomic
def _sync(*, file: str, rows: Sequence[_M], key: str) -> FileSummary:
    """Create the rows whose ``key`` is new, update those that differ."""
    model = type(rows[0])
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    stored = {getattr(obj, key): obj for obj in model._default_manager.all()}
    created = updated = unchanged = 0
    for new in rows:
        old = stored.get(getattr(new, key))
        if old is None:
            new.save()
            audit.record(
                actor=None,
                action=AuditAction.CREATED,
                target=new,
                changes=audit.changed_fields({}, audit.snapshot(new, fields)),
            )
            created += 1
            continue
        changes = audit.changed_fields(audit.snapshot(old, fields), audit.snapshot(new, fields))
        if not changes:
            unchanged += 1
            continue
        for name in changes:
            setattr(old, name, getattr(new, name))
        old.save(update_fields=list(changes))
        audit.record(actor=None, action=AuditAction.UPDATED, target=old, changes=changes)
        updated += 1
    return FileSummary(
        file=file, outcome=Outcome.SYNCED, created={model: created}, updated=updated, unchanged=unchanged
    )


def load_prefectures(*, path: Path = DATA_DIR / "prefectures.csv") -> FileSummary:
    columns = ("jis_code", "name_ja", "name_en")
    rows = read_rows(path.name, read_bytes(path), columns=columns)
    unique(rows, "jis_code")
    prefectures = [
        _checked(
            Prefecture(jis_code=row.code("jis_code", digits=2), name_ja=row["name_ja"], name_en=row["name_en"]),
            row,
            _same(columns),
        )
        for row in rows
    ]
    return _sync(file=path.name, rows=prefectures, key="jis_code")


def load_provinces(*, path: Path = DATA_DIR / "provinces.csv") -> FileSummary:
    """Indonesian provinces by the code a NIK starts with (Kemendagri numbering)."""
    columns = ("code", "name", "name_en")
    rows = read_rows(path.name, read_bytes(path), columns=columns)
    unique(rows, "code")
    provinces = [
        _checked(
            Province(code=row.code("code", digits=2), name=row["name"], name_en=row["name_en"]), row, _same(columns)
        )
        for row in rows
    ]
    return _sync(file=path.name, rows=provinces, key="code")


def load_language_tests(*, path: Path = DATA_DIR / "language_tests.csv") -> FileSummary:
    columns = ("code", "family", "level", "cefr", "rank")
    rows = read_rows(path.name, read_bytes(path), columns=columns)
    unique(rows, "code")
    tests = [
        _checked(
            LanguageTest(
                code=row["code"],
                family=row["family"],
                level=row["level"],
                cefr=row["cefr"],
                rank=row.positive("rank"),
            ),
            row,
            _same(columns),
        )
        for row in rows
    ]
    return _sync(file=path.name, rows=tests, key="code")


def load_sending_programmes(*, path: Path = DATA_DIR / "sending_programmes.csv") -> FileSummary:
    columns = (
        "code",
        "name",
        "track",
        "min_age",
        "max_age",
        "sex",
        "min_language_level",
        "accepts_in_house_level",
        "requires_skill_course",
        "min_sending_organization_hours",
        "passport_valid_months",
        "required_documents",
    )
    # Added with the pre-departure gate; a file without them gives every
    # programme its residence programme's standard gate and the default hours.
    optional = ("gate_items", "min_orientation_hours")
    rows = read_rows(path.name, read_bytes(path), columns=columns, optional=optional)
    unique(rows, "code")
    levels = {test.code: test for test in LanguageTest.objects.all()}
    programmes = [_sending_programme(row, levels) for row in rows]
    return _start(file=path.name, rows=programmes, key="code")


def _sending_programme(row: Row, levels: Mapping[str, LanguageTest]) -> SendingProgramme:
    level_code = row["min_language_level"]
    if level_code and level_code not in levels:
        raise row.error("min_language_level", f"unknown language test level {level_code!r}")
    documents = row.codes("required_documents")
    unknown = [kind for kind in documents if kind not in DocumentKind.values]
    if unknown:
        raise row.error("required_documents", f"unknown document kinds {unknown}")
    programme = SendingProgramme(
        code=row.required("code"),
        name=row.required("name"),
        track=row["track"],
        min_age=row.positive("min_age"),
        max_age=row.positive("max_age") if row["max_age"] else None,
        sex=row["sex"],
        min_language_level=levels.get(level_code),
        accepts_in_house_level=_yes(row, "accepts_in_house_level"),
        requires_skill_course=_yes(row, "requires_skill_course"),
        min_sending_organization_hours=int(row.required("min_sending_organization_hours")),
        passport_valid_months=row.positive("passport_valid_months"),
        required_documents=documents,
        gate_items=_gate_items(row),
    )
    if row["min_orientation_hours"]:
        programme.min_orientation_hours = _whole(row, "min_orientation_hours")
    return _checked(programme, row, _same(("code", "name", "track", "sex")))


def _gate_items(row: Row) -> list[str]:
    items = row.codes("gate_items")
    # In English, as every other problem the loader reports about its files.
    with translation.override(None):
        problems = gate_item_problems(items, track=row["track"])
    if problems:
        raise row.error("gate_items", "; ".join(str(problem) for problem in problems))
    return items


def _whole(row: Row, column: str) -> int:
    value = row[column]
    if not value.isdigit():
        raise row.error(column, f"must be a whole number, not {value!r}")
    return int(value)


def _yes(row: Row, column: str) -> bool:
    value = row[column].lower()
    if value not in {"yes", "no"}:
        raise row.error(column, f"must be yes or no, not {value!r}")
    return value == "yes"


@transaction.atomic
def _start(*, file: str, rows: Sequence[_M], key: str) -> FileSummary:
    """Create the rows whose ``key`` is new; leave the others to the admins."""
    model = type(rows[0])
    stored = set(model._default_manager.values_list(key, flat=True))
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    new = [row for row in rows if getattr(row, key) not in stored]
    for obj in new:
        obj.save()
        audit.record(
            actor=None,
            action=AuditAction.CREATED,
            target=obj,
            changes=audit.changed_fields({}, audit.snapshot(obj, fields)),
        )
    return FileSummary(file=file, outcome=Outcome.STARTED, created={model: len(new)}, unchanged=len(rows) - len(new))


@transaction.atomic
def load_rule_versions(*, path: Path) -> FileSummary:
    """The programme rules' versions (rules/data/rule_versions.toml) as
    starters: a version whose family and label are new is stored; a stored
    one is left to the admins, who add versions but never edit one."""
    try:
        book = load_rule_book(path)
    except RuleDataError as error:
        raise ReferenceFileError(file=path.name, problem=str(error)) from None
    versions = [
        StoredRuleVersion(
            family=family.value,
            label=version.label,
            effective_from=version.effective_from,
            source=version.source,
            parameters=version.to_dict()["parameters"],
        )
        for family in Family
        for version in getattr(book, family.value)
    ]
    stored = set(StoredRuleVersion.objects.values_list("family", "label"))
    new = [version for version in versions if (version.family, version.label) not in stored]
    for version in new:
        version.save()
        audit.record(
            actor=None,
            action=AuditAction.CREATED,
            target=version,
            changes=audit.changed_fields({}, audit.snapshot(version, ["family", "label", "effective_from"])),
        )
    return FileSummary(
        file=path.name,
        outcome=Outcome.STARTED,
        created={StoredRuleVersion: len(new)},
        unchanged=len(versions) - len(new),
    )


# --- dated lists --------------------------------------------------------------


@transaction.atomic
def _load_version(
    *,
    kind: ListKind,
    path: Path,
    label: str,
    effective_from: datetime.date,
    source: str,
    columns: Sequence[str],
    prepare: Callable[[list[Row]], _Writer],
    unverified: bool = False,
) -> FileSummary:
    """Create the version and its rows, unless a version with this label exists:
    then leave it alone and say whether the file still matches it (an
    administrator may have confirmed it since: ``unverified`` is theirs too)."""
    data = read_bytes(path)
    checksum = hashlib.sha256(data).hexdigest()
    existing = ListVersion.objects.filter(kind=kind, label=label).first()
    if existing is not None:
        outcome = Outcome.ALREADY_LOADED if existing.checksum == checksum else Outcome.FILE_CHANGED
        return FileSummary(file=path.name, outcome=outcome, version=existing)
    write = prepare(read_rows(path.name, data, columns=columns))
    version = ListVersion(
        kind=kind, label=label, effective_from=effective_from, source=source, checksum=checksum, unverified=unverified
    )
    try:
        version.clean_fields()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ReferenceFileError(file=MANIFEST, column=field, problem=f"{path.name}: {' '.join(messages)}") from None
    version.save()
    created = write(version)
    fields = ["kind", "label", "effective_from", "checksum", "unverified"]
    audit.record(
        actor=None,
        action=AuditAction.CREATED,
        target=version,
        changes=audit.changed_fields({}, audit.snapshot(version, fields)),
    )
    return FileSummary(file=path.name, outcome=Outcome.LOADED, created=created, version=version)


_TITP_COLUMNS = (
    "sector",
    "job_category_code",
    "job_category_ja",
    "job_category_en",
    "operation_code",
    "operation_ja",
    "operation_en",
    "max_stage",
)
_JOB_CATEGORY_COLUMNS = {
    "sector": "sector",
    "code": "job_category_code",
    "name_ja": "job_category_ja",
    "name_en": "job_category_en",
    "max_stage": "max_stage",
}
_OPERATION_COLUMNS = {
    "code": "operation_code",
    "name_ja": "operation_ja",
    "name_en": "operation_en",
    "max_stage": "max_stage",
}


def _stage(row: Row) -> int:
    value = row["max_stage"]
    if value not in {"2", "3"}:
        raise row.error("max_stage", f"must be 2 or 3, not {value!r}")
    return int(value)


def _prepare_titp(rows: list[Row]) -> _Writer:
    """One job category per job_category_code, whose max_stage is the highest
    of its operations; every row is one operation."""
    unique(rows, "operation_code")
    categories: dict[str, tuple[Row, JobCategory]] = {}
    operations: list[tuple[str, Operation]] = []
    for row in rows:
        stage = _stage(row)
        code = row.required("job_category_code")
        if code in categories:
            first, category = categories[code]
            for field, column in _JOB_CATEGORY_COLUMNS.items():
                if field != "max_stage" and row[column] != first[column]:
                    raise row.error(column, f"differs from row {first.number} of the same job category {code}")
            category.max_stage = max(category.max_stage, stage)
        else:
            categories[code] = (
                row,
                JobCategory(
                    sector=row["sector"],
                    code=code,
                    name_ja=row["job_category_ja"],
                    name_en=row["job_category_en"],
                    max_stage=stage,
                ),
            )
        operation = Operation(
            code=row["operation_code"], name_ja=row["operation_ja"], name_en=row["operation_en"], max_stage=stage
        )
        operations.append((code, _checked(operation, row, _OPERATION_COLUMNS)))
    for first, category in categories.values():
        _checked(category, first, _JOB_CATEGORY_COLUMNS)

    def write(version: ListVersion) -> Counts:
        for _first, category in categories.values():
            category.version = version
        JobCategory.objects.bulk_create([category for _first, category in categories.values()])
        saved = {category.code: category for category in version.job_categories.all()}
        for code, operation in operations:
            operation.job_category = saved[code]
        Operation.objects.bulk_create([operation for _code, operation in operations])
        return {JobCategory: len(categories), Operation: len(operations)}

    return write


def load_titp_job_categories(
    *, path: Path, label: str, effective_from: datetime.date, source: str = "", unverified: bool = False
) -> FileSummary:
    return _load_version(
        kind=ListKind.TITP_JOB_CATEGORIES,
        path=path,
        label=label,
        effective_from=effective_from,
        source=source,
        columns=_TITP_COLUMNS,
        prepare=_prepare_titp,
        unverified=unverified,
    )


_SSW_COLUMNS = {
    "number": "no",
    "name_ja": "field_ja",
    "name_en": "field_en",
    "ssw2_note": "ssw2",
    "business_categories": "business_categories_ja",
    "added_note": "added",
    "status": "status",
    "source": "source",
}


def _prepare_ssw(rows: list[Row]) -> _Writer:
    unique(rows, "no", key=lambda value: int(value) if value.isdigit() else value)
    unique(rows, "field_ja")
    fields = [
        _checked(
            SSWField(
                number=row.positive("no"),
                name_ja=row["field_ja"],
                name_en=row["field_en"],
                ssw2_note=row["ssw2"],
                business_categories=row["business_categories_ja"],
                added_note=row["added"],
                status=row["status"],
                source=row["source"],
            ),
            row,
            _SSW_COLUMNS,
        )
        for row in rows
    ]

    def write(version: ListVersion) -> Counts:
        for field in fields:
            field.version = version
        SSWField.objects.bulk_create(fields)
        return {SSWField: len(fields)}

    return write


def load_ssw_fields(
    *, path: Path, label: str, effective_from: datetime.date, source: str = "", unverified: bool = False
) -> FileSummary:
    return _load_version(
        kind=ListKind.SSW_FIELDS,
        path=path,
        label=label,
        effective_from=effective_from,
        source=source,
        columns=tuple(_SSW_COLUMNS.values()),
        prepare=_prepare_ssw,
        unverified=unverified,
    )


_ESD_COLUMNS = {
    "number": "no",
    "name_ja": "field_ja",
    "name_en": "field_en",
    "business_categories": "business_categories_ja",
    "status": "status",
    "source": "source",
}


def _prepare_esd(rows: list[Row]) -> _Writer:
    unique(rows, "no", key=lambda value: int(value) if value.isdigit() else value)
    unique(rows, "field_ja")
    fields = [
        _checked(
            ESDField(
                number=row.positive("no"),
                name_ja=row.required("field_ja"),
                name_en=row["field_en"],
                business_categories=row["business_categories_ja"],
                status=row["status"],
                source=row["source"],
            ),
            row,
            _ESD_COLUMNS,
        )
        for row in rows
    ]

    def write(version: ListVersion) -> Counts:
        for field in fields:
            field.version = version
        ESDField.objects.bulk_create(fields)
        return {ESDField: len(fields)}

    return write


def load_esd_fields(
    *, path: Path, label: str, effective_from: datetime.date, source: str = "", unverified: bool = False
) -> FileSummary:
    """ESD's own field list (ESD fields follow SSW's, but not all of them)."""
    return _load_version(
        kind=ListKind.ESD_FIELDS,
        path=path,
        label=label,
        effective_from=effective_from,
        source=source,
        columns=tuple(_ESD_COLUMNS.values()),
        prepare=_prepare_esd,
        unverified=unverified,
    )


_PROGRAMME_COLUMNS = {
    "code": "programme_code",
    "name_id": "programme_id",
    "name_en": "programme_en",
    "ssw_fields": "ssw_fields_same",
}
_FIT_COLUMNS = {Fit.SAME: "titp_job_category_codes_same", Fit.SIMILAR: "titp_job_category_codes_similar"}


def _titp_in_force(*, file: str, on: datetime.date) -> tuple[ListVersion, frozenset[str]]:
    titp = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES, on=on)
    if titp is None:
        raise ReferenceFileError(file=file, problem=f"no TITP job category list is in force on {on}: load one first")
    return titp, frozenset(titp.job_categories.values_list("code", flat=True))


def _prepare_programmes(rows: list[Row], *, file: str, effective_from: datetime.date) -> _Writer:
    """Programmes with their fits. Every job category code must exist in the
    TITP list in force when the mapping starts to apply, or today if it
    already applies."""
    on = max(effective_from, timezone.localdate())
    titp, job_codes = _titp_in_force(file=file, on=on)
    unique(rows, "programme_code")
    programmes: list[VocationalProgramme] = []
    fits: list[tuple[str, ProgrammeJobFit]] = []
    for row in rows:
        programme = VocationalProgramme(
            code=row["programme_code"],
            name_id=row["programme_id"],
            name_en=row["programme_en"],
            ssw_fields=";".join(row.codes("ssw_fields_same")),
        )
        programmes.append(_checked(programme, row, _PROGRAMME_COLUMNS))
        seen: set[str] = set()
        for fit, column in _FIT_COLUMNS.items():
            for code in row.codes(column):
                if code not in job_codes:
                    raise row.error(column, f"job category {code} is not in TITP list {titp.label}, in force on {on}")
                if code in seen:
                    raise row.error(column, f"job category {code} is listed twice for this programme")
                seen.add(code)
                fits.append((programme.code, ProgrammeJobFit(job_category_code=code, fit=fit)))

    def write(version: ListVersion) -> Counts:
        for programme in programmes:
            programme.version = version
        VocationalProgramme.objects.bulk_create(programmes)
        saved = {programme.code: programme for programme in version.programmes.all()}
        for code, job_fit in fits:
            job_fit.programme = saved[code]
        ProgrammeJobFit.objects.bulk_create([job_fit for _code, job_fit in fits])
        return {VocationalProgramme: len(programmes), ProgrammeJobFit: len(fits)}

    return write


def load_vocational_programmes(
    *, path: Path, label: str, effective_from: datetime.date, source: str = "", unverified: bool = False
) -> FileSummary:
    return _load_version(
        kind=ListKind.VOCATIONAL_PROGRAMMES,
        path=path,
        label=label,
        effective_from=effective_from,
        source=source,
        columns=(*_PROGRAMME_COLUMNS.values(), *_FIT_COLUMNS.values()),
        prepare=functools.partial(_prepare_programmes, file=path.name, effective_from=effective_from),
        unverified=unverified,
    )


_TITP_SSW_COLUMNS = ("job_category_code", "job_category_ja", "ssw_field_ja", "verified", "source")
_VERIFIED = {"yes": True, "no": False}


def _prepare_titp_ssw(rows: list[Row], *, file: str, effective_from: datetime.date) -> _Writer:
    """Rows of the TITP → SSW table. Every job category code must exist in the
    TITP list, and every field in the SSW list, in force when the table starts
    to apply (or today if it already applies)."""
    on = max(effective_from, timezone.localdate())
    titp, job_codes = _titp_in_force(file=file, on=on)
    ssw = ListVersion.objects.in_force(ListKind.SSW_FIELDS, on=on)
    if ssw is None:
        raise ReferenceFileError(file=file, problem=f"no SSW field list is in force on {on}: load one first")
    field_names = frozenset(ssw.ssw_fields.values_list("name_ja", flat=True))
    seen: dict[tuple[str, str], int] = {}
    links: list[TitpSswLink] = []
    for row in rows:
        code, field = row.required("job_category_code"), row.required("ssw_field_ja")
        if code not in job_codes:
            raise row.error(
                "job_category_code", f"job category {code} is not in TITP list {titp.label}, in force on {on}"
            )
        if field not in field_names:
            raise row.error("ssw_field_ja", f"field {field} is not in SSW list {ssw.label}, in force on {on}")
        if (code, field) in seen:
            raise row.error("ssw_field_ja", f"{code} → {field} already appears in row {seen[code, field]}")
        seen[code, field] = row.number
        if row["verified"] not in _VERIFIED:
            raise row.error("verified", f"must be yes or no, not {row['verified']!r}")
        links.append(
            TitpSswLink(
                job_category_code=code, ssw_field_ja=field, verified=_VERIFIED[row["verified"]], source=row["source"]
            )
        )

    def write(version: ListVersion) -> Counts:
        for link in links:
            link.version = version
        TitpSswLink.objects.bulk_create(links)
        return {TitpSswLink: len(links)}

    return write


def load_titp_ssw_table(
    *, path: Path, label: str, effective_from: datetime.date, source: str = "", unverified: bool = False
) -> FileSummary:
    return _load_version(
        kind=ListKind.TITP_SSW_TABLE,
        path=path,
        label=label,
        effective_from=effective_from,
        source=source,
        columns=_TITP_SSW_COLUMNS,
        prepare=functools.partial(_prepare_titp_ssw, file=path.name, effective_from=effective_from),
        unverified=unverified,
    )
