from __future__ import annotations

import csv
import datetime
import hashlib
import shutil
from pathlib import Path

import pytest
import time_machine

from audit.models import AuditAction, AuditEntry
from reference import loader, manifest
from reference.files import ReferenceFileError
from reference.loader import DATA_DIR, FileSummary, Outcome
from reference.models import (
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
    SSWField,
    VocationalProgramme,
)

TITP_FILE = DATA_DIR / "titp_job_categories-2025.csv"
PROGRAMMES_FILE = DATA_DIR / "vocational_programmes-2026-initial.csv"
TITP_HEADER = (
    "sector,job_category_code,job_category_ja,job_category_en,operation_code,operation_ja,operation_en,max_stage\n"
)
PROGRAMME_HEADER = (
    "programme_code,programme_id,programme_en,titp_job_category_codes_same,"
    "titp_job_category_codes_similar,ssw_fields_same\n"
)


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def load_titp(
    path: Path, label: str = "2025", effective_from: datetime.date = datetime.date(2025, 4, 1)
) -> FileSummary:
    return loader.load_titp_job_categories(path=path, label=label, effective_from=effective_from)


def load_programmes(path: Path, label: str = "test-programmes") -> FileSummary:
    return loader.load_vocational_programmes(path=path, label=label, effective_from=datetime.date(2022, 11, 1))


@pytest.fixture
def loaded(db: None) -> list[FileSummary]:
    return manifest.load_all()


def test_it_loads_the_47_prefectures(loaded: list[FileSummary]) -> None:
    assert Prefecture.objects.count() == 47
    miyagi = Prefecture.objects.get(jis_code="04")
    assert (miyagi.name_ja, miyagi.name_en) == ("宮城県", "Miyagi")
    assert Prefecture.objects.get(jis_code="47").name_en == "Okinawa"


def test_it_loads_the_38_provinces_by_their_nik_codes(loaded: list[FileSummary]) -> None:
    assert Province.objects.count() == 38
    assert Province.objects.get(code="65").name == "Kalimantan Utara"
    assert Province.objects.get(code="91").name == "Papua"
    assert Province.objects.get(code="96").name == "Papua Barat Daya"


def test_it_ranks_language_tests_that_the_rules_treat_as_equal_together(loaded: list[FileSummary]) -> None:
    rank = dict(LanguageTest.objects.values_list("code", "rank"))
    assert rank["JFT-BASIC-A2"] == rank["JLPT-N4"]
    assert rank["JFT-BASIC-A1"] == rank["JLPT-N5"]
    assert rank["JLPT-N5"] < rank["JLPT-N4"] < rank["JLPT-N3"] < rank["JLPT-N2"] < rank["JLPT-N1"]


def test_it_loads_the_titp_list_as_a_dated_version(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.TITP_JOB_CATEGORIES)
    assert version.label == "2025"
    assert version.effective_from == datetime.date(2025, 4, 1)
    assert version.checksum == hashlib.sha256(TITP_FILE.read_bytes()).hexdigest()
    assert "UNVERIFIED" in version.source
    rows = csv_rows(TITP_FILE)
    assert version.job_categories.count() == len({row["job_category_code"] for row in rows})
    assert Operation.objects.filter(job_category__version=version).count() == 174


def test_it_gives_a_job_category_the_highest_stage_of_its_operations(loaded: list[FileSummary]) -> None:
    def max_stage(code: str) -> int:
        return JobCategory.objects.get(code=code).max_stage

    assert max_stage("4-6") == 3  # 4-6-1 goes to stage iii, 4-6-2 stops at ii
    assert max_stage("5-10") == 2  # every carpet operation stops at ii
    assert Operation.objects.get(code="4-6-2").max_stage == 2


def test_it_loads_the_19_ssw_fields(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.SSW_FIELDS)
    assert (version.label, version.effective_from) == ("2026-01", datetime.date(2026, 1, 23))
    assert version.ssw_fields.count() == 19
    assert version.ssw_fields.filter(status=SSWField.Status.PLANNED).count() == 3


def test_it_loads_esds_own_17_fields_marked_unverified(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.ESD_FIELDS)
    assert (version.label, version.effective_from, version.unverified) == ("2026-01", datetime.date(2026, 1, 23), True)
    names = set(version.esd_fields.values_list("name_ja", flat=True))
    ssw = set(ListVersion.objects.get(kind=ListKind.SSW_FIELDS).ssw_fields.values_list("name_ja", flat=True))
    assert len(names) == 17
    assert names < ssw  # ESD's fields follow SSW's, two fewer
    assert version.esd_fields.filter(status=SSWField.Status.PLANNED).count() == 3
    assert AuditEntry.objects.for_object(version).get().changes["unverified"] == [None, True]


def test_an_unverified_mark_is_the_admins_once_loaded(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.ESD_FIELDS)
    version.unverified = False
    version.save(update_fields=["unverified"])

    manifest.load_all()

    version.refresh_from_db()
    assert version.unverified is False


def test_it_refuses_an_esd_field_without_a_japanese_name(db: None, tmp_path: Path) -> None:
    header = "no,field_ja,field_en,business_categories_ja,status,source\n"
    path = write(tmp_path / "esd.csv", header + "1,,Nursing care,介護,active,x\n")

    with pytest.raises(ReferenceFileError, match=r"esd.csv, row 2, column field_ja: is empty"):
        loader.load_esd_fields(path=path, label="test", effective_from=datetime.date(2026, 1, 23))

    assert not ESDField.objects.exists()


def test_it_loads_the_programmes_with_their_fit_to_job_categories(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.VOCATIONAL_PROGRAMMES)
    assert (version.label, version.effective_from) == ("2026-initial", datetime.date(2022, 11, 1))
    rows = csv_rows(PROGRAMMES_FILE)
    assert version.programmes.count() == len(rows)
    expected_fits = sum(
        len([code for code in row[column].split(";") if code])
        for row in rows
        for column in ("titp_job_category_codes_same", "titp_job_category_codes_similar")
    )
    assert ProgrammeJobFit.objects.filter(programme__version=version).count() == expected_fits

    welding = version.programmes.get(code="LAS")
    assert welding.ssw_fields == "工業製品製造業;造船・舶用工業;建設"
    fits = dict(welding.job_fits.values_list("job_category_code", "fit"))
    assert fits == {"7-7": Fit.SAME, "6-6": Fit.SIMILAR, "6-7": Fit.SIMILAR, "3-2": Fit.SIMILAR}


def test_it_says_what_each_file_did(loaded: list[FileSummary]) -> None:
    by_file = {summary.file: summary for summary in loaded}
    assert by_file["prefectures.csv"].created == {Prefecture: 47}
    titp = by_file["titp_job_categories-2025.csv"]
    assert titp.outcome == Outcome.LOADED
    assert titp.created[Operation] == 174


def test_it_creates_nothing_the_second_time(loaded: list[FileSummary]) -> None:
    audit_rows = AuditEntry.objects.count()

    again = manifest.load_all()

    assert [summary.created_total for summary in again] == [0] * len(again)
    assert {s.outcome for s in again} == {Outcome.SYNCED, Outcome.ALREADY_LOADED, Outcome.NAMED, Outcome.STARTED}
    assert sum(summary.updated for summary in again) == 0
    assert ListVersion.objects.count() == 5  # with the TITP → SSW table
    assert Operation.objects.count() == 174
    assert AuditEntry.objects.count() == audit_rows


def test_it_audits_what_it_loads(loaded: list[FileSummary]) -> None:
    version = ListVersion.objects.get(kind=ListKind.TITP_JOB_CATEGORIES)
    entry = AuditEntry.objects.for_object(version).get()
    assert entry.action == AuditAction.CREATED
    assert entry.actor is None
    assert entry.changes["label"] == [None, "2025"]


def test_it_brings_a_fixed_table_back_in_line_with_its_file(loaded: list[FileSummary]) -> None:
    miyagi = Prefecture.objects.get(jis_code="04")
    miyagi.name_en = "Miyagi-ken"
    miyagi.save()

    summary = loader.load_prefectures()

    assert (summary.created_total, summary.updated, summary.unchanged) == (0, 1, 46)
    miyagi.refresh_from_db()
    assert miyagi.name_en == "Miyagi"
    entry = AuditEntry.objects.for_object(miyagi).filter(action=AuditAction.UPDATED).get()
    assert entry.changes == {"name_en": ["Miyagi-ken", "Miyagi"]}


def test_it_leaves_a_loaded_version_as_the_admins_edited_it(loaded: list[FileSummary]) -> None:
    welding = JobCategory.objects.get(code="7-7")
    welding.name_en = "Welding (corrected)"
    welding.save()

    summary = load_titp(TITP_FILE)

    assert summary.outcome == Outcome.ALREADY_LOADED
    welding.refresh_from_db()
    assert welding.name_en == "Welding (corrected)"


def test_it_reports_a_changed_file_and_does_not_apply_it(db: None, tmp_path: Path) -> None:
    path = tmp_path / "titp.csv"
    shutil.copy(TITP_FILE, path)
    load_titp(path)
    write(path, path.read_text(encoding="utf-8").replace("Manual welding", "Hand welding"))

    summary = load_titp(path)

    assert summary.outcome == Outcome.FILE_CHANGED
    assert "NOT applied" in str(summary)
    assert Operation.objects.get(code="7-7-1").name_en == "Manual welding"
    assert Operation.objects.count() == 174


def test_it_refuses_a_file_with_a_missing_column(db: None, tmp_path: Path) -> None:
    path = write(
        tmp_path / "titp.csv", TITP_HEADER.replace(",max_stage", "") + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual\n"
    )

    with pytest.raises(ReferenceFileError) as refused:
        load_titp(path)

    assert (refused.value.file, refused.value.row, refused.value.column) == ("titp.csv", 1, "max_stage")
    assert not ListVersion.objects.exists()


def test_it_refuses_a_duplicate_code_and_writes_nothing(db: None, tmp_path: Path) -> None:
    path = write(
        tmp_path / "titp.csv",
        TITP_HEADER
        + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual welding,3\n"
        + "Other,7-7,溶接,Welding,7-7-2,半自動溶接,Semi-automatic welding,3\n"
        + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual welding again,3\n",
    )

    with pytest.raises(ReferenceFileError) as refused:
        load_titp(path)

    assert (refused.value.row, refused.value.column) == (4, "operation_code")
    assert "row 2" in refused.value.problem
    assert not ListVersion.objects.exists()
    assert not JobCategory.objects.exists()


def test_it_refuses_a_stage_other_than_2_or_3(db: None, tmp_path: Path) -> None:
    path = write(
        tmp_path / "titp.csv",
        TITP_HEADER
        + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual welding,3\n"
        + "Other,7-7,溶接,Welding,7-7-2,半自動溶接,Semi-automatic welding,4\n",
    )

    with pytest.raises(ReferenceFileError, match=r"titp.csv, row 3, column max_stage: must be 2 or 3"):
        load_titp(path)

    assert not ListVersion.objects.exists()
    assert not Operation.objects.exists()


def test_it_refuses_a_programme_mapped_to_a_job_category_not_in_force(
    loaded: list[FileSummary], tmp_path: Path
) -> None:
    path = write(
        tmp_path / "programmes.csv",
        PROGRAMME_HEADER
        + "LAS,Teknik Las,Welding,7-7,6-6,工業製品製造業\n"
        + "XYZ,Teknik Khayalan,Imaginary trade,7-7,42-1,\n",
    )

    with pytest.raises(ReferenceFileError) as refused:
        load_programmes(path)

    assert (refused.value.row, refused.value.column) == (3, "titp_job_category_codes_similar")
    assert "42-1" in refused.value.problem
    assert not ListVersion.objects.filter(label="test-programmes").exists()
    assert VocationalProgramme.objects.count() == 22


def test_it_refuses_programmes_while_no_titp_list_is_in_force(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "programmes.csv", PROGRAMME_HEADER + "LAS,Teknik Las,Welding,7-7,,\n")

    with pytest.raises(ReferenceFileError, match="no TITP job category list is in force"):
        load_programmes(path)

    assert not VocationalProgramme.objects.exists()


def test_it_refuses_a_bad_fixed_table_and_changes_nothing(loaded: list[FileSummary], tmp_path: Path) -> None:
    path = write(tmp_path / "provinces.csv", "code,name,name_en\n32,Jawa Barat X,West Java X\n3X,Nowhere,Nowhere\n")

    with pytest.raises(ReferenceFileError, match=r"provinces.csv, row 3, column code: must be 2 digits"):
        loader.load_provinces(path=path)

    assert Province.objects.get(code="32").name == "Jawa Barat"


def test_it_names_a_value_too_long_for_its_column(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "prefectures.csv", "jis_code,name_ja,name_en\n01,北海道," + "H" * 41 + "\n")

    with pytest.raises(ReferenceFileError) as refused:
        loader.load_prefectures(path=path)

    assert (refused.value.row, refused.value.column) == (2, "name_en")
    assert not Prefecture.objects.exists()


def test_it_picks_the_version_in_force_by_date(loaded: list[FileSummary], tmp_path: Path) -> None:
    path = write(tmp_path / "titp-2026.csv", TITP_HEADER + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual welding,3\n")
    load_titp(path, label="2026", effective_from=datetime.date(2026, 4, 1))

    def in_force(day: datetime.date | None = None) -> str | None:
        version = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES, on=day)
        return version.label if version else None

    assert in_force(datetime.date(2025, 3, 31)) is None
    assert in_force(datetime.date(2025, 4, 1)) == "2025"
    assert in_force(datetime.date(2026, 3, 31)) == "2025"
    assert in_force(datetime.date(2026, 4, 1)) == "2026"
    with time_machine.travel(datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)):
        assert in_force() == "2025"


def test_it_takes_01_and_1_for_the_same_ssw_field_number(db: None, tmp_path: Path) -> None:
    header = "no,field_ja,field_en,ssw1,ssw2,business_categories_ja,added,status,source\n"
    path = write(
        tmp_path / "ssw.csv",
        header
        + "1,介護,Nursing care,yes,no,介護,2019-04,active,x\n01,建設,Construction,yes,yes,土木,2019-04,active,x\n",
    )

    with pytest.raises(ReferenceFileError, match=r"ssw.csv, row 3, column no: '01' already appears in row 2"):
        loader.load_ssw_fields(path=path, label="test", effective_from=datetime.date(2026, 1, 23))

    assert not SSWField.objects.exists()


def test_it_refuses_a_label_too_long_for_a_version(db: None, tmp_path: Path) -> None:
    path = write(tmp_path / "titp.csv", TITP_HEADER + "Other,7-7,溶接,Welding,7-7-1,手溶接,Manual welding,3\n")

    with pytest.raises(ReferenceFileError, match=r"manifest.toml, column label: titp.csv"):
        load_titp(path, label="x" * 41)

    assert not ListVersion.objects.exists()
