from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from protection.actions.checkins import open_round


class Command(BaseCommand):
    help = (
        "Open this month's check-in round and ask every worker whose placement is in Japan today, in one "
        "set-based insert; a worker already asked this month is not asked again, so running it twice (or after "
        "Celery beat, which runs the same on CHECKIN_DAY of each month) asks only those who arrived since. "
        "Answers are taken for CHECKIN_ANSWER_DAYS days. Run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        opened = open_round(now=timezone.now())
        self.stdout.write(
            f"round {opened.round}: {opened.asked} workers asked now, answers until {opened.round.closes_on}"
        )
