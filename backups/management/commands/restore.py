"""Restore a backup folder into an empty database and empty file folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from backups.actions import file_trees, restore_backup
from backups.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Restore a folder made by `manage.py backup` into the EMPTY database of DATABASE_URL and the EMPTY (or "
        "missing) MEDIA_ROOT and IMPORT_FILES_DIR. First checks every file of the backup against manifest.json and "
        "refuses, writing nothing, if one differs or if the database or a folder is not empty. The database is "
        "restored in one transaction that also checks each table's row count and checksum, so it ends fully "
        "restored or as empty as before; the files are moved into place only after that."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="The backup folder (it holds manifest.json).")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        database = connections[options["database"]].settings_dict
        try:
            manifest = restore_backup(source=folder, database=database, trees=file_trees())
        except BackupError as refused:
            raise CommandError(str(refused)) from refused
        rows = sum(table.rows for table in manifest.tables.values())
        self.stdout.write(
            f"Restored {len(manifest.tables)} tables ({rows} rows, each count and checksum checked) and "
            f"{len(manifest.files) - 1} files (each SHA-256 checked) from the backup of "
            f"{manifest.created_at:%Y-%m-%d %H:%M:%S %Z}."
        )
