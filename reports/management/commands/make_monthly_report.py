"""Make (or make again) the monthly report, as beat does on the 1st."""

from __future__ import annotations

import datetime
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.actions_monthly import NoFiguresYet, make_monthly_report, month_before


def _month(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        raise ArgumentTypeError(f"not a month in the form YYYY-MM: {value!r}") from None


class Command(BaseCommand):
    help = (
        "Make the monthly PDF report of every dashboard for the whole programme, in Indonesian, from the "
        "latest snapshot of the figures, and keep it for the ministry. Default: last month. Making a month "
        "again replaces its report."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--month", type=_month, help="The month to report on, as YYYY-MM (default: last month).")

    def handle(self, *args: Any, **options: Any) -> None:
        month = options["month"] or month_before(timezone.localdate())
        try:
            report = make_monthly_report(month=month)
        except NoFiguresYet:
            raise CommandError("No refresh of the figures has finished yet: run refresh_figures first.") from None
        self.stdout.write(f"Monthly report {report} made: {report.file.name}")
