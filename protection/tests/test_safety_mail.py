"""The safety check's e-mail: from the Celery task after the commit, once per
worker with an address, in Indonesian, with a signed link that answers
without login until it expires."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import resolve
from django.utils import timezone

from participants.models import Participant
from protection import safety_mail
from protection.actions.safety import open_safety_check
from protection.models import SafetyCheck, SafetyQuestion
from protection.safety_links import question_id_of, reply_token
from protection.tasks import send_safety_questions
from protection.tests.safety_world import Placed, place, placed, worker
from tests.cast import Cast

pytestmark = pytest.mark.django_db
Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


@pytest.fixture
def world(cast: Cast) -> Placed:
    return placed(cast)


def _opened(cast: Cast, world: Placed, capture: Capture) -> SafetyCheck:
    with capture(execute=True):
        return open_safety_check(event="Gempa Miyagi", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def test_it_emails_each_worker_with_an_address_once_after_the_commit(
    cast: Cast, world: Placed, django_capture_on_commit_callbacks: Capture
) -> None:
    check = _opened(cast, world, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1  # budi has an address, siti none
    sent = mail.outbox[0]
    assert sent.to == ["budi@example.org"]
    assert "Gempa Miyagi" in sent.subject
    question = SafetyQuestion.objects.get(safety_check=check, participant=cast.budi)
    assert question.emailed_at is not None
    link = next(line for line in sent.body.splitlines() if "/protection/safety/reply/" in line).strip()
    assert link.startswith("http://127.0.0.1:8000/")  # SITE_URL's default
    token = resolve(urlsplit(link).path).kwargs["token"]
    assert question_id_of(token) == question.pk
    send_safety_questions(check.pk)  # a retried task
    assert len(mail.outbox) == 1


def test_it_emails_nobody_who_answered_before_the_mail_went_out(
    cast: Cast, world: Placed, django_capture_on_commit_callbacks: Capture
) -> None:
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        check = open_safety_check(event="Topan", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check
    SafetyQuestion.objects.filter(participant=cast.budi).update(answer="safe", answered_at=timezone.now())

    assert safety_mail.send_questions(check_id=check.pk) == 0
    assert mail.outbox == []


def test_it_releases_the_batch_when_the_mail_server_fails(cast: Cast, world: Placed) -> None:
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        check = open_safety_check(event="Topan", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check

    with (
        mock.patch("protection.safety_mail.get_connection", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        safety_mail.send_questions(check_id=check.pk)
    assert SafetyQuestion.objects.get(participant=cast.budi).emailed_at is None
    assert safety_mail.send_questions(check_id=check.pk) == 1


@pytest.mark.parametrize(
    "damage",
    [lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), lambda token: "12" + token[2:], lambda token: ""],
)
def test_it_refuses_an_altered_link(damage: Callable[[str], str]) -> None:
    assert question_id_of(reply_token(41)) == 41
    assert question_id_of(damage(reply_token(41))) is None


def test_it_refuses_a_link_after_it_expires(settings: Any) -> None:
    settings.SAFETY_LINK_DAYS = 14
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        token = reply_token(41)
    with time_machine.travel(now + datetime.timedelta(days=13, hours=23), tick=False):
        assert question_id_of(token) == 41
    with time_machine.travel(now + datetime.timedelta(days=14, minutes=1), tick=False):
        assert question_id_of(token) is None


class WorkerKilled(BaseException):
    """A worker stopping mid-task: not an Exception, so nothing of the task handles it."""


@pytest.fixture
def three_asked(cast: Cast, world: Placed) -> SafetyCheck:
    """budi, siti and another worker in Miyagi, each with an address, asked; the mail not sent yet."""
    Participant.objects.filter(pk=world.siti.participant_id).update(email="siti@example.org")
    third = worker(cast, "Agus Santoso", serial=77)
    Participant.objects.filter(pk=third.pk).update(email="agus@example.org")
    place(cast, third, at=world.miyagi)
    with mock.patch("protection.actions.safety.enqueue_on_commit"):
        return open_safety_check(event="Gempa Miyagi", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def _sent_per_question() -> dict[str, int]:
    return dict(Counter(message.extra_headers["Message-ID"] for message in mail.outbox))


def _dying_send(*, dies_at: int, after_sending: bool) -> Callable[..., int]:
    original, calls = locmem.EmailBackend.send_messages, [0]

    def send_messages(self: locmem.EmailBackend, messages: list[Any]) -> int:
        calls[0] += 1
        if calls[0] == dies_at and not after_sending:
            raise WorkerKilled
        sent = original(self, messages)
        if calls[0] == dies_at:
            raise WorkerKilled
        return sent

    return send_messages


def test_it_emails_each_question_once_when_the_task_is_delivered_twice(three_asked: SafetyCheck) -> None:
    send_safety_questions(three_asked.pk)
    send_safety_questions(three_asked.pk)

    questions = SafetyQuestion.objects.filter(safety_check=three_asked)
    assert _sent_per_question() == {safety_mail.message_id(pk): 1 for pk in questions.values_list("pk", flat=True)}
    assert not questions.filter(emailed_at__isnull=True).exists()


def test_it_emails_the_rest_once_when_its_worker_died_half_way(three_asked: SafetyCheck) -> None:
    with (
        mock.patch.object(locmem.EmailBackend, "send_messages", _dying_send(dies_at=2, after_sending=False)),
        pytest.raises(WorkerKilled),
    ):
        send_safety_questions(three_asked.pk)
    assert len(mail.outbox) == 1
    assert SafetyQuestion.objects.filter(safety_check=three_asked, emailed_at__isnull=False).count() == 1

    send_safety_questions(three_asked.pk)  # delivered again to a new worker

    questions = SafetyQuestion.objects.filter(safety_check=three_asked)
    assert _sent_per_question() == {safety_mail.message_id(pk): 1 for pk in questions.values_list("pk", flat=True)}
    assert not questions.filter(emailed_at__isnull=True).exists()


def test_a_message_sent_as_its_worker_died_goes_again_under_the_same_message_id(three_asked: SafetyCheck) -> None:
    # Killed between the mail server's acceptance and the commit: the one message of that window goes twice.
    with (
        mock.patch.object(locmem.EmailBackend, "send_messages", _dying_send(dies_at=2, after_sending=True)),
        pytest.raises(WorkerKilled),
    ):
        send_safety_questions(three_asked.pk)

    send_safety_questions(three_asked.pk)

    second = SafetyQuestion.objects.filter(safety_check=three_asked).order_by("pk")[1]
    assert sorted(_sent_per_question().values()) == [1, 1, 2]
    assert _sent_per_question()[safety_mail.message_id(second.pk)] == 2
