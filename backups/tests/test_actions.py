"""Backup and restore on the database the suite runs on (SQLite or PostgreSQL):
after the round trip every table's row count and checksum and every file's
SHA-256 are those of the original; a restore refuses anything but empty
targets and a backup matching its manifest, and never leaves half of itself."""

from __future__ import annotations

import dataclasses
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pytest_django.fixtures import Settings

from backups import manifest as manifests
from backups import postgres, sqlite
from backups.actions import make_backup, restore_backup
from backups.manifest import BackupError, TableSum
from participants.models import Participant
from participants.tests import records
from reference.models import DocumentKind
from tests.cast import build_cast

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows only


@pytest.fixture
def trees(settings: Settings, tmp_path: Path) -> dict[str, Path]:
    """The application's file folders, with files in both; uploads through the real action."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_FILES_DIR = tmp_path / "imports"
    cast = build_cast()
    records.document(cast.budi, DocumentKind.PASSPORT, cast.lpk_officer, number="X1234567")
    records.document(cast.siti, DocumentKind.PHOTO, cast.lpk_officer)
    (settings.IMPORT_FILES_DIR / "2026" / "12").mkdir(parents=True)
    # A binary file with a name outside ASCII, as an upload may carry.
    (settings.IMPORT_FILES_DIR / "2026" / "12" / "peserta Sumatra — 日本.xlsx").write_bytes(bytes(range(256)) * 64)
    return {"media": settings.MEDIA_ROOT, "imports": settings.IMPORT_FILES_DIR}


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A DATABASES entry for a new, empty database beside the test database."""
    target = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        target["NAME"] = str(tmp_path / "restored.sqlite3")
        yield target
        return
    target["NAME"] = f"{connection.settings_dict['NAME']}_restored"
    server = postgres.Server.from_settings({**target, "NAME": "postgres"})
    with psycopg.connect(server.conninfo(), password=server.password or None, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        admin.execute(f'CREATE DATABASE "{target["NAME"]}"')
    yield target
    with psycopg.connect(server.conninfo(), password=server.password or None, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{target["NAME"]}" WITH (FORCE)')


def table_sums(database: dict[str, Any] | None = None) -> dict[str, TableSum]:
    """Every table's row count and checksum, of the test database or of ``database``."""
    if connection.vendor == "sqlite":
        # A plain connection: Django's converts values (dates, decimals) as it reads them.
        plain = sqlite3.connect(":memory:" if database is None else database["NAME"])
        if database is None:
            connection.ensure_connection()
            connection.connection.backup(plain)
        try:
            return sqlite.checksums(plain)
        finally:
            plain.close()
    server = postgres.Server.from_settings(database or connection.settings_dict)
    with server.connect() as reader:
        return postgres.checksums(reader)


def file_hashes(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): manifests.hash_file(path).sha256 for path in manifests.files_under(root)}


def fresh_trees(tmp_path: Path) -> dict[str, Path]:
    return {"media": tmp_path / "restored" / "media", "imports": tmp_path / "restored" / "imports"}


def backup(tmp_path: Path) -> Path:
    folder = tmp_path / "backup"
    output = io.StringIO()
    call_command("backup", str(folder), stdout=output)
    assert f"into {folder}" in output.getvalue()
    return folder


def test_it_restores_every_table_and_file_as_it_was(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    targets = fresh_trees(tmp_path)

    restore_backup(source=folder, database=empty_database, trees=targets)

    before, after = table_sums(), table_sums(empty_database)
    assert after == before
    assert manifests.read(folder).tables == before
    assert before["participants_participant" if connection.vendor == "sqlite" else "public.participants_participant"]
    assert sum(table.rows for table in before.values()) > 100
    for name, root in trees.items():
        assert file_hashes(targets[name]) == file_hashes(root)
    assert len(file_hashes(targets["media"])) == 2
    assert len(file_hashes(targets["imports"])) == 1


def test_it_checksums_the_contents_not_only_the_counts(trees: dict[str, Path]) -> None:
    before = table_sums()

    Participant.objects.filter(pk=Participant.objects.order_by("pk")[0].pk).update(full_name="Budi Santoso Baru")

    after = table_sums()
    changed = [name for name in before if before[name] != after[name]]
    assert [name.rsplit(".", 1)[-1] for name in changed] == ["participants_participant"]
    assert before[changed[0]].rows == after[changed[0]].rows


def test_it_lists_every_file_with_its_sha256(trees: dict[str, Path], tmp_path: Path) -> None:
    folder = backup(tmp_path)

    listed = json.loads((folder / "manifest.json").read_text())["files"]

    expected = {f"files/{name}/{path}": sha for name, root in trees.items() for path, sha in file_hashes(root).items()}
    database_file = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    expected[database_file] = manifests.hash_file(folder / database_file).sha256
    assert {path: entry["sha256"] for path, entry in listed.items()} == expected
    assert not (tmp_path / "backup.partial").exists()


def test_it_refuses_a_database_that_is_not_empty(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    restore_backup(source=folder, database=empty_database, trees=fresh_trees(tmp_path))
    restored = table_sums(empty_database)
    others = {"media": tmp_path / "second" / "media", "imports": tmp_path / "second" / "imports"}

    with pytest.raises(BackupError, match=r"is not empty.*Nothing was restored"):
        restore_backup(source=folder, database=empty_database, trees=others)

    assert table_sums(empty_database) == restored
    assert not (tmp_path / "second").exists()


def test_it_refuses_a_folder_that_is_no_backup(tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()

    with pytest.raises(CommandError, match=r"holds no manifest.json"):
        call_command("restore", str(tmp_path / "backup"))


def test_it_refuses_a_folder_that_is_not_empty(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    targets = fresh_trees(tmp_path)
    targets["imports"].mkdir(parents=True)
    (targets["imports"] / "kept.txt").write_text("already here")

    with pytest.raises(BackupError, match=r"imports.*is not empty"):
        restore_backup(source=folder, database=empty_database, trees=targets)

    assert table_sums(empty_database) == {}
    assert not targets["media"].exists()
    assert [path.name for path in targets["imports"].iterdir()] == ["kept.txt"]


@pytest.mark.parametrize("damage", ["changed", "missing", "added"])
def test_it_refuses_a_backup_that_differs_from_its_manifest(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path, damage: str
) -> None:
    folder = backup(tmp_path)
    upload = next(manifests.files_under(folder / "files" / "media"))
    if damage == "changed":
        upload.write_bytes(upload.read_bytes()[:-1] + b"\x00")
    elif damage == "missing":
        upload.unlink()
    else:
        (folder / "files" / "media" / "extra.pdf").write_bytes(b"%PDF-1.4")
    targets = fresh_trees(tmp_path)

    with pytest.raises(BackupError, match=r"does not match its manifest.*Nothing was restored"):
        restore_backup(source=folder, database=empty_database, trees=targets)

    assert table_sums(empty_database) == {}
    assert not any(root.exists() for root in targets.values())


def test_it_undoes_a_restore_whose_tables_differ_from_the_manifest(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    document = json.loads((folder / "manifest.json").read_text())
    table = next(name for name in document["database"]["tables"] if name.endswith("participants_participant"))
    document["database"]["tables"][table]["rows"] += 1
    (folder / "manifest.json").write_text(json.dumps(document))
    targets = fresh_trees(tmp_path)

    with pytest.raises(BackupError, match="participants_participant"):
        restore_backup(source=folder, database=empty_database, trees=targets)

    assert table_sums(empty_database) == {}
    assert all(not any(root.iterdir()) for root in targets.values())


def test_it_undoes_a_restore_whose_database_file_is_damaged(
    trees: dict[str, Path], empty_database: dict[str, Any], tmp_path: Path
) -> None:
    folder = backup(tmp_path)
    document = json.loads((folder / "manifest.json").read_text())
    database_file = folder / document["database"]["file"]
    database_file.write_bytes(database_file.read_bytes()[: database_file.stat().st_size // 2])
    # The manifest made to agree, as if the damage had happened before it was written.
    document["files"][database_file.name] = dataclasses.asdict(manifests.hash_file(database_file))
    (folder / "manifest.json").write_text(json.dumps(document))
    targets = fresh_trees(tmp_path)

    with pytest.raises(BackupError, match=r"Nothing was restored|rolled back"):
        restore_backup(source=folder, database=empty_database, trees=targets)

    assert table_sums(empty_database) == {}
    assert all(not any(root.iterdir()) for root in targets.values())


def test_it_refuses_to_back_up_into_an_existing_folder(trees: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()

    with pytest.raises(BackupError, match="already exists"):
        make_backup(into=tmp_path / "backup", trees=trees)

    assert list((tmp_path / "backup").iterdir()) == []


def test_it_refuses_to_back_up_into_a_folder_it_backs_up(trees: dict[str, Path]) -> None:
    inside = trees["media"] / "backups" / "today"

    with pytest.raises(BackupError, match="would copy itself"):
        make_backup(into=inside, trees=trees)

    assert not (trees["media"] / "backups").exists()
