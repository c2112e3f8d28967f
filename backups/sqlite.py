"""SQLite (the embedded default): a copy through SQLite's online backup API,
which gives a consistent image while the application keeps running, and a
restore that copies it back the same way and is undone if the check fails."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from backups.manifest import BackupError, TableSum

CHECKSUM_METHOD = (
    "sqlite: two sums over the table's rows of the first and last 64 bits of md5(repr(row)) "
    "(as signed integers); independent of the rows' order"
)

_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"


def version() -> str:
    return sqlite3.sqlite_version


def copy(source: sqlite3.Connection, *, into: Path) -> dict[str, TableSum]:
    """Copy the open database into a new file and checksum the copy, so the
    manifest describes exactly what was copied."""
    target = sqlite3.connect(into)
    try:
        source.backup(target)
        return checksums(target)
    finally:
        target.close()


def checksums(connection: sqlite3.Connection) -> dict[str, TableSum]:
    sums = {}
    for (table,) in connection.execute(_TABLES).fetchall():
        rows = first = second = 0
        quoted = '"' + table.replace('"', '""') + '"'
        for row in connection.execute(f"SELECT * FROM {quoted}"):  # noqa: S608 (quoted identifier)
            # repr of ints, floats, str, bytes and None is exact and stable.
            digest = hashlib.md5(repr(row).encode(), usedforsecurity=False).digest()
            first += int.from_bytes(digest[:8], "big", signed=True)
            second += int.from_bytes(digest[8:], "big", signed=True)
            rows += 1
        sums[table] = TableSum(rows, f"{first}:{second}")
    return sums


def database_path(settings: Mapping[str, object]) -> Path:
    name = str(settings["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The database is in memory: a restore needs a database file (DATABASE_URL=sqlite:///path).")
    return Path(name)


def tables_in(path: Path) -> list[str]:
    """Up to five tables of the database file: none when it is empty or does not exist yet."""
    if not path.exists():
        return []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [name for (name,) in connection.execute(_TABLES).fetchall()][:5]
    finally:
        connection.close()


def restore(*, backup_file: Path, into: Path, tables: Mapping[str, TableSum]) -> None:
    """Copy the backup into the (empty) database file, check it, and empty it
    again if the copy fails or differs from the manifest."""
    into.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = sqlite3.connect(into)
    try:
        source.backup(target)
        found = checksums(target)
    except sqlite3.Error as error:
        _empty(target)
        raise BackupError(f"The database copy failed ({error}); it was emptied again. Nothing was restored.") from None
    finally:
        source.close()
    try:
        if found != dict(tables):
            differing = sorted(name for name in set(found) | set(tables) if found.get(name) != tables.get(name))
            _empty(target)
            raise BackupError(
                f"The restored database differs from the manifest in {', '.join(differing)}; "
                "it was emptied again and nothing was restored."
            )
    finally:
        target.close()


def _empty(target: sqlite3.Connection) -> None:
    # The backup API replaces the whole target: copying an empty database in undoes the restore.
    empty = sqlite3.connect(":memory:")
    try:
        empty.backup(target)
    finally:
        empty.close()
