"""E-mail when a case reaches the top of the chain: the administrators and
officers of the ministry and of the embassy are written to, in Indonesian,
that a case now waits for them and by when it must be acknowledged.

The message names no one and carries none of the reporter's words: only the
case's number, category, severity, the moment its clock runs out and the link
to the case, which asks for a login. Whatever the mail passes through, the
case stays behind the access rules.

The escalation row is the outbox: it is claimed under a row lock and marked
before the mail server is called, so a retried task sends nothing twice; if
sending fails the mark is taken back for the next attempt.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Membership, OrganizationKind, Role
from protection.models import Escalation, Level

# The ministry and the embassy both work in Indonesian.
LANGUAGE = "id"
TOLD = (OrganizationKind.MINISTRY, OrganizationKind.EMBASSY)


def recipients() -> list[str]:
    """Every active administrator and officer of the ministry and the embassy with an address, once each."""
    members = Membership.objects.filter(
        organization__kind__in=TOLD,
        organization__is_active=True,
        role__in=[Role.ADMIN, Role.OFFICER],
        user__is_active=True,
    ).exclude(user__email="")
    return sorted(set(members.values_list("user__email", flat=True)))


def mail_escalation(*, escalation_id: int) -> int:
    """E-mail the ministry and the embassy of one escalation to the top; the number of messages sent."""
    escalation = _claim(escalation_id)
    if escalation is None:
        return 0
    addresses = recipients()
    if not addresses:
        return 0
    context = {
        "case": escalation.case,
        "escalation": escalation,
        "link": f"{settings.SITE_URL}{reverse('protection:case_detail', args=[escalation.case_id])}",
    }
    try:
        with translation.override(LANGUAGE):
            subject = render_to_string("protection/email/escalation_subject.txt", context).strip()
            body = render_to_string("protection/email/escalation.txt", context)
        # One message, every address hidden from the others.
        return EmailMessage(subject, body, None, to=[], bcc=addresses).send()
    except Exception:
        Escalation.objects.filter(pk=escalation.pk).update(notified_at=None)
        raise


def _claim(escalation_id: int) -> Escalation | None:
    with transaction.atomic():
        escalation = (
            Escalation.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=escalation_id, level=Level.MINISTRY_AND_EMBASSY, notified_at__isnull=True)
            .first()
        )
        if escalation is None:
            return None
        escalation.notified_at = timezone.now()
        escalation.save(update_fields=["notified_at"])
        return escalation
