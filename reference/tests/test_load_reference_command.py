from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reference.management.commands.load_reference import Command
from reference.models import LanguageTest, ListVersion, Prefecture, Province


def run(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_loads_every_file_of_the_manifest_one_line_each(db: None) -> None:
    lines = run()

    assert lines == [
        "prefectures.csv: 47 created, 0 updated, 0 unchanged",
        "provinces.csv: 38 created, 0 updated, 0 unchanged",
        "language_tests.csv: 7 created, 0 updated, 0 unchanged",
        "titp_job_categories-2025.csv: version 2025 loaded (96 TITP job categories, 174 TITP operations)",
        "ssw_fields-2026-01.csv: version 2026-01 loaded (19 SSW fields)",
        "esd_fields-2026-01.csv: version 2026-01 loaded (17 ESD fields)",
        "vocational_programmes-2026-initial.csv: version 2026-initial loaded "
        "(22 vocational programmes, 112 trade fits)",
        "titp_ssw_table-2026-initial.csv: version 2026-initial loaded (97 TITP → SSW table rows)",
        "titp_job_categories-2025.names.csv: 270 names filled in version 2025, 0 left as the admins set them",
        "ssw_fields-2026-01.names.csv: 19 names filled in version 2026-01, 0 left as the admins set them",
        "esd_fields-2026-01.names.csv: 17 names filled in version 2026-01, 0 left as the admins set them",
        "vocational_programmes-2026-initial.names.csv: 22 names filled in version 2026-initial, "
        "0 left as the admins set them",
        "sending_programmes.csv: 4 created, 0 left to the admins as they are",
        "rule_versions.toml: 7 created, 0 left to the admins as they are",
    ]


def test_it_never_overwrites_a_loaded_version(db: None) -> None:
    run()

    lines = run()

    assert lines[0] == "prefectures.csv: 0 created, 0 updated, 47 unchanged"
    assert lines[3] == "titp_job_categories-2025.csv: version 2025 already loaded, left as it is"
    assert (
        lines[8] == "titp_job_categories-2025.names.csv: 0 names filled in version 2025, 0 left as the admins set them"
    )
    assert ListVersion.objects.count() == 5


def test_it_reads_another_data_directory(db: None, tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text('[[tables]]\nname = "provinces"\nfile = "p.csv"\n', encoding="utf-8")
    (tmp_path / "p.csv").write_text("code,name,name_en\n32,Jawa Barat,West Java\n", encoding="utf-8")

    lines = run("--data-dir", str(tmp_path))

    assert lines == ["p.csv: 1 created, 0 updated, 0 unchanged"]
    assert list(Province.objects.values_list("code", flat=True)) == ["32"]


def test_it_stops_at_a_bad_file_naming_its_row_and_column(db: None, tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text(
        '[[tables]]\nname = "prefectures"\nfile = "j.csv"\n'
        '[[tables]]\nname = "provinces"\nfile = "p.csv"\n'
        '[[tables]]\nname = "language_tests"\nfile = "l.csv"\n',
        encoding="utf-8",
    )
    (tmp_path / "j.csv").write_text("jis_code,name_ja,name_en\n04,宮城県,Miyagi\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "code,name,name_en\n32,Jawa Barat,West Java\n32,Jawa Barat,Again\n", encoding="utf-8"
    )
    (tmp_path / "l.csv").write_text("code,family,level,cefr,rank\nJLPT-N4,JLPT,N4,A2,20\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"p.csv, row 3, column code: '32' already appears in row 2"):
        run("--data-dir", str(tmp_path))

    assert Prefecture.objects.count() == 1
    assert not Province.objects.exists()
    assert not LanguageTest.objects.exists()


def test_it_refuses_a_manifest_with_an_unknown_list(db: None, tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text(
        '[[lists]]\nkind = "ssw_fields_2"\nlabel = "2027"\neffective_from = 2027-04-01\nfile = "e.csv"\n',
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match=r"manifest.toml, column kind: \[\[lists\]\] entry 1: 'ssw_fields_2'"):
        run("--data-dir", str(tmp_path))


def test_it_states_in_its_help_that_versions_are_never_overwritten() -> None:
    assert "never overwritten" in Command.help
    assert "prefectures" in Command.help
    assert "TITP job categories" in Command.help
