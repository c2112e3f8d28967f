from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from webhooks import actions


class Command(BaseCommand):
    help = (
        "Send every webhook delivery whose next attempt has come: new ones a receiver missed and the retries of "
        "failed ones (1 min, 5 min, 30 min, 2 h, then 6 h apart, with jitter), until delivered or given up after "
        "WEBHOOK_MAX_ATTEMPTS. A delivery already delivered, given up or being sent by someone else is skipped, "
        "so running it twice, or two at once, sends each attempt once. Celery beat runs the same sweep every "
        "WEBHOOK_SWEEP_EVERY_MINUTES; run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        outcomes = [actions.attempt_delivery(delivery_id=pk) for pk in actions.due_deliveries(now=timezone.now())]
        sent = [outcome for outcome in outcomes if outcome is not None]
        counts = {status: sent.count(status) for status in dict.fromkeys(sent)}
        summary = ", ".join(f"{status}: {count}" for status, count in counts.items())
        self.stdout.write(f"deliveries attempted: {len(sent)}" + (f" ({summary})" if summary else ""))
