"""Backing up the database and the uploaded files into one folder with its
manifest, and restoring such a folder into an empty database and empty file
folders.

A restore writes nothing until the whole backup matched its manifest and every
target was found empty; it then copies the files aside (inside each target
folder), restores the database in one checked step, and only then moves the
files into place. Whatever fails, the targets end as empty as they were.
"""

from __future__ import annotations

import datetime
import shutil
import sqlite3
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from backups import manifest as manifests
from backups import postgres, sqlite
from backups.manifest import BackupError, Engine, FileSum, Manifest

STAGING_PREFIX = ".restoring-"


def file_trees() -> dict[str, Path]:
    """The folders of uploaded files a backup holds: the public uploads and the
    private spreadsheet imports (whose rows point to their files too)."""
    return {"media": Path(settings.MEDIA_ROOT), "imports": Path(settings.IMPORT_FILES_DIR)}


def engine_of(database: Mapping[str, Any]) -> Engine:
    engine = str(database["ENGINE"])
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def default_folder(now: datetime.datetime) -> Path:
    return Path(settings.VAR_DIR) / "backups" / f"jembatan-{now:%Y%m%dT%H%M%SZ}"


def make_backup(*, into: Path, alias: str = "default", trees: Mapping[str, Path]) -> Manifest:
    """Back up database ``alias`` and the file trees into the new folder ``into``.
    It is written as ``<into>.partial`` and renamed when complete, so a folder
    with the final name is always a whole backup."""
    if into.exists():
        raise BackupError(f"{into} already exists: name a new folder for the backup.")
    for name, root in trees.items():
        if into.resolve().is_relative_to(root.resolve()):
            raise BackupError(f"{into} is inside {root} ({name}): the backup would copy itself. Choose another folder.")
    partial = into.with_name(into.name + ".partial")
    if partial.exists():
        raise BackupError(f"{partial} is left from a backup that was cut off: delete it, then back up again.")
    partial.mkdir(parents=True)
    try:
        manifest = _write_backup(partial, alias=alias, trees=trees)
        partial.rename(into)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _write_backup(folder: Path, *, alias: str, trees: Mapping[str, Path]) -> Manifest:
    created_at = datetime.datetime.now(tz=datetime.UTC)
    database = connections[alias]
    engine = engine_of(database.settings_dict)
    # The database first: a file uploaded meanwhile is then in the backup even
    # if its row is not, never a row without its file.
    if engine == "postgresql":
        database_file = "database.dump"
        dump = postgres.dump(
            postgres.Server.from_settings(database.settings_dict), into=folder / database_file, bin_dir=_bin_dir()
        )
        server_version, tool, method, tables = dump.server_version, dump.tool, postgres.CHECKSUM_METHOD, dump.tables
    else:
        database_file = "database.sqlite3"
        database.ensure_connection()
        raw = database.connection
        assert isinstance(raw, sqlite3.Connection)  # noqa: S101 (the sqlite3 backend's connection)
        tables = sqlite.copy(raw, into=folder / database_file)
        server_version, tool, method = sqlite.version(), "sqlite3 backup API", sqlite.CHECKSUM_METHOD
    files = {database_file: manifests.hash_file(folder / database_file)}
    for name, root in trees.items():
        for path in manifests.files_under(root):
            relative = f"{manifests.FILES_DIR}/{name}/{path.relative_to(root).as_posix()}"
            files[relative] = manifests.copy_hashing(path, folder / relative)
    manifest = Manifest(
        created_at=created_at,
        engine=engine,
        server_version=server_version,
        tool=tool,
        database_file=database_file,
        checksum_method=method,
        tables=tables,
        files=files,
        file_trees=tuple(trees),
    )
    manifests.write(manifest, folder)
    return manifest


def restore_backup(*, source: Path, database: Mapping[str, Any], trees: Mapping[str, Path]) -> Manifest:
    """Restore the backup folder ``source`` into the empty ``database`` (a
    DATABASES entry) and the empty folders ``trees``."""
    manifest = manifests.read(source)
    manifests.verify_folder(source, manifest)
    engine = engine_of(database)
    if engine != manifest.engine:
        raise BackupError(f"The backup is of a {manifest.engine} database; this one is {engine}. Nothing was restored.")
    unknown = sorted(set(manifest.file_trees) - set(trees))
    if unknown:
        raise BackupError(f"The backup holds file folders this version does not know: {unknown}. Nothing was restored.")
    _refuse_unless_empty(engine, database, trees)
    staged = _stage_files(source, manifest, trees)
    try:
        _restore_database(engine, database, source / manifest.database_file, manifest)
    except BaseException:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    for name, staging in staged.items():
        # Renames within one folder: they cannot run out of space half-way.
        for child in staging.iterdir():
            child.rename(trees[name] / child.name)
        staging.rmdir()
    return manifest


def _refuse_unless_empty(engine: Engine, database: Mapping[str, Any], trees: Mapping[str, Path]) -> None:
    if engine == "postgresql":
        server = postgres.Server.from_settings(database)
        found, where = postgres.objects_in(server), f"database {server.dbname}"
    else:
        path = sqlite.database_path(database)
        found, where = sqlite.tables_in(path), f"database {path}"
    if found:
        raise BackupError(
            f"The {where} is not empty (it holds {', '.join(found)}, ...): a restore only goes into an empty "
            "database, so that nothing in it is overwritten or mixed. Create an empty one. Nothing was restored."
        )
    for name, root in trees.items():
        if root.exists() and any(root.iterdir()):
            raise BackupError(
                f"The folder {root} ({name}) is not empty: a restore only goes into empty folders. "
                "Nothing was restored."
            )


def _stage_files(source: Path, manifest: Manifest, trees: Mapping[str, Path]) -> dict[str, Path]:
    """Copy every file into a hidden folder inside its target folder (the same
    file system, so moving them into place later is a rename), checking each
    hash as it is written."""
    token = uuid.uuid4().hex[:12]
    staged: dict[str, Path] = {}
    try:
        for name, root in trees.items():
            staging = root / f"{STAGING_PREFIX}{token}"
            staging.mkdir(parents=True)
            staged[name] = staging
        prefix = manifests.FILES_DIR + "/"
        for relative, expected in manifest.files.items():
            if not relative.startswith(prefix):
                continue
            name, inside = relative[len(prefix) :].split("/", 1)
            written: FileSum = manifests.copy_hashing(source / relative, staged[name] / inside)
            if written != expected:
                raise BackupError(f"{relative} changed while it was being restored. Nothing was restored.")
    except BaseException:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return staged


def _restore_database(engine: Engine, database: Mapping[str, Any], dump_file: Path, manifest: Manifest) -> None:
    if engine == "postgresql":
        postgres.restore(
            postgres.Server.from_settings(database),
            dump_file=dump_file,
            dumped_by=manifest.tool,
            tables=manifest.tables,
            bin_dir=_bin_dir(),
        )
    else:
        sqlite.restore(backup_file=dump_file, into=sqlite.database_path(database), tables=manifest.tables)


def _bin_dir() -> str:
    return str(settings.BACKUP_PG_BIN_DIR)
