"""E-mail for new deadline notices, each notice once.

The notice table is the outbox: a sender claims a batch of notices not yet
e-mailed (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two senders never
claim the same row), marks them, commits, and only then talks to the mail
server, so a slow server holds no lock. One e-mail per address lists all its
new notices. If sending fails the batch is released for the next run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from joborders.models import profile_of
from placements.deadlines.registry import source_of
from placements.deadlines.wording import Names, sentence
from placements.models import Notice

BATCH = 500
# The Japanese side reads its notices in Japanese; the worker in Indonesian.
ORGANIZATION_LANGUAGE = "ja"
PARTICIPANT_LANGUAGE = "id"


@dataclass
class Letter:
    language: str
    notices: list[Notice] = field(default_factory=list)


def send_new_notices(*, now: datetime.datetime | None = None, batch: int = BATCH) -> int:
    """E-mail every notice not yet e-mailed; the number of notices sent."""
    sent = 0
    while claimed := _claim(batch, now=now or timezone.now()):
        try:
            _deliver(claimed, now=now or timezone.now())
        except Exception:
            Notice.objects.filter(pk__in=[notice.pk for notice in claimed]).update(emailed_at=None)
            raise
        sent += len(claimed)
    return sent


def _claim(batch: int, *, now: datetime.datetime) -> list[Notice]:
    with transaction.atomic():
        ids = list(
            Notice.objects.unsent()
            .order_by("created_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        Notice.objects.filter(pk__in=ids).update(emailed_at=now)
    related = ("organization", "company", "participant")
    return list(Notice.objects.filter(pk__in=ids).select_related(*related).order_by("due_on", "id"))


def _letters(notices: list[Notice]) -> dict[str, Letter]:
    """The notices by the address they go to."""
    letters: dict[str, Letter] = {}
    for notice in notices:
        for address, language in _addresses(notice):
            letters.setdefault(address, Letter(language)).notices.append(notice)
    return letters


def _addresses(notice: Notice) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for organization in (notice.organization, notice.company):
        profile = profile_of(organization) if organization is not None else None
        email = (profile.contact_email if profile is not None else "").strip()
        if email:
            found.setdefault(email, ORGANIZATION_LANGUAGE)
    person = notice.participant
    if person is not None and person.email.strip():
        found.setdefault(person.email.strip(), PARTICIPANT_LANGUAGE)
    return list(found.items())


def _deliver(notices: list[Notice], *, now: datetime.datetime) -> None:
    names = Names.of([n.participant_id for n in notices], [n.company_id for n in notices])
    messages = []
    for address, letter in _letters(notices).items():
        with translation.override(letter.language):
            lines = [_line(notice, names, now=now) for notice in letter.notices]
            context = {"lines": lines, "count": len(lines)}
            subject = render_to_string("placements/email/deadline_notices_subject.txt", context).strip()
            body = render_to_string("placements/email/deadline_notices.txt", context)
        messages.append(EmailMessage(subject, body, None, [address]))
    if messages:
        get_connection().send_messages(messages)


def _line(notice: Notice, names: Names, *, now: datetime.datetime) -> str:
    source = source_of(notice.kind)
    today = source.today(now) if source is not None else now.date()
    whom = names.whom(participant_id=notice.participant_id, company_id=notice.company_id)
    return sentence(kind=notice.kind, whom=whom, due_on=notice.due_on, today=today)
