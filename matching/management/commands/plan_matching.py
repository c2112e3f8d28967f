from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts import access
from accounts.models import User
from matching import actions


class Command(BaseCommand):
    help = (
        "Start a planning run: the optimal assignment of everyone in the pool (ready or shortlisted) to all "
        "open job orders, filling the most positions first, then maximizing the total score with the "
        "ministry's current weights. Proposes only; nobody's status changes. Runs here and waits for the "
        "result (the page queues the same run for a worker). "
        "--by names the ministry officer it runs for (audit-logged)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--by", required=True, help="username of a ministry officer")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["by"]).first()
        if user is None or not access.may_run_matching(user):
            raise CommandError(f"{options['by']!r} is not a ministry officer.")
        run = actions.compute_plan(run_id=actions.start_planning(by=user, queue=False).pk)
        if run.error:
            raise CommandError(f"Planning run #{run.pk} failed: {run.error}")
        self.stdout.write(
            f"Planning run #{run.pk}: {run.participants} participants, {run.job_orders} open job orders, "
            f"{run.pairs} eligible pairs; {run.matched} of {run.positions} positions filled, "
            f"total score {run.total_score}, {run.seconds:.1f} s."
        )
