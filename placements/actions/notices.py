"""Notices to the Japanese side: an offer declined or withdrawn, and whether
its place went to a reserve. Sent by a Celery task after the change commits
(in-process without Redis), so a slow mail server never holds a row lock."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from joborders.models import JobOrder, profile_of
from placements.models import Offer

# The company and its supervising organization read Japanese.
NOTICE_LANGUAGE = "ja"


def notice_recipients(job_order: JobOrder) -> list[str]:
    """The contact e-mails of the order's company and supervising organization, each once."""
    addresses: list[str] = []
    for organization in (job_order.company, job_order.supervising_organization):
        profile = profile_of(organization) if organization is not None else None
        email = (profile.contact_email if profile is not None else "").strip()
        if email and email not in addresses:
            addresses.append(email)
    return addresses


def notify_offer_lapsed(*, offer_id: int) -> int:
    """E-mail the company and supervising organization that an offer was
    declined or withdrawn, and who was offered the place instead (if anyone).
    Returns the number of messages sent (0 when neither has a contact e-mail)."""
    offer = Offer.objects.select_related(
        "participant", "job_order__company", "job_order__supervising_organization"
    ).get(pk=offer_id)
    recipients = notice_recipients(offer.job_order)
    if not recipients:
        return 0
    promoted = Offer.objects.select_related("participant").filter(promoted_from=offer).first()
    context = {"offer": offer, "job_order": offer.job_order, "promoted": promoted}
    with translation.override(NOTICE_LANGUAGE):
        subject = render_to_string("placements/email/offer_lapsed_subject.txt", context).strip()
        body = render_to_string("placements/email/offer_lapsed.txt", context)
    return send_mail(subject, body, None, recipients)
