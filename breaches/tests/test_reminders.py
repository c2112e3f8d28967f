"""The reminders of the breach clock: who is written to, at which hours, once
per stage, never with the breach's story, and only while someone is still
to be told. The Celery task and the command run the same sweep."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, User
from breaches import tasks
from breaches.models import Audience, BreachReminder, ReminderStage
from breaches.reminders import recipients, send_due_reminders
from breaches.tests.world import STORY, a_breach, tell, told_everyone
from tests.cast import Cast, _person

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_it_writes_to_the_ministrys_active_administrators_with_an_address(cast: Cast) -> None:
    _person("kemnaker.second", cast.ministry, Role.ADMIN)
    no_address = _person("kemnaker.noaddress", cast.ministry, Role.ADMIN)
    User.objects.filter(pk=no_address.pk).update(email="")
    gone = _person("kemnaker.gone", cast.ministry, Role.ADMIN)
    User.objects.filter(pk=gone.pk).update(is_active=False)
    _person("lpk.admin", cast.lpk, Role.ADMIN)
    # The ministry's officers and viewers of the cast are not written to either.
    assert recipients() == sorted([cast.ministry_admin.email, "kemnaker.second@example.org"])


def test_it_writes_once_a_breach_is_reported_and_not_again_in_the_same_stage(cast: Cast) -> None:
    breach = a_breach(cast)
    now = timezone.now()
    assert send_due_reminders(now=now).sent == {ReminderStage.FOUND: [breach.pk]}
    assert send_due_reminders(now=now + HOUR).total == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == []
    assert message.bcc == [cast.ministry_admin.email]
    assert breach.number in message.subject
    assert f"/breaches/{breach.pk}/" in message.body
    assert STORY not in message.body
    assert breach.title not in message.body


@pytest.mark.parametrize(
    ("hours", "stage"),
    [(24.5, ReminderStage.DAY_ONE), (50, ReminderStage.DAY_TWO), (61, ReminderStage.LAST_HOURS)],
)
def test_it_writes_the_latest_stage_reached_only(cast: Cast, hours: float, stage: ReminderStage) -> None:
    now = timezone.now()
    breach = a_breach(cast, found_at=now - datetime.timedelta(hours=hours))
    assert send_due_reminders(now=now).sent == {stage: [breach.pk]}
    assert list(BreachReminder.objects.values_list("stage", flat=True)) == [stage]
    assert len(mail.outbox) == 1


def test_it_follows_the_clock_stage_by_stage_then_says_it_ran_out_once(cast: Cast) -> None:
    found = timezone.now() - 2 * HOUR
    breach = a_breach(cast, found_at=found)
    for hours in (2, 25, 26, 49, 61, 73, 90):
        send_due_reminders(now=found + datetime.timedelta(hours=hours))
    stages = list(BreachReminder.objects.filter(breach=breach).order_by("stage").values_list("stage", flat=True))
    assert stages == [0, 24, 48, 60, 72]
    assert len(mail.outbox) == 5
    assert "3 × 24" in mail.outbox[-1].subject


def test_it_stops_once_the_people_and_the_authority_were_told(cast: Cast) -> None:
    found = timezone.now() - 2 * HOUR
    breach = a_breach(cast, found_at=found)
    tell(cast, breach, Audience.DATA_SUBJECTS)
    assert send_due_reminders(now=found + 25 * HOUR).total == 1
    assert "Lembaga" not in mail.outbox[0].body
    tell(cast, breach, Audience.AUTHORITY)
    assert send_due_reminders(now=found + 49 * HOUR).total == 0
    told = a_breach(cast, found_at=found)
    told_everyone(cast, told)
    assert send_due_reminders(now=found + 80 * HOUR).total == 0


def test_it_takes_the_stage_back_when_the_mail_server_fails(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    breach = a_breach(cast)

    def refuse(self: EmailMessage, fail_silently: bool = False) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(ConnectionRefusedError):
        send_due_reminders(now=timezone.now())
    assert not BreachReminder.objects.exists()
    monkeypatch.undo()
    assert send_due_reminders(now=timezone.now()).sent == {ReminderStage.FOUND: [breach.pk]}


def test_it_runs_the_sweep_as_a_task_in_process_without_redis(cast: Cast) -> None:
    a_breach(cast)
    tasks.send_breach_reminders.delay()
    assert len(mail.outbox) == 1


def test_it_runs_the_sweep_from_the_command(cast: Cast) -> None:
    a_breach(cast, found_at=timezone.now() - 30 * HOUR)
    out = StringIO()
    call_command("send_breach_reminders", stdout=out)
    assert out.getvalue().strip() == "breach reminders sent: 1 (24 h: 1)"
