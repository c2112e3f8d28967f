"""The manifest of a backup: what it holds and the checksums a restore checks
before it writes anything and again after.

A backup is a folder::

    manifest.json          this module's Manifest
    database.dump          pg_dump --format=custom (PostgreSQL) or database.sqlite3 (SQLite)
    files/media/...        MEDIA_ROOT as it was
    files/imports/...      IMPORT_FILES_DIR (uploaded spreadsheets, private)

``manifest.json`` gives the SHA-256 and size of every other file in the folder,
and for every table of the database its row count and a checksum of its rows
(see ``checksum_method``: the same query computes it when backing up and when
checking a restore, on the same engine).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Literal, TypedDict, cast

FORMAT = "jembatan-backup"
VERSION = 1
MANIFEST_NAME = "manifest.json"
# Under files/: one folder per tree of uploaded files, named after its setting's meaning.
FILES_DIR = "files"
CHUNK = 1024 * 1024

Engine = Literal["postgresql", "sqlite"]


class BackupError(Exception):
    """A backup or restore refused or failed; the message says what and what was left as it was."""


@dataclasses.dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


@dataclasses.dataclass(frozen=True)
class FileSum:
    sha256: str
    bytes: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class Manifest:
    created_at: datetime.datetime
    engine: Engine
    server_version: str
    tool: str
    database_file: str
    checksum_method: str
    tables: dict[str, TableSum]
    # Path inside the backup folder (POSIX) -> its checksum; the database file included.
    files: dict[str, FileSum]
    file_trees: tuple[str, ...]


class _TableJson(TypedDict):
    rows: int
    checksum: str


class _FileJson(TypedDict):
    sha256: str
    bytes: int


class _DatabaseJson(TypedDict):
    engine: Engine
    server_version: str
    tool: str
    file: str
    checksum_method: str
    tables: dict[str, _TableJson]


class _ManifestJson(TypedDict):
    format: str
    version: int
    created_at: str
    database: _DatabaseJson
    file_trees: list[str]
    files: dict[str, _FileJson]


def write(manifest: Manifest, folder: Path) -> None:
    document: _ManifestJson = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": manifest.created_at.isoformat(),
        "database": {
            "engine": manifest.engine,
            "server_version": manifest.server_version,
            "tool": manifest.tool,
            "file": manifest.database_file,
            "checksum_method": manifest.checksum_method,
            "tables": {name: {"rows": t.rows, "checksum": t.checksum} for name, t in sorted(manifest.tables.items())},
        },
        "file_trees": list(manifest.file_trees),
        "files": {path: {"sha256": f.sha256, "bytes": f.bytes} for path, f in sorted(manifest.files.items())},
    }
    (folder / MANIFEST_NAME).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read(folder: Path) -> Manifest:
    path = folder / MANIFEST_NAME
    try:
        document = cast(_ManifestJson, json.loads(path.read_text(encoding="utf-8")))
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise BackupError(f"{path} is not a version {VERSION} Jembatan backup manifest.")
        database = document["database"]
        manifest = Manifest(
            created_at=datetime.datetime.fromisoformat(document["created_at"]),
            engine=database["engine"],
            server_version=database["server_version"],
            tool=database["tool"],
            database_file=database["file"],
            checksum_method=database["checksum_method"],
            tables={name: TableSum(int(t["rows"]), str(t["checksum"])) for name, t in database["tables"].items()},
            files={p: FileSum(str(f["sha256"]), int(f["bytes"])) for p, f in document["files"].items()},
            file_trees=tuple(document["file_trees"]),
        )
    except FileNotFoundError:
        raise BackupError(f"{folder} holds no {MANIFEST_NAME}: it is not a backup, or an unfinished one.") from None
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{path} cannot be read: {error!r}.") from None
    for relative in manifest.files:
        _check_inside(relative)
    if manifest.engine not in ("postgresql", "sqlite"):
        raise BackupError(f"{path} names an unknown database engine {manifest.engine!r}.")
    if manifest.database_file not in manifest.files:
        raise BackupError(f"{path} lists no checksum for its database file {manifest.database_file}.")
    return manifest


def _check_inside(relative: str) -> None:
    """A manifest names files inside its own folder only: a doctored one must
    not make a restore read or write elsewhere."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or relative != str(PurePosixPath(*parts)):
        raise BackupError(f"The manifest names a file outside the backup: {relative!r}.")


def hash_file(path: Path) -> FileSum:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return FileSum(digest.hexdigest(), size)


def copy_hashing(source: Path, target: Path) -> FileSum:
    """Copy one file, hashing what was written in the same pass."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as reader, target.open("xb") as writer:
        while chunk := reader.read(CHUNK):
            writer.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return FileSum(digest.hexdigest(), size)


def files_under(root: Path) -> Iterator[Path]:
    """Every regular file under root, sorted; a missing root holds none.
    Symbolic links are not followed: uploads are never links, and following one
    could copy a file from anywhere on the server into the backup."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def verify_folder(folder: Path, manifest: Manifest) -> None:
    """Every file the manifest lists is there with its hash, and nothing else is."""
    present = {path.relative_to(folder).as_posix() for path in files_under(folder)} - {MANIFEST_NAME}
    listed = set(manifest.files)
    problems = [f"missing: {name}" for name in sorted(listed - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - listed)]
    for name in sorted(listed & present):
        if hash_file(folder / name) != manifest.files[name]:
            problems.append(f"changed since the backup: {name}")
    if problems:
        shown = "; ".join(problems[:20]) + (f"; and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BackupError(f"The backup in {folder} does not match its manifest ({shown}). Nothing was restored.")
