"""The manifest: read back as written, and a doctored one cannot point a
restore at files outside the backup folder."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from backups import manifest as manifests
from backups.manifest import BackupError, FileSum, Manifest, TableSum


def sample(folder: Path) -> Manifest:
    (folder / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    return Manifest(
        created_at=datetime.datetime(2026, 12, 6, 15, 0, tzinfo=datetime.UTC),
        engine="sqlite",
        server_version="3.40.1",
        tool="sqlite3 backup API",
        database_file="database.sqlite3",
        checksum_method="sqlite: ...",
        tables={"participants_participant": TableSum(2, "1:-2")},
        files={"database.sqlite3": manifests.hash_file(folder / "database.sqlite3")},
        file_trees=("media", "imports"),
    )


def test_it_reads_back_what_it_wrote(tmp_path: Path) -> None:
    written = sample(tmp_path)
    manifests.write(written, tmp_path)

    assert manifests.read(tmp_path) == written
    manifests.verify_folder(tmp_path, written)


@pytest.mark.parametrize("path", ["../etc/passwd", "/etc/passwd", "files/media/../../x", "files//media/x", ""])
def test_it_refuses_a_file_outside_the_backup(tmp_path: Path, path: str) -> None:
    written = sample(tmp_path)
    manifests.write(written, tmp_path)
    document = json.loads((tmp_path / "manifest.json").read_text())
    document["files"][path] = {"sha256": "0" * 64, "bytes": 1}
    (tmp_path / "manifest.json").write_text(json.dumps(document))

    with pytest.raises(BackupError, match="outside the backup"):
        manifests.read(tmp_path)


def test_it_refuses_another_format(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "something", "version": 1}))

    with pytest.raises(BackupError, match="not a version 1 Jembatan backup manifest"):
        manifests.read(tmp_path)


def test_it_hashes_while_copying(tmp_path: Path) -> None:
    (tmp_path / "a.bin").write_bytes(b"x" * (manifests.CHUNK + 5))

    copied = manifests.copy_hashing(tmp_path / "a.bin", tmp_path / "deep" / "b.bin")

    assert copied == manifests.hash_file(tmp_path / "deep" / "b.bin") == FileSum(copied.sha256, manifests.CHUNK + 5)
