"""Re-encrypt every sealed value with the newest key of FIELD_ENCRYPTION_KEYS."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from lib.crypto import CannotDecrypt
from lib.encrypted import Columns, keyring, pending, reseal_batch, sealed_tables


class Command(BaseCommand):
    help = (
        "Re-encrypt with the newest key (the first of FIELD_ENCRYPTION_KEYS) every sealed value written with an "
        "older one, and seal any value still plain, table by table in batches of --batch rows, each batch in its "
        "own transaction. Rows already under the newest key are not touched, so a run stopped anywhere continues "
        "where it stopped when started again. Run it after putting a new key first; remove the old key from "
        "FIELD_ENCRYPTION_KEYS only once a run reports 0 left. The application may keep running meanwhile: it "
        "opens values under every key of the list."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="Rows per transaction (default 1000).")
        parser.add_argument("--dry-run", action="store_true", help="Only count the rows that wait.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        self.stdout.write(f"Newest key: {keyring().current_id}")
        total = 0
        for table in sealed_tables():
            waiting = pending(table)
            if options["dry_run"] or not waiting:
                self.stdout.write(f"{table.table}: {waiting} rows to re-encrypt")
                total += waiting
                continue
            total += self._rotate(table, batch=options["batch"])
        verb = "to re-encrypt" if options["dry_run"] else "re-encrypted"
        self.stdout.write(f"Total: {total} rows {verb}; left: {sum(pending(t) for t in sealed_tables())}")

    def _rotate(self, table: Columns, *, batch: int) -> int:
        started, written = time.monotonic(), 0
        after: int | None = -1
        while after is not None:
            try:
                with transaction.atomic():
                    after, count = reseal_batch(table, after=after, batch=batch)
            except CannotDecrypt as error:
                raise CommandError(f"{table.table}, after row {after}: {error}. Is an old key missing?") from error
            written += count
        self.stdout.write(f"{table.table}: {written} rows re-encrypted in {time.monotonic() - started:.1f} s")
        return written
