from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, no_translations

from demo.seed import seed_demo
from participants import demo_data
from participants.demo import demo_logins


class Command(BaseCommand):
    help = (
        "Seed fictional demo data: the five pilot BLKs, LPK/SOs, the association, supervising organizations "
        "and companies in Japan, one login per organization kind (password: "
        f"{demo_data.DEMO_PASSWORD}), and N participants spread over the lifecycle. Organizations and logins "
        "are created once; each run adds N participants unless --if-empty finds some already. "
        "Loads the reference data first if it is missing. Prints the demo logins at the end."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--participants", type=int, default=2000, help="participants to add (default 2000)")
        parser.add_argument("--seed", type=int, default=2022, help="random seed: the same seed gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if participants already exist")

    @no_translations  # the logins table in one language, whatever LANGUAGE_CODE says
    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["participants"]
        if count < 0:
            raise CommandError("--participants must be 0 or more.")
        try:
            result = seed_demo(participants=count, seed=options["seed"], if_empty=options["if_empty"])
        except demo_data.DemoDataError as error:
            raise CommandError(str(error)) from error
        if result.skipped:
            self.stdout.write("Participants already exist: nothing seeded.")
        else:
            if result.loaded_reference:
                self.stdout.write("Loaded the reference data.")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Seeded {result.participants} participants with {result.status_changes} status changes."
                )
            )
        # Printed on every run, also when nothing was seeded: `make run` shows them at start-up.
        self.stdout.write(_logins_table(demo_logins()))


def _logins_table(logins: list[demo_data.DemoLogin]) -> str:
    if not logins:
        return "No demo logins in this database."
    rows = [("username", "organization", "kind", "role", "password")]
    rows += [(login.username, login.organization, login.kind, login.role, login.password) for login in logins]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(["", "Demo logins:", *lines])
