"""Opening a case and moving it along its statuses.

A case is first routed to the worker's LPK/SO, which knows them and speaks
their language; without one (an anonymous reporter who named nobody) it goes
to the ministry. A category that cannot wait (violence, a withheld passport,
a forced return), and any case its reporter or recorder marks urgent (the
worker is in danger), goes to the ministry and the embassy at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, OrganizationKind, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from ledger import actions as ledger_actions
from ledger.models import Dispute, DisputeStatus
from participants.models import Participant
from placements.models import Placement
from protection.models import (
    ACKNOWLEDGE_WITHIN,
    Case,
    Category,
    Door,
    Escalation,
    EscalationCause,
    Level,
    Severity,
    Status,
    StatusChange,
    new_tracking_code,
)

# Fields an audit row shows as masked: the reporter's words and identity.
_SENSITIVE = ("description", "reporter_name", "reporter_contact", "participant")


class CaseError(Exception):
    """A case action refused, with a sentence for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class CaseDetails:
    """What a reporter (or staff for them) tells: the same for every door."""

    category: Category
    description: str
    severity: Severity = Severity.NORMAL
    language: str = "id"
    participant: Participant | None = None
    placement: Placement | None = None
    company: Organization | None = None
    supervising_organization: Organization | None = None
    reporter_name: str = ""
    reporter_contact: str = ""


def first_handler(details: CaseDetails) -> Organization | None:
    """The LPK/SO of the worker when known, else the ministry."""
    sending = details.participant.sending_organization if details.participant is not None else None
    if sending is not None:
        return sending
    return Organization.objects.filter(kind=OrganizationKind.MINISTRY, is_active=True).order_by("pk").first()


def _named_organizations(details: CaseDetails) -> tuple[Organization | None, Organization | None]:
    """The company and supervising organization the case concerns: as the
    reporter named them, else from their placement."""
    company, supervising = details.company, details.supervising_organization
    if details.placement is not None:
        company = company or details.placement.company
        supervising = supervising or details.placement.supervising_organization
    return company, supervising


def open_case(
    *, details: CaseDetails, door: Door, by: User | None, pin: str = "", now: datetime.datetime | None = None
) -> Case:
    """Record a case. ``by`` is the staff member or the worker's own account,
    None for an anonymous reporter, whose case gets a tracking code and the
    hash of ``pin``."""
    if not details.description.strip():
        raise CaseError(_("Tell us in your own words what happened."), field="description")
    if door == Door.ANONYMOUS and not pin:
        raise CaseError(_("Choose a PIN to come back to your report."), field="pin")
    opened_at = now or timezone.now()
    company, supervising = _named_organizations(details)
    case = Case(
        door=door,
        participant=details.participant,
        placement=details.placement,
        reporter_name=details.reporter_name.strip(),
        reporter_contact=details.reporter_contact.strip(),
        company=company,
        supervising_organization=supervising,
        category=details.category,
        severity=Severity.URGENT if details.category.escalates_at_once else details.severity,
        language=details.language,
        description=details.description.strip(),
        assigned_organization=first_handler(details),
        opened_at=opened_at,
        status_changed_at=opened_at,
        acknowledge_by=opened_at + ACKNOWLEDGE_WITHIN,
        recorded_by=by,
    )
    if door == Door.ANONYMOUS:
        case.set_pin(pin)
    _save_with_new_code(case)
    StatusChange.objects.create(case=case, from_status="", to_status=Status.NEW, by=by, at=opened_at)
    audit.record(actor=by, action=AuditAction.CREATED, target=case, changes=_created_changes(case))
    if details.category.escalates_at_once or case.severity == Severity.URGENT:
        escalate(
            case=case,
            to=Level.MINISTRY_AND_EMBASSY,
            by=None,
            reason="",
            now=opened_at,
            cause=EscalationCause.CATEGORY,
        )
    return case


def _save_with_new_code(case: Case) -> None:
    """Save, drawing a fresh tracking code if one happened to be taken."""
    for _attempt in range(5):
        if case.door == Door.ANONYMOUS:
            case.tracking_code = new_tracking_code()
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if case.door != Door.ANONYMOUS:
                raise
    raise CaseError(_("The report could not be saved. Please try again."))


def _created_changes(case: Case) -> dict[str, object]:
    """The audit row of a new case: what it is about and where it went, never
    who reported it or their words (those are masked)."""
    changes: dict[str, object] = {
        "door": [None, case.door],
        "category": [None, case.category],
        "severity": [None, case.severity],
        "assigned_organization": [None, case.assigned_organization_id],
    }
    changes.update({name: [None, audit.MASKED] for name in _SENSITIVE if getattr(case, name, None)})
    return changes


def _locked(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def escalate(
    *,
    case: Case,
    to: Level,
    by: User | None,
    reason: str,
    now: datetime.datetime | None = None,
    cause: EscalationCause = EscalationCause.HANDLER,
) -> Case:
    """Move the case up the chain (never down). At the top the ministry
    handles it; the embassy reads every case at that level."""
    if to <= case.level:
        raise CaseError(_("The case is already at this level or higher."))
    at = now or timezone.now()
    before = case.level
    case.level = to
    if to == Level.MINISTRY_AND_EMBASSY:
        ministry = Organization.objects.filter(kind=OrganizationKind.MINISTRY, is_active=True).order_by("pk").first()
        case.assigned_organization = ministry or case.assigned_organization
        case.assigned_to = None
    case.version += 1
    case.save(update_fields=["level", "assigned_organization", "assigned_to", "version"])
    escalation = Escalation.objects.create(case=case, level=to, by=by, at=at, cause=cause, reason=reason)
    audit.record(actor=by, action=AuditAction.UPDATED, target=case, changes={"level": [before, int(to)]})
    if to == Level.MINISTRY_AND_EMBASSY:
        # The officers who now hold the clock learn of it by e-mail, once it is committed.
        enqueue_on_commit("protection.tasks.mail_escalation", escalation.pk)
    return case


@transaction.atomic
def change_status(
    *, case_id: int, to: Status, by: User, version: int, reason: str = "", now: datetime.datetime | None = None
) -> Case:
    """Move a case along TRANSITIONS, refusing a stale form (``version``)."""
    case = _locked(case_id)
    if case.version != version:
        raise CaseError(_("Someone else changed this case while you were reading it. Here it is as it is now."))
    before = Status(case.status)
    if not case.may_become(to):
        raise CaseError(
            _("A case that is %(before)s cannot become %(after)s.") % {"before": before.label, "after": to.label}
        )
    at = now or timezone.now()
    case.status = to
    case.status_changed_at = at
    if to == Status.ACKNOWLEDGED or (to == Status.IN_PROGRESS and case.acknowledged_at is None):
        case.acknowledged_at = at
    if to == Status.RESOLVED:
        case.resolved_at = at
    case.version += 1
    case.save(update_fields=["status", "status_changed_at", "acknowledged_at", "resolved_at", "version"])
    StatusChange.objects.create(case=case, from_status=before, to_status=to, by=by, at=at, reason=reason.strip())
    audit.record(actor=by, action=AuditAction.STATUS_CHANGED, target=case, changes={"status": [before, to]})
    if to == Status.CLOSED:
        _close_dispute_of(case, by=by)
    return case


def _close_dispute_of(case: Case, *, by: User) -> None:
    """A case opened from a disputed ledger line closes the dispute with it,
    in the case's transaction, so both close or neither. Reopening the case
    leaves the dispute closed: the case carries on where the worker is heard."""
    if case.dispute_id is None:
        return
    status = Dispute.objects.values_list("status", flat=True).get(pk=case.dispute_id)
    if status != DisputeStatus.CLOSED:
        ledger_actions.change_dispute_status(dispute_id=case.dispute_id, to=DisputeStatus.CLOSED, by=by)
