from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from breaches.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail the ministry's administrators about every data breach whose people or authority have not "
        "been told yet (UU PDP Pasal 46: within 3 × 24 hours of finding it): when it is reported and at 24, "
        "48, 60 and 72 hours after it was found, the latest stage reached only, each stage once. Running it "
        "twice, or two at once, writes once. Celery beat runs the same sweep every "
        "BREACH_REMINDER_SWEEP_EVERY_MINUTES; run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders(now=timezone.now())
        by_stage = ", ".join(f"{int(stage)} h: {len(ids)}" for stage, ids in sorted(result.sent.items()))
        self.stdout.write(f"breach reminders sent: {result.total}" + (f" ({by_stage})" if by_stage else ""))
