"""The manifest of reference files (``reference/data/manifest.toml``): which
file holds which table or dated list, and loading them in order."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeAlias

from reference.files import ReferenceFileError
from reference.loader import (
    DATA_DIR,
    MANIFEST,
    FileSummary,
    load_esd_fields,
    load_language_tests,
    load_prefectures,
    load_provinces,
    load_rule_versions,
    load_sending_programmes,
    load_ssw_fields,
    load_titp_job_categories,
    load_titp_ssw_table,
    load_vocational_programmes,
)
from reference.models import ListKind
from reference.translations import load_names


class Table(enum.StrEnum):
    PREFECTURES = "prefectures"
    PROVINCES = "provinces"
    LANGUAGE_TESTS = "language_tests"


@dataclasses.dataclass(frozen=True, kw_only=True)
class TableFile:
    table: Table
    path: Path


@dataclasses.dataclass(frozen=True, kw_only=True)
class ListFile:
    kind: ListKind
    label: str
    effective_from: datetime.date
    source: str
    path: Path
    # The list's membership is not confirmed (ListVersion.unverified).
    unverified: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class NamesFile:
    """Translated names for a loaded list version (reference.translations)."""

    kind: ListKind
    label: str
    path: Path


class Starter(enum.StrEnum):
    SENDING_PROGRAMMES = "sending_programmes"
    RULE_VERSIONS = "rule_versions"


@dataclasses.dataclass(frozen=True, kw_only=True)
class StarterFile:
    starter: Starter
    path: Path


ManifestEntry: TypeAlias = TableFile | ListFile | NamesFile | StarterFile


@dataclasses.dataclass(frozen=True)
class _ManifestItem:
    """One [[tables]] or [[lists]] entry, read key by key with clear errors."""

    section: str
    number: int
    values: Mapping[str, object]

    def error(self, key: str, problem: str) -> ReferenceFileError:
        return ReferenceFileError(
            file=MANIFEST, column=key, problem=f"[[{self.section}]] entry {self.number}: {problem}"
        )

    def text(self, key: str, *, optional: bool = False) -> str:
        value = self.values.get(key, "" if optional else None)
        if not isinstance(value, str) or not (value.strip() or optional):
            raise self.error(key, "needs a text value")
        return value.strip()

    def choice(self, key: str, choices: Sequence[str]) -> str:
        value = self.text(key)
        if value not in choices:
            raise self.error(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def flag(self, key: str) -> bool:
        value = self.values.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, "needs true or false (no quotes)")
        return value

    def date(self, key: str) -> datetime.date:
        value = self.values.get(key)
        # A TOML date-time is a datetime, which is also a date: refuse it.
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise self.error(key, "needs a date such as 2025-04-01 (no quotes, no time)")
        return value


def _items(manifest: Mapping[str, object], section: str) -> list[_ManifestItem]:
    entries = manifest.get(section, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ReferenceFileError(file=MANIFEST, problem=f"{section} must be written as [[{section}]] entries")
    return [_ManifestItem(section, number, entry) for number, entry in enumerate(entries, start=1)]


def read_manifest(*, data_dir: Path = DATA_DIR) -> list[ManifestEntry]:
    """The files to load, in order: the fixed tables, the lists as listed, their names, then the starters."""
    try:
        manifest = tomllib.loads((data_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReferenceFileError(file=MANIFEST, problem=f"not found in {data_dir}") from None
    except tomllib.TOMLDecodeError as error:
        raise ReferenceFileError(file=MANIFEST, problem=str(error)) from None
    entries: list[ManifestEntry] = [
        TableFile(table=Table(item.choice("name", [table.value for table in Table])), path=data_dir / item.text("file"))
        for item in _items(manifest, "tables")
    ]
    entries += [
        ListFile(
            kind=ListKind(item.choice("kind", ListKind.values)),
            label=item.text("label"),
            effective_from=item.date("effective_from"),
            source=item.text("source", optional=True),
            path=data_dir / item.text("file"),
            unverified=item.flag("unverified"),
        )
        for item in _items(manifest, "lists")
    ]
    entries += [
        NamesFile(
            kind=ListKind(item.choice("kind", ListKind.values)),
            label=item.text("label"),
            path=data_dir / item.text("file"),
        )
        for item in _items(manifest, "names")
    ]
    entries += [
        StarterFile(
            starter=Starter(item.choice("name", [starter.value for starter in Starter])),
            path=data_dir / item.text("file"),
        )
        for item in _items(manifest, "starters")
    ]
    return entries


def load_entry(entry: ManifestEntry) -> FileSummary:
    if isinstance(entry, StarterFile):
        load_starter = {
            Starter.SENDING_PROGRAMMES: load_sending_programmes,
            Starter.RULE_VERSIONS: load_rule_versions,
        }[entry.starter]
        return load_starter(path=entry.path)
    if isinstance(entry, TableFile):
        load_table = {
            Table.PREFECTURES: load_prefectures,
            Table.PROVINCES: load_provinces,
            Table.LANGUAGE_TESTS: load_language_tests,
        }[entry.table]
        return load_table(path=entry.path)
    if isinstance(entry, NamesFile):
        return load_names(kind=entry.kind, label=entry.label, path=entry.path)
    load_list = {
        ListKind.TITP_JOB_CATEGORIES: load_titp_job_categories,
        ListKind.SSW_FIELDS: load_ssw_fields,
        ListKind.ESD_FIELDS: load_esd_fields,
        ListKind.VOCATIONAL_PROGRAMMES: load_vocational_programmes,
        ListKind.TITP_SSW_TABLE: load_titp_ssw_table,
    }[entry.kind]
    return load_list(
        path=entry.path,
        label=entry.label,
        effective_from=entry.effective_from,
        source=entry.source,
        unverified=entry.unverified,
    )


def load_all(*, data_dir: Path = DATA_DIR) -> list[FileSummary]:
    """Load every file of the manifest in order; stops at the first bad file,
    keeping the files loaded before it."""
    return [load_entry(entry) for entry in read_manifest(data_dir=data_dir)]
