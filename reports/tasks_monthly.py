"""The monthly report as a Celery task, run by beat on the 1st of each month
at 06:00 in TIME_ZONE (CELERY_BEAT_SCHEDULE "monthly-report"). Found by the
autodiscovery in config/celery.py (``reports.tasks`` is the refresh's)."""

from __future__ import annotations

import logging

from django.utils import timezone

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from reports.actions_monthly import NoFiguresYet, make_monthly_report, month_before

logger = logging.getLogger(__name__)


@app.task(ignore_result=True)
def make_last_months_report() -> None:
    """Last month's report in Indonesian from the latest snapshot. Before the
    first refresh there is nothing to report: a warning, no retry (the next
    month's run, or the command, makes it)."""
    try:
        make_monthly_report(month=month_before(timezone.localdate()))
    except NoFiguresYet:
        logger.warning("No monthly report made: no refresh of the figures has finished yet.")
