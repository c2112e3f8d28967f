"""Unlock a sign-in that django-axes locked after repeated failures."""

from __future__ import annotations

from typing import Any

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction


class Command(BaseCommand):
    help = (
        "Unlock signing in for USERNAME: forget its failed attempts from every address (or only from --ip), "
        "so the next correct password signs in at once instead of after the cool-off period. "
        "Writes an audit row on the user."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--ip", help="Only the attempts from this address.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        ip: str | None = options["ip"]
        user = User.objects.filter(username=username).first()
        removed = reset(username=username, ip=ip)
        if user is None and not removed:
            raise CommandError(f"No user {username!r} and no failed attempts recorded for that name.")
        if user is not None and removed:
            audit.record(
                actor=None, action=AuditAction.UPDATED, target=user, changes={"sign_in": ["locked", "unlocked"]}
            )
        self.stdout.write(f"{username}: {removed} locked attempt record(s) removed.")
