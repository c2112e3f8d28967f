from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from reference.files import ReferenceFileError
from reference.loader import DATA_DIR, MANIFEST, Outcome
from reference.manifest import load_entry, read_manifest


class Command(BaseCommand):
    help = (
        f"Load the reference data listed in {MANIFEST}, in its order. Fixed tables (Japanese prefectures, "
        "Indonesian provinces with their NIK codes, language test levels) are brought in line with their files, "
        "row by row by code. Dated lists (TITP job categories and operations, SSW fields, vocational programmes "
        "with their fit to job categories) are loaded once per label as a new version; an existing version is "
        "never overwritten, even when its file has changed: that is reported, and a changed list needs a new "
        "label. Translated names (Indonesian names of job categories, operations and fields, Japanese names of "
        "the trades) fill the names a loaded version's rows lack, matched by code; a name already set is the "
        "admins' and is kept. A bad file is refused whole, naming its row and column; files before it stay loaded."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help=f"Directory holding {MANIFEST} and the files it names (default: {DATA_DIR}).",
        )

    @no_translations  # one language per line: model names would otherwise follow LANGUAGE_CODE
    def handle(self, *args: object, **options: object) -> None:
        data_dir = options["data_dir"]
        assert isinstance(data_dir, Path)  # noqa: S101 - argparse converts it
        try:
            for entry in read_manifest(data_dir=data_dir):
                summary = load_entry(entry)
                style = self.style.WARNING if summary.outcome == Outcome.FILE_CHANGED else self.style.SUCCESS
                self.stdout.write(style(str(summary)))
        except ReferenceFileError as error:
            raise CommandError(str(error)) from error
