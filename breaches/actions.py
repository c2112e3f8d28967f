"""Recording a personal data breach, who was told of it, and its end.

Anyone who writes for an organization may report a suspected breach: the
LPK/SO whose laptop was stolen knows first. The ministry's officers confirm
or dismiss it, record each time someone was told, and close it once the
people and the authority have been (Pasal 46(1)). Every step writes its audit
row in the same transaction; the ministry's administrators are written to
after the commit (``breaches.reminders``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access.memberships import is_ministry
from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from breaches.models import (
    TRANSITIONS,
    Audience,
    Breach,
    BreachNotification,
    BreachStatus,
    Channel,
    DataKind,
)
from config.celery import enqueue_on_commit

REMINDER_TASK = "breaches.tasks.send_breach_reminders"


class BreachRefused(Exception):
    """Nothing was saved; ``problems`` by form field (None: the whole form)."""

    def __init__(self, problems: dict[str | None, str]) -> None:
        super().__init__(_("Nothing was saved: correct the marked fields."))
        self.problems = problems


@dataclass(frozen=True, kw_only=True)
class BreachDetails:
    title: str
    description: str
    measures: str
    occurred_at: datetime.datetime | None
    found_at: datetime.datetime
    subjects_count: int
    count_is_estimate: bool
    data_kinds: list[DataKind]
    organizations: list[Organization]


@dataclass(frozen=True, kw_only=True)
class NotificationDetails:
    audience: Audience
    told_at: datetime.datetime
    channel: Channel
    recipients: str
    reference: str = ""


def _check_details(details: BreachDetails, *, now: datetime.datetime) -> None:
    problems: dict[str | None, str] = {}
    if details.found_at > now:
        problems["found_at"] = _("The moment it was found cannot be in the future.")
    if details.occurred_at is not None and details.occurred_at > details.found_at:
        problems["occurred_at"] = _("It cannot have happened after it was found.")
    if not details.data_kinds:
        problems["data_kinds"] = _("Tick at least one kind of data.")
    if not details.title.strip():
        problems["title"] = _("Say in a line what happened.")
    if not details.description.strip():
        problems["description"] = _("Say what happened and how.")
    if problems:
        raise BreachRefused(problems)


@transaction.atomic
def report_breach(
    *, details: BreachDetails, organization: Organization, by: User, now: datetime.datetime | None = None
) -> Breach:
    """Record a breach. Reported by the ministry it is confirmed at once;
    reported by anyone else it is suspected until the ministry looks at it.
    Its clock runs from ``found_at`` either way."""
    now = now or timezone.now()
    _check_details(details, now=now)
    status = BreachStatus.CONFIRMED if is_ministry(by, write=True) else BreachStatus.SUSPECTED
    breach = Breach.objects.create(
        title=details.title.strip(),
        description=details.description.strip(),
        measures=details.measures.strip(),
        occurred_at=details.occurred_at,
        found_at=details.found_at,
        subjects_count=details.subjects_count,
        count_is_estimate=details.count_is_estimate,
        data_kinds=sorted({str(kind) for kind in details.data_kinds}),
        reporting_organization=organization,
        reported_by=by,
        reported_at=now,
        status=status,
        status_changed_at=now,
    )
    breach.organizations.set(details.organizations)
    # The facts that matter to the clock, never the description (it may name people).
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=breach,
        changes={
            "status": [None, status],
            "found_at": [None, breach.found_at.isoformat()],
            "subjects_count": [None, breach.subjects_count],
            "data_kinds": [None, ",".join(breach.data_kinds)],
        },
    )
    enqueue_on_commit(REMINDER_TASK)
    return breach


def _locked(breach_id: int) -> Breach:
    # The row lock orders two officers acting on one breach at once: the
    # second sees the first one's status and notifications.
    return Breach.objects.select_for_update().get(pk=breach_id)


@transaction.atomic
def record_notification(
    *, breach_id: int, details: NotificationDetails, by: User, now: datetime.datetime | None = None
) -> BreachNotification:
    now = now or timezone.now()
    breach = _locked(breach_id)
    if not breach.is_open:
        raise BreachRefused({None: _("This breach is closed; nothing more is recorded on it.")})
    problems: dict[str | None, str] = {}
    if details.told_at > now:
        problems["told_at"] = _("The moment they were told cannot be in the future.")
    elif details.told_at < breach.found_at:
        problems["told_at"] = _("They cannot have been told before the breach was found.")
    if not details.recipients.strip():
        problems["recipients"] = _("Say who exactly was told.")
    if problems:
        raise BreachRefused(problems)
    notification = BreachNotification.objects.create(
        breach=breach,
        audience=details.audience,
        told_at=details.told_at,
        channel=details.channel,
        recipients=details.recipients.strip(),
        reference=details.reference.strip(),
        recorded_by=by,
        recorded_at=now,
    )
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=notification,
        changes={
            "breach": [None, breach.pk],
            "audience": [None, details.audience],
            "told_at": [None, details.told_at.isoformat()],
            "channel": [None, details.channel],
        },
    )
    return notification


@transaction.atomic
def change_status(
    *, breach_id: int, to: BreachStatus, outcome: str, by: User, now: datetime.datetime | None = None
) -> Breach:
    """Confirm, dismiss or close a breach, along TRANSITIONS. Dismissing and
    closing say why; closing waits until everyone Pasal 46(1) names was told."""
    now = now or timezone.now()
    breach = _locked(breach_id)
    before = BreachStatus(breach.status)
    if to not in TRANSITIONS[before]:
        raise BreachRefused(
            {None: _("A breach that is %(now)s cannot become %(to)s.") % {"now": before.label, "to": to.label}}
        )
    if to in (BreachStatus.DISMISSED, BreachStatus.CLOSED) and not outcome.strip():
        raise BreachRefused({"outcome": _("Say why.")})
    if to == BreachStatus.CLOSED and breach.not_told():
        waiting = ", ".join(str(audience.label) for audience in breach.not_told())
        raise BreachRefused({None: _("Not yet told: %(who)s. Record that first.") % {"who": waiting}})
    breach.status = to
    breach.status_changed_at = now
    breach.outcome = outcome.strip() or breach.outcome
    breach.save(update_fields=["status", "status_changed_at", "outcome"])
    audit.record(actor=by, action=AuditAction.STATUS_CHANGED, target=breach, changes={"status": [before, to]})
    return breach
