"""The reminders of the breach clock: the ministry's administrators are
written to when a breach is reported and at 24, 48, 60 and 72 hours after it
was found, for as long as the people whose data it is or the authority have
not been told (Pasal 46(1)). Past 72 hours the breach stays overdue on their
home and in the register; the overdue e-mail goes out once.

A sweep that comes late writes the latest stage reached only: a breach found
50 hours before it was reported is one e-mail ("48 hours gone"), not three.

The reminder row is the outbox: it is created (unique per breach and stage)
before the mail server is called, so a retried task or two sweeps at once
write once; if sending fails the row is removed for the next sweep.

Celery beat (every BREACH_REMINDER_SWEEP_EVERY_MINUTES), ``report_breach``
after its commit and ``manage.py send_breach_reminders`` all call
``send_due_reminders``; without Redis the task runs in-process.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, OrganizationKind, Role
from breaches.models import Breach, BreachReminder, ReminderStage

# The ministry works in Indonesian.
LANGUAGE = "id"


@dataclass
class ReminderResult:
    # Breach ids written about, by stage.
    sent: dict[ReminderStage, list[int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.sent.values())


def recipients() -> list[str]:
    """Every active administrator of the ministry with an address, once each."""
    members = Membership.objects.filter(
        organization__kind=OrganizationKind.MINISTRY,
        organization__is_active=True,
        role=Role.ADMIN,
        user__is_active=True,
    ).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def send_due_reminders(*, now: datetime.datetime) -> ReminderResult:
    result = ReminderResult()
    waiting = Breach.objects.waiting_for_notice().prefetch_related("notifications", "reminders").order_by("found_at")
    for breach in waiting:
        stage = breach.stage_due(now)
        if stage is None or any(reminder.stage >= stage for reminder in breach.reminders.all()):
            continue
        if _remind(breach, stage, now=now):
            result.sent.setdefault(stage, []).append(breach.pk)
    return result


def _remind(breach: Breach, stage: ReminderStage, *, now: datetime.datetime) -> bool:
    """Claim the stage and write the e-mail; False if another sweep claimed it first."""
    addresses = recipients()
    try:
        with transaction.atomic():
            reminder = BreachReminder.objects.create(breach=breach, stage=stage, sent_at=now, recipients=len(addresses))
    except IntegrityError:
        return False
    if not addresses:
        return True
    try:
        _mail(breach, stage, addresses, now=now)
    except Exception:
        reminder.delete()
        raise
    return True


def _mail(breach: Breach, stage: ReminderStage, addresses: list[str], *, now: datetime.datetime) -> None:
    # Only the number, the clock and who is still to be told: the e-mail
    # passes through mail servers, the breach's story stays behind the login.
    context = {
        "breach": breach,
        "stage": stage,
        "overdue": stage == ReminderStage.OVERDUE,
        "hours_left": max(breach.hours_left(now), 0),
        "not_told": [audience.label for audience in breach.not_told()],
        "link": f"{settings.SITE_URL}{reverse('breaches:breach_detail', args=[breach.pk])}",
    }
    with translation.override(LANGUAGE):
        subject = render_to_string("breaches/email/reminder_subject.txt", context).strip()
        body = render_to_string("breaches/email/reminder.txt", context)
    # One message, every address hidden from the others.
    EmailMessage(subject, body, None, to=[], bcc=addresses).send()
