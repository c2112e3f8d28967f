from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from spreadsheets import expiry


class Command(BaseCommand):
    help = (
        "Close import jobs nobody will finish and forget what imports keep for a while: a job checking or "
        "writing rows whose progress has not moved for IMPORT_JOB_STALLED_AFTER_MINUTES was interrupted and "
        "fails; any open job unchanged for IMPORT_JOB_EXPIRES_AFTER_HOURS is closed (a preview nobody "
        "confirmed is cancelled); the values imports replaced are deleted once IMPORT_UNDO_DAYS have passed; "
        "checks of NIKs held elsewhere older than 24 hours are forgotten. Celery beat runs the same sweep every "
        "IMPORT_SWEEP_EVERY_MINUTES; run this from cron where there is no beat."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        swept = expiry.sweep_imports()
        self.stdout.write(
            f"interrupted jobs failed: {swept.interrupted}; abandoned jobs closed: {swept.expired}; "
            f"changes past their undo period deleted: {swept.undo_data_deleted}; "
            f"NIK checks forgotten: {swept.nik_checks_forgotten}"
        )
