from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from privacy.actions import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention schedule (privacy.retention.SCHEDULE): anonymize every participant who has been "
        "withdrawn or disqualified for 2 years, or home (returned, returned early, deceased) for 10 years, unless "
        "a legal exception keeps their data (a live placement, an open grievance, cost records younger than 10 "
        "years). Each person is anonymized in a transaction of their own; a second run continues where one "
        "stopped. --dry-run counts what would happen and changes nothing. Celery beat runs the same every night."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run: bool = options["dry_run"]
        outcomes = apply_retention(now=timezone.now(), dry_run=dry_run)
        verb = "would anonymize" if dry_run else "anonymized"
        for outcome in outcomes:
            if outcome.rule.then.value != "anonymize":
                self.stdout.write(f"{outcome.rule.code}: kept ({outcome.rule.years} years)")
                continue
            kept = ", ".join(f"{code.value} {count}" for code, count in sorted(outcome.kept.items()))
            counts = f"due {outcome.due}, {verb} {outcome.anonymized}, kept {outcome.due - outcome.anonymized}"
            self.stdout.write(f"{outcome.rule.code}: {counts}" + (f" ({kept})" if kept else ""))
