"""E-mails about the ledger: a line that broke the fee policy, and a line a
participant disputes. Both go to the writers of the ministry and of the
participant's LPK/SO, in Indonesian, after the booking commits."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import Membership, OrganizationKind, Role
from ledger.models import Dispute, LedgerEntry
from participants.models import Participant

NOTICE_LANGUAGE = "id"


def recipients(participant: Participant) -> list[str]:
    """E-mail addresses of the ministry's and the participant's LPK/SO's
    administrators and officers, each once, in a stable order."""
    members = Membership.objects.filter(
        role__in=[Role.ADMIN, Role.OFFICER], organization__is_active=True, user__is_active=True
    ).filter(Q(organization__kind=OrganizationKind.MINISTRY) | Q(organization_id=participant.sending_organization_id))
    emails = members.exclude(user__email="").values_list("user__email", flat=True).order_by("user__email")
    return list(dict.fromkeys(emails))


def _send(template: str, context: dict[str, object], participant: Participant) -> int:
    addresses = recipients(participant)
    if not addresses:
        return 0
    with translation.override(NOTICE_LANGUAGE):
        subject = render_to_string(f"ledger/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"ledger/email/{template}.txt", context)
    return send_mail(subject, body, None, addresses)


def notify_violation(*, entry_id: int) -> int:
    entry = LedgerEntry.objects.select_related("participant__sending_organization", "cost_class").get(pk=entry_id)
    return _send("violation", {"entry": entry, "participant": entry.participant}, entry.participant)


def notify_dispute(*, dispute_id: int) -> int:
    dispute = Dispute.objects.select_related("entry__cost_class", "participant").get(pk=dispute_id)
    return _send(
        "dispute", {"dispute": dispute, "entry": dispute.entry, "participant": dispute.participant}, dispute.participant
    )
