from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from protection.clocks import sweep_case_clocks


class Command(BaseCommand):
    help = (
        "Escalate every protection case nobody acknowledged within 24 hours one level up the chain: from the "
        "LPK/SO to the supervising organization only when the case was referred to it with the reporter's "
        "consent, otherwise to the ministry and the embassy; each step gives the new handler 24 hours. Running "
        "it twice, or two at once, escalates a case once. Celery beat runs the same sweep every "
        "CASE_CLOCK_SWEEP_EVERY_MINUTES; run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_case_clocks(now=timezone.now())
        by_level = ", ".join(f"level {level}: {len(ids)}" for level, ids in sorted(result.escalated.items()))
        self.stdout.write(f"cases escalated: {result.total}" + (f" ({by_level})" if by_level else ""))
