"""E-mail for a safety check: each worker asked who has an address gets one
e-mail, once, in Indonesian, with a signed link that answers without login.

The question table is the outbox, as the notice table is for deadlines
(placements.deadlines.mail). Each question is sent in a transaction of its
own: lock one not yet e-mailed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
two deliveries of the task never take the same row), hand its message to the
mail server, mark it e-mailed, commit. A worker killed before the mark commits
leaves the question unsent and unlocked, and the task delivered again (Celery
acknowledges it late) sends it; one killed after the commit has sent it. Only
a kill between the mail server's acceptance and the commit (a single message,
within milliseconds) sends a message twice, and both copies carry the same
Message-ID, by which mail servers and clients drop the second.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from protection.models import SafetyQuestion
from protection.safety_links import reply_url

PARTICIPANT_LANGUAGE = "id"


def send_questions(*, check_id: int, now: datetime.datetime | None = None) -> int:
    """E-mail every unanswered question of the check not yet e-mailed; the number sent."""
    sent, after = 0, 0
    with get_connection() as mail_server:
        while (question := _send_next(check_id, after, mail_server, now=now)) is not None:
            sent, after = sent + 1, question
    return sent


def _send_next(
    check_id: int, after: int, mail_server: BaseEmailBackend, *, now: datetime.datetime | None
) -> int | None:
    """Send the next question after ``after`` (by key) and mark it, in one
    transaction; its key, or None when none is left. A send that fails rolls
    the mark back and raises: the question stays for the next run."""
    with transaction.atomic():
        question = (
            SafetyQuestion.objects.filter(
                safety_check_id=check_id,
                safety_check__closed_at__isnull=True,
                emailed_at__isnull=True,
                answer="",
                pk__gt=after,
            )
            .exclude(participant__email="")
            .order_by("pk")
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("participant", "safety_check", "prefecture")
            .first()
        )
        if question is None:
            return None
        mail_server.send_messages([_message(question)])
        SafetyQuestion.objects.filter(pk=question.pk).update(emailed_at=now or timezone.now())
    return question.pk


def message_id(question_id: int) -> str:
    """The same for every copy of one question's e-mail (see the module's docstring)."""
    return f"<safety-question-{question_id}@{urlsplit(settings.SITE_URL).hostname or 'jembatan'}>"


def _message(question: SafetyQuestion) -> EmailMessage:
    with translation.override(PARTICIPANT_LANGUAGE):
        context = {"question": question, "link": reply_url(question.pk), "link_days": settings.SAFETY_LINK_DAYS}
        subject = render_to_string("protection/email/safety_question_subject.txt", context).strip()
        body = render_to_string("protection/email/safety_question.txt", context)
    return EmailMessage(
        subject, body, None, [question.participant.email.strip()], headers={"Message-ID": message_id(question.pk)}
    )
