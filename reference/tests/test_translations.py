"""Translated names from the .names.csv files beside the lists."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest
from django.db.models import Model

from audit.models import AuditAction, AuditEntry
from reference import loader, manifest
from reference.files import ReferenceFileError
from reference.loader import DATA_DIR, FileSummary, Outcome
from reference.manifest import ListFile, NamesFile
from reference.models import (
    ESDField,
    JobCategory,
    ListKind,
    ListVersion,
    Operation,
    SSWField,
    VocationalProgramme,
)
from reference.translations import NAME_COLUMNS, load_names

TITP_FILE = DATA_DIR / "titp_job_categories-2025.csv"
TITP_NAMES = DATA_DIR / "titp_job_categories-2025.names.csv"
NAMES_HEADER = "job_category_code,job_category_ja,job_category_id,operation_code,operation_ja,operation_id\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def titp(db: None) -> ListVersion:
    """The TITP list as loaded before its names existed."""
    summary = loader.load_titp_job_categories(path=TITP_FILE, label="2025", effective_from=datetime.date(2025, 4, 1))
    assert summary.version is not None
    return summary.version


def load_titp_names(path: Path = TITP_NAMES) -> FileSummary:
    return load_names(kind=ListKind.TITP_JOB_CATEGORIES, label="2025", path=path)


def test_loading_the_manifest_names_every_row_in_every_language(db: None) -> None:
    manifest.load_all()

    assert JobCategory.objects.get(code="7-7").name_id == "Pengelasan"
    assert JobCategory.objects.get(code="1-1").name_id == "Pertanian budidaya tanaman"
    assert Operation.objects.get(code="7-7-1").name_id == "Pengelasan manual"
    assert SSWField.objects.get(number=4).name_id == "Konstruksi"
    assert ESDField.objects.get(number=1).name_id == "Perawatan lansia (kaigo)"
    assert VocationalProgramme.objects.get(code="LAS").name_ja == "溶接"
    assert VocationalProgramme.objects.get(code="CGV").name_ja == "介護"
    named: list[tuple[type[Model], str]] = [
        (JobCategory, "name_id"),
        (Operation, "name_id"),
        (SSWField, "name_id"),
        (ESDField, "name_id"),
        (VocationalProgramme, "name_ja"),
    ]
    for model, field in named:
        assert not model._default_manager.filter(**{field: ""}).exists(), model


def test_it_fills_a_database_loaded_before_the_names_existed(titp: ListVersion) -> None:
    assert JobCategory.objects.get(code="7-7").name_id == ""

    summary = load_titp_names()

    assert (summary.outcome, summary.updated, summary.unchanged) == (Outcome.NAMED, 96 + 174, 0)
    assert (
        str(summary)
        == "titp_job_categories-2025.names.csv: 270 names filled in version 2025, 0 left as the admins set them"
    )
    welding = JobCategory.objects.get(code="7-7")
    entry = AuditEntry.objects.for_object(welding).get()
    assert (entry.action, entry.actor, entry.changes) == (AuditAction.UPDATED, None, {"name_id": ["", "Pengelasan"]})


def test_a_second_run_changes_nothing(titp: ListVersion) -> None:
    load_titp_names()
    audit_rows = AuditEntry.objects.count()

    again = load_titp_names()

    assert (again.updated, again.unchanged) == (0, 0)
    assert AuditEntry.objects.count() == audit_rows


def test_it_keeps_a_name_the_admins_set(titp: ListVersion) -> None:
    JobCategory.objects.filter(code="7-7").update(name_id="Las")

    summary = load_titp_names()

    assert (summary.updated, summary.unchanged) == (269, 1)
    assert JobCategory.objects.get(code="7-7").name_id == "Las"
    assert not AuditEntry.objects.for_object(JobCategory.objects.get(code="7-7")).exists()


def test_a_name_added_to_the_file_later_reaches_the_rows_still_without_one(titp: ListVersion, tmp_path: Path) -> None:
    path = write(tmp_path / "names.csv", NAMES_HEADER + "7-7,溶接,Pengelasan,7-7-1,手溶接,\n")
    load_titp_names(path)
    assert Operation.objects.get(code="7-7-1").name_id == ""  # an empty name leaves the row to later

    write(path, NAMES_HEADER + "7-7,溶接,Pengelasan,7-7-1,手溶接,Pengelasan manual\n")
    summary = load_titp_names(path)

    assert summary.updated == 1
    assert Operation.objects.get(code="7-7-1").name_id == "Pengelasan manual"


def test_it_names_the_other_lists_by_their_own_keys(db: None) -> None:
    manifest_entries = [entry for entry in manifest.read_manifest() if not isinstance(entry, NamesFile)]
    for entry in manifest_entries:
        manifest.load_entry(entry)
    assert SSWField.objects.get(number=13).name_id == ""

    summaries = [
        load_names(kind=kind, label=label, path=DATA_DIR / file)
        for kind, label, file in [
            (ListKind.SSW_FIELDS, "2026-01", "ssw_fields-2026-01.names.csv"),
            (ListKind.ESD_FIELDS, "2026-01", "esd_fields-2026-01.names.csv"),
            (ListKind.VOCATIONAL_PROGRAMMES, "2026-initial", "vocational_programmes-2026-initial.names.csv"),
        ]
    ]

    assert [summary.updated for summary in summaries] == [19, 17, 22]
    assert SSWField.objects.get(number=13).name_id == "Angkutan kendaraan bermotor"
    assert ESDField.objects.get(number=7).name_id == "Akomodasi (perhotelan)"  # ESD numbers its own fields
    assert VocationalProgramme.objects.get(code="OTO").name_ja == "自動車整備"


def test_it_refuses_a_code_the_version_lacks_and_writes_nothing(titp: ListVersion, tmp_path: Path) -> None:
    path = write(
        tmp_path / "names.csv",
        NAMES_HEADER + "7-7,溶接,Pengelasan,7-7-1,手溶接,Pengelasan manual\n7-7,溶接,Pengelasan,7-7-9,?,Las laser\n",
    )

    with pytest.raises(
        ReferenceFileError, match=r"names.csv, row 3, column operation_code: no operation 7-7-9 in version 2025"
    ):
        load_titp_names(path)

    assert JobCategory.objects.get(code="7-7").name_id == ""
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATED).exists()


def test_it_refuses_a_job_category_named_two_ways(titp: ListVersion, tmp_path: Path) -> None:
    path = write(
        tmp_path / "names.csv",
        NAMES_HEADER + "7-7,溶接,Pengelasan,7-7-1,手溶接,Pengelasan manual\n"
        "7-7,溶接,Las,7-7-2,半自動溶接,Pengelasan semi-otomatis\n",
    )

    with pytest.raises(ReferenceFileError, match=r"row 3, column job_category_id: differs from row 2 of the same job"):
        load_titp_names(path)


def test_it_refuses_a_name_too_long_for_its_column(titp: ListVersion, tmp_path: Path) -> None:
    path = write(tmp_path / "names.csv", NAMES_HEADER + f"7-7,溶接,{'L' * 151},7-7-1,手溶接,Pengelasan manual\n")

    with pytest.raises(ReferenceFileError, match=r"row 2, column job_category_id: is longer than 150 characters"):
        load_titp_names(path)


def test_it_refuses_a_file_without_the_translated_column(titp: ListVersion, tmp_path: Path) -> None:
    path = write(tmp_path / "names.csv", "job_category_code,job_category_id,operation_code\n7-7,Pengelasan,7-7-1\n")

    with pytest.raises(ReferenceFileError, match=r"row 1, column operation_id: column missing"):
        load_titp_names(path)


def test_it_refuses_names_for_a_version_not_loaded(db: None) -> None:
    with pytest.raises(ReferenceFileError, match=r"version 2025 of titp_job_categories is not loaded"):
        load_titp_names()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


# The list file's column each names file repeats for its reader, by the names file's column.
READ_BY = {
    ListKind.TITP_JOB_CATEGORIES: {"job_category_ja": "job_category_ja", "operation_ja": "operation_ja"},
    ListKind.SSW_FIELDS: {"field_ja": "field_ja"},
    ListKind.ESD_FIELDS: {"field_ja": "field_ja"},
    ListKind.VOCATIONAL_PROGRAMMES: {"programme_id": "programme_id"},
}


@pytest.mark.parametrize("names", [e for e in manifest.read_manifest() if isinstance(e, NamesFile)], ids=str)
def test_every_shipped_names_file_names_every_row_of_its_list_as_the_list_does(names: NamesFile) -> None:
    """The columns a translator reads a row by must be the list's own, code by
    code, or a name would be filed under the wrong job."""
    (listed,) = [
        e
        for e in manifest.read_manifest()
        if isinstance(e, ListFile) and (e.kind, e.label) == (names.kind, names.label)
    ]
    list_rows, name_rows = _rows(listed.path), _rows(names.path)
    for column in NAME_COLUMNS[names.kind]:
        keys = {row[column.key_column] for row in list_rows}
        named = {row[column.key_column]: row for row in name_rows if row[column.column]}
        assert set(named) == keys, column.column
    by_key = {tuple(row[c.key_column] for c in NAME_COLUMNS[names.kind]): row for row in list_rows}
    for row in name_rows:
        original = by_key[tuple(row[c.key_column] for c in NAME_COLUMNS[names.kind])]
        for name_column, list_column in READ_BY[names.kind].items():
            assert row[name_column] == original[list_column], (row, list_column)
