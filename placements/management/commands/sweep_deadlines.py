from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from placements.deadlines import sweep_and_send


class Command(BaseCommand):
    help = (
        "Write a notice for every deadline of the work in Japan that has come within its warning window "
        "(stage end, skill test, residence card, passport, monthly visit, audit, regular interview, quarterly "
        "report, and any kind plugged into the registry), each dated on the day of the country whose rule sets "
        "it (Japan: Asia/Tokyo, Indonesia: Asia/Jakarta), then e-mail the new notices. Each notice is written "
        "and e-mailed once, however often this runs and even when two run at once. Celery beat runs the same "
        "sweep every DEADLINE_SWEEP_EVERY_MINUTES; run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_and_send(now=timezone.now())
        by_kind = ", ".join(f"{kind} {count}" for kind, count in result.created.items())
        self.stdout.write(f"new notices: {result.total} ({by_kind}); e-mailed: {result.emailed}")
