"""Verify the audit log's hash chains and report the first broken link of each."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.models import AuditChain
from audit.verify import verify


class Command(BaseCommand):
    help = (
        "Recompute every audit entry's hash from the row as stored and check each link to the entry before it "
        "in its chain and each chain's end against its head. Prints the first broken link of each broken chain "
        "(chain, entry id, what was expected and what was found) and exits non-zero if there is any: an entry "
        "altered, removed, or written around the application (with no chain, or after its chain's end)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="Only the chains of this day (YYYY-MM-DD, in TIME_ZONE) and later: a nightly check of recent days.",
        )
        parser.add_argument(
            "--heads",
            action="store_true",
            help="Also print each chain's head (day, chain, entries, last hash), to keep outside the database: "
            "whoever could rewrite the log and every hash after the change cannot rewrite those copies.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        report = verify(since=options["since"])
        seconds = time.perf_counter() - start
        if options["heads"]:
            self._heads(since=options["since"])
        for broken in report.breaks:
            self.stdout.write(f"BROKEN {broken}")
        summary = f"{report.checked} entries in {report.chains} chains checked in {seconds:.1f} s"
        if not report.intact:
            raise CommandError(f"{len(report.breaks)} broken chain(s); {summary}")
        self.stdout.write(f"audit log intact: {summary}")

    def _heads(self, *, since: datetime.date | None) -> None:
        chains = AuditChain.objects.order_by("day", "pk")
        if since is not None:
            chains = chains.filter(day__gte=since)
        for chain in chains:
            self.stdout.write(f"HEAD {chain.day:%Y-%m-%d} chain {chain.pk} entries={chain.length} hash={chain.head}")
