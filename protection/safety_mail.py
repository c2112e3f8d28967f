"""E-mail for a safety check: each worker asked who has an address gets one
e-mail, once, in Indonesian, with a signed link that answers without login.

The question table is the outbox, as the notice table is for deadlines
(placements.deadlines.mail): a sender claims a batch not yet e-mailed
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers of a retried task
never claim the same row), marks it, commits, and only then talks to the mail
server. If sending fails the batch is released for the next run.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from protection.models import SafetyQuestion
from protection.safety_links import reply_url

BATCH = 500
PARTICIPANT_LANGUAGE = "id"


def send_questions(*, check_id: int, now: datetime.datetime | None = None, batch: int = BATCH) -> int:
    """E-mail every unanswered question of the check not yet e-mailed; the number sent."""
    sent = 0
    while claimed := _claim(check_id, batch, now=now or timezone.now()):
        try:
            _deliver(claimed)
        except Exception:
            SafetyQuestion.objects.filter(pk__in=[question.pk for question in claimed]).update(emailed_at=None)
            raise
        sent += len(claimed)
    return sent


def _claim(check_id: int, batch: int, *, now: datetime.datetime) -> list[SafetyQuestion]:
    with transaction.atomic():
        ids = list(
            SafetyQuestion.objects.filter(
                safety_check_id=check_id, safety_check__closed_at__isnull=True, emailed_at__isnull=True, answer=""
            )
            .exclude(participant__email="")
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:batch]
        )
        SafetyQuestion.objects.filter(pk__in=ids).update(emailed_at=now)
    return list(SafetyQuestion.objects.filter(pk__in=ids).select_related("participant", "safety_check", "prefecture"))


def _deliver(questions: list[SafetyQuestion]) -> None:
    messages = []
    with translation.override(PARTICIPANT_LANGUAGE):
        for question in questions:
            context = {"question": question, "link": reply_url(question.pk), "link_days": settings.SAFETY_LINK_DAYS}
            subject = render_to_string("protection/email/safety_question_subject.txt", context).strip()
            body = render_to_string("protection/email/safety_question.txt", context)
            messages.append(EmailMessage(subject, body, None, [question.participant.email.strip()]))
    if messages:
        get_connection().send_messages(messages)
