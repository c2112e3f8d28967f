"""Background work of the reports: Celery tasks that call the actions.
Without REDIS_URL they run in-process (the embedded default)."""

from __future__ import annotations

import logging

# Bound to the project's app, not shared_task (see matching/tasks.py).
from config.celery import app
from reports.actions import RefreshRunning, refresh_figures

logger = logging.getLogger(__name__)


@app.task(ignore_result=True)
def refresh_figures_task() -> None:
    """Run by Celery beat every REPORTS_REFRESH_MINUTES (CELERY_BEAT_SCHEDULE).
    A refresh still running from the last beat (or the command) makes this
    one stand down: the next beat tries again."""
    try:
        snapshot = refresh_figures()
    except RefreshRunning:
        logger.info("figures not refreshed: another refresh is running")
        return
    logger.info("figures refreshed: %s figures as of %s", snapshot.figures, snapshot.taken_at.isoformat())
