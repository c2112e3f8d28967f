from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.task_ledger import count_import, count_safety_check
from protection.models import SafetyCheck
from spreadsheets.models import ImportJob


class Command(BaseCommand):
    help = (
        "Count the lost and duplicated work of one import or safety check after a worker was killed, "
        "as one line of key=value pairs (demo/task_ledger.py describes every figure)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True)
        imports = kinds.add_parser("import", help="a participant import")
        imports.add_argument("job_id", type=int)
        imports.add_argument("--niks-file", type=Path, required=True, help="the file's NIKs, one a line")
        safety = kinds.add_parser("safety", help="a safety check's e-mail")
        safety.add_argument("check_id", type=int)
        safety.add_argument("--mail-dir", type=Path, help="EMAIL_FILE_PATH of the file-based e-mail backend")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["kind"] == "import":
                niks = [line.strip() for line in options["niks_file"].read_text().splitlines() if line.strip()]
                count = count_import(options["job_id"], niks)
            else:
                count = count_safety_check(options["check_id"], options["mail_dir"])
        except (ImportJob.DoesNotExist, SafetyCheck.DoesNotExist) as missing:
            raise CommandError(str(missing)) from None
        except OSError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(count.line())
