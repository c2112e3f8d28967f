from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reports.actions import RefreshRunning, refresh_figures


class Command(BaseCommand):
    help = (
        "Compute every table of the reports for every scope, year and programme as of now, write them as a new "
        "snapshot, and once it is complete make the pages read it; the two newest complete snapshots are kept, "
        "older ones deleted. Refused while another refresh runs. Celery beat runs the same every "
        "REPORTS_REFRESH_MINUTES; run this from cron where there is no beat, or by hand for figures at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            snapshot = refresh_figures()
        except RefreshRunning as refused:
            raise CommandError("Another refresh of the figures is running; nothing was written.") from refused
        seconds = (snapshot.finished_at - snapshot.taken_at).total_seconds() if snapshot.finished_at else 0.0
        self.stdout.write(
            f"{snapshot.figures} figures of {snapshot.participants} participants as of "
            f"{snapshot.taken_at:%Y-%m-%d %H:%M:%S %Z}, in {seconds:.1f} s"
        )
