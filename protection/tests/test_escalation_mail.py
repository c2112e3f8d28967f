"""E-mail to the ministry and the embassy when a case reaches them: once,
naming nobody, with the link and the clock."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Membership, Role
from protection.actions.cases import CaseDetails, open_case
from protection.clocks import sweep_case_clocks
from protection.escalation_mail import mail_escalation, recipients
from protection.models import Case, Category, Door, Escalation
from protection.tests.case_world import budis_case
from tests.cast import Cast

pytestmark = pytest.mark.django_db

CaptureCallbacks = Callable[..., Any]
STORY = "Mandor memukul saya di gudang."


def _violence(cast: Cast) -> Case:
    return open_case(
        details=CaseDetails(category=Category.VIOLENCE, description=STORY, participant=cast.budi),
        door=Door.PARTICIPANT,
        by=cast.participant_user,
    )


def test_it_writes_to_the_ministry_and_the_embassy_once_a_case_reaches_them(
    cast: Cast, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _violence(cast)

    [message] = mail.outbox
    assert sorted(message.bcc) == [
        "embassy_officer@example.org",
        "ministry_admin@example.org",
        "ministry_officer@example.org",
    ]
    assert message.to == []
    assert str(case.pk) in message.subject
    assert f"/protection/cases/{case.pk}/" in message.body
    assert "Kekerasan" in message.subject or "kekerasan" in message.body.lower()


def test_it_names_nobody_and_keeps_the_reporters_words_out(
    cast: Cast, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _violence(cast)

    [message] = mail.outbox
    for secret in (STORY, cast.budi.full_name, cast.budi.nik, cast.company.name):
        assert secret not in message.subject
        assert secret not in message.body


def test_it_writes_to_nobody_twice_when_the_task_runs_again(
    cast: Cast, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _violence(cast)
    escalation = case.escalations.get()

    assert mail_escalation(escalation_id=escalation.pk) == 0
    assert len(mail.outbox) == 1


def test_it_takes_the_mark_back_when_the_mail_server_fails(cast: Cast) -> None:
    case = _violence(cast)
    escalation = case.escalations.get()

    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=ConnectionRefusedError),
        pytest.raises(ConnectionRefusedError),
    ):
        mail_escalation(escalation_id=escalation.pk)

    assert Escalation.objects.get(pk=escalation.pk).notified_at is None
    assert mail_escalation(escalation_id=escalation.pk) == 1


def test_it_writes_when_the_clock_sends_a_case_up(
    cast: Cast, django_capture_on_commit_callbacks: CaptureCallbacks
) -> None:
    opened = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(opened, tick=False):
        budis_case(cast)
    assert not mail.outbox

    later = opened + datetime.timedelta(hours=25)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        sweep_case_clocks(now=timezone.now())

    [message] = mail.outbox
    assert "24" in message.body


def test_it_leaves_out_viewers_the_inactive_and_those_without_an_address(cast: Cast) -> None:
    Membership.objects.filter(user=cast.ministry_officer).update(role=Role.VIEWER)
    cast.ministry_admin.email = ""
    cast.ministry_admin.save()
    cast.embassy_officer.is_active = False
    cast.embassy_officer.save()

    assert recipients() == []
