"""Choosing PostgreSQL's client tools: only those of the server's major version,
with a clear refusal naming what was found and what to install."""

from __future__ import annotations

from pathlib import Path

import pytest

from backups.manifest import BackupError, TableSum
from backups.postgres import check_script, find_tool


def fake_tool(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{name} (PostgreSQL) {version} (Debian {version}-1)"\n')
    path.chmod(0o755)
    return path


def test_it_takes_the_tool_of_the_servers_major_version(tmp_path: Path) -> None:
    path = fake_tool(tmp_path, "pg_dump", "15.18")

    tool = find_tool("pg_dump", major=15, bin_dir=str(tmp_path))

    assert (tool.path, tool.version, tool.major) == (path, "15.18", 15)


@pytest.mark.parametrize("version", ["14.12", "16.4"])
def test_it_refuses_a_tool_of_another_major_version(tmp_path: Path, version: str) -> None:
    fake_tool(tmp_path, "pg_dump", version)

    with pytest.raises(BackupError, match=rf"no pg_dump 15 was found.*is version {version}.*postgresql-client-15"):
        find_tool("pg_dump", major=15, bin_dir=str(tmp_path))


def test_it_refuses_when_the_tool_is_missing(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"no pg_restore 15 was found in .*BACKUP_PG_BIN_DIR"):
        find_tool("pg_restore", major=15, bin_dir=str(tmp_path))


def test_it_refuses_a_program_that_is_not_postgresqls(tmp_path: Path) -> None:
    (tmp_path / "psql").write_text("#!/bin/sh\necho 'something else 1.0'\n")
    (tmp_path / "psql").chmod(0o755)

    with pytest.raises(BackupError, match="not a PostgreSQL version"):
        find_tool("psql", major=15, bin_dir=str(tmp_path))


def test_it_quotes_table_names_in_the_restore_check() -> None:
    script = check_script({"public.odd\"name's": TableSum(3, "12:-34")})

    assert 'FROM "public"."odd""name\'s" AS jembatan_row' in script
    assert "'public.odd\"name''s'::text" in script
    assert "(3::bigint, 12::numeric, -34::numeric)" in script
