"""E-mails about incidents: who is told of each kind is
``protection.actions.incidents.WHO_IS_TOLD``; each organization's
administrators and officers are written to in their side's language
(Indonesian for the LPK/SO, the ministry and the embassy, Japanese for the
supervising organization, the support organization and the company), after
the incident commits, by a Celery task (in-process without Redis)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import Membership, OrganizationKind, Role
from placements.models import Placement
from protection.actions.incidents import WHO_IS_TOLD
from protection.models import Audience, Incident, IncidentKind

_INDONESIAN_SIDE = frozenset({Audience.SENDING_ORGANIZATION, Audience.MINISTRY, Audience.EMBASSY})
_NATIONWIDE = {Audience.MINISTRY: OrganizationKind.MINISTRY, Audience.EMBASSY: OrganizationKind.EMBASSY}


def _organizations_of(audience: Audience, placement: Placement) -> Q:
    """The organizations of one audience for this placement, as a filter on memberships."""
    if audience in _NATIONWIDE:
        return Q(organization__kind=_NATIONWIDE[audience])
    by_audience: dict[Audience, list[int | None]] = {
        Audience.SENDING_ORGANIZATION: [placement.participant.sending_organization_id],
        # A specified skilled worker has a registered support organization instead.
        Audience.SUPERVISING_ORGANIZATION: [placement.supervising_organization_id, placement.support_organization_id],
        Audience.COMPANY: [placement.company_id],
    }
    ids = by_audience[audience]
    return Q(organization_id__in=[pk for pk in ids if pk is not None])


def recipients(kind: IncidentKind, placement: Placement) -> dict[str, list[str]]:
    """The addresses to tell of an incident, by the language they read, each once."""
    by_language: dict[str, list[str]] = {"id": [], "ja": []}
    for audience in sorted(WHO_IS_TOLD[kind], key=str):
        members = Membership.objects.filter(
            _organizations_of(audience, placement),
            role__in=[Role.ADMIN, Role.OFFICER],
            organization__is_active=True,
            user__is_active=True,
        )
        emails = members.exclude(user__email="").values_list("user__email", flat=True).order_by("user__email")
        language = "id" if audience in _INDONESIAN_SIDE else "ja"
        by_language[language].extend(email for email in emails if email not in by_language[language])
    return by_language


def notify_incident(*, incident_id: int) -> int:
    """E-mail everyone the incident's kind tells, once; the number of messages sent.

    Tasks are acknowledged when they finish, so a worker killed after marking the
    incident notified hands the task on again: that delivery sends nothing. One
    killed between sending and marking sends again: for a disappearance or a
    death a second e-mail is better than none."""
    incident = (
        Incident.objects.select_related(
            "placement__participant", "placement__company", "placement__prefecture", "disappearance"
        )
        .filter(pk=incident_id, notified_at__isnull=True)
        .first()
    )
    if incident is None:
        return 0
    placement = incident.placement
    context = {"incident": incident, "placement": placement, "participant": placement.participant}
    sent = 0
    for language, addresses in recipients(IncidentKind(incident.kind), placement).items():
        if addresses:
            with translation.override(language):
                subject = render_to_string("protection/email/incident_subject.txt", context).strip()
                body = render_to_string("protection/email/incident.txt", context)
            sent += send_mail(subject, body, None, addresses)
    Incident.objects.filter(pk=incident.pk).update(notified_at=timezone.now())
    return sent
