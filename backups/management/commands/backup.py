"""Back up the database and the uploaded files into one folder with a manifest."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.actions import default_folder, file_trees, make_backup
from backups.manifest import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump --format=custom; SQLite: its online backup API) and every "
        "uploaded file (MEDIA_ROOT and IMPORT_FILES_DIR) into a new folder, with manifest.json giving the SHA-256 "
        "of every file and each table's row count and content checksum, all read under the dump's own snapshot. "
        "The application may keep running. The folder appears under its name only once complete "
        "(FOLDER.partial meanwhile). Default folder: var/backups/jembatan-<UTC time>."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", type=Path, help="A new folder for the backup.")
        parser.add_argument("--database", default="default", help="The database alias (default: default).")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"] or default_folder(datetime.datetime.now(tz=datetime.UTC))
        try:
            manifest = make_backup(into=folder, alias=options["database"], trees=file_trees())
        except BackupError as refused:
            raise CommandError(str(refused)) from refused
        rows = sum(table.rows for table in manifest.tables.values())
        size = sum(file.bytes for file in manifest.files.values())
        self.stdout.write(
            f"Backed up {len(manifest.tables)} tables ({rows} rows) and {len(manifest.files) - 1} files "
            f"({size} bytes with the database) into {folder}"
        )
