"""Reporting a breach, recording who was told, and moving it along: each a
checked step with its audit row, refused whole with the reason at its field."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditAction, AuditEntry
from breaches.actions import BreachRefused, NotificationDetails, change_status, record_notification
from breaches.models import Audience, Breach, BreachNotification, BreachStatus, Channel
from breaches.tests.world import STORY, a_breach, tell, told_everyone
from tests.cast import Cast

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def test_it_records_a_report_from_an_lpk_as_suspected_and_from_the_ministry_as_confirmed(cast: Cast) -> None:
    suspected = a_breach(cast)
    assert suspected.status == BreachStatus.SUSPECTED
    assert list(suspected.organizations.all()) == [cast.lpk]
    confirmed = a_breach(cast, by=cast.ministry_officer)
    assert confirmed.status == BreachStatus.CONFIRMED
    assert confirmed.reporting_organization == cast.ministry


def test_it_audits_the_report_without_its_story(cast: Cast) -> None:
    breach = a_breach(cast)
    entry = AuditEntry.objects.get(target_type="breaches.breach", target_id=str(breach.pk))
    assert entry.action == AuditAction.CREATED
    assert entry.actor == cast.lpk_officer
    assert entry.changes["subjects_count"] == [None, 412]
    assert STORY not in str(entry.changes)


def test_it_tells_the_ministrys_administrators_once_the_report_commits(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        a_breach(cast)
    assert [message.bcc for message in mail.outbox] == [[cast.ministry_admin.email]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"found_at": timezone.now() + HOUR}, "found_at"),
        ({"occurred_at": timezone.now(), "found_at": timezone.now() - HOUR}, "occurred_at"),
        ({"data_kinds": []}, "data_kinds"),
        ({"title": "   "}, "title"),
        ({"description": ""}, "description"),
    ],
)
def test_it_refuses_a_report_that_cannot_be_true_and_saves_nothing(
    cast: Cast, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(BreachRefused) as refused:
        a_breach(cast, **overrides)
    assert field in refused.value.problems
    assert not Breach.objects.exists()
    assert not AuditEntry.objects.filter(target_type="breaches.breach").exists()


def _told(breach: Breach, **overrides: object) -> NotificationDetails:
    values: dict[str, Any] = {
        "audience": Audience.DATA_SUBJECTS,
        "told_at": timezone.now(),
        "channel": Channel.SMS,
        "recipients": "412 peserta",
        **overrides,
    }
    return NotificationDetails(**values)


def test_it_records_who_was_told_with_an_audit_row(cast: Cast) -> None:
    breach = a_breach(cast)
    notification = record_notification(breach_id=breach.pk, details=_told(breach), by=cast.ministry_officer)
    assert notification.recorded_by == cast.ministry_officer
    entry = AuditEntry.objects.get(target_type="breaches.breachnotification")
    assert entry.changes["audience"] == [None, "data_subjects"]


@pytest.mark.parametrize(
    ("when", "field"),
    [(HOUR, "told_at"), (-3 * HOUR, "told_at")],
    ids=["in the future", "before it was found"],
)
def test_it_refuses_a_notice_at_an_impossible_moment(cast: Cast, when: datetime.timedelta, field: str) -> None:
    breach = a_breach(cast, found_at=timezone.now() - 2 * HOUR)
    with pytest.raises(BreachRefused) as refused:
        record_notification(
            breach_id=breach.pk, details=_told(breach, told_at=timezone.now() + when), by=cast.ministry_officer
        )
    assert field in refused.value.problems
    assert not BreachNotification.objects.exists()


def test_it_refuses_a_notice_without_recipients(cast: Cast) -> None:
    breach = a_breach(cast)
    with pytest.raises(BreachRefused) as refused:
        record_notification(breach_id=breach.pk, details=_told(breach, recipients=" "), by=cast.ministry_officer)
    assert "recipients" in refused.value.problems


def test_it_closes_a_breach_only_once_the_people_and_the_authority_were_told(cast: Cast) -> None:
    breach = a_breach(cast, by=cast.ministry_officer)
    tell(cast, breach, Audience.DATA_SUBJECTS)
    with pytest.raises(BreachRefused) as refused:
        change_status(breach_id=breach.pk, to=BreachStatus.CLOSED, outcome="Selesai.", by=cast.ministry_officer)
    assert None in refused.value.problems
    tell(cast, breach, Audience.AUTHORITY)
    closed = change_status(breach_id=breach.pk, to=BreachStatus.CLOSED, outcome="Selesai.", by=cast.ministry_officer)
    assert closed.status == BreachStatus.CLOSED
    entry = AuditEntry.objects.get(target_type="breaches.breach", action=AuditAction.STATUS_CHANGED)
    assert entry.changes == {"status": ["confirmed", "closed"]}


def test_it_asks_why_a_breach_is_dismissed_or_closed(cast: Cast) -> None:
    breach = a_breach(cast)
    with pytest.raises(BreachRefused) as refused:
        change_status(breach_id=breach.pk, to=BreachStatus.DISMISSED, outcome="  ", by=cast.ministry_officer)
    assert "outcome" in refused.value.problems
    assert Breach.objects.get().status == BreachStatus.SUSPECTED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (BreachStatus.SUSPECTED, BreachStatus.CLOSED),
        (BreachStatus.CONFIRMED, BreachStatus.DISMISSED),
        (BreachStatus.CONFIRMED, BreachStatus.CONFIRMED),
        (BreachStatus.DISMISSED, BreachStatus.CONFIRMED),
        (BreachStatus.CLOSED, BreachStatus.CONFIRMED),
    ],
)
def test_it_refuses_a_move_the_table_does_not_allow(cast: Cast, start: BreachStatus, to: BreachStatus) -> None:
    breach = a_breach(cast, by=cast.ministry_officer if start != BreachStatus.SUSPECTED else None)
    if start == BreachStatus.DISMISSED:
        breach = a_breach(cast)
        change_status(breach_id=breach.pk, to=start, outcome="Salah lapor.", by=cast.ministry_officer)
    if start == BreachStatus.CLOSED:
        told_everyone(cast, breach)
        change_status(breach_id=breach.pk, to=start, outcome="Selesai.", by=cast.ministry_officer)
    with pytest.raises(BreachRefused):
        change_status(breach_id=breach.pk, to=to, outcome="Alasan.", by=cast.ministry_officer)
    assert Breach.objects.get(pk=breach.pk).status == start


def test_it_records_nothing_more_on_a_closed_breach(cast: Cast) -> None:
    breach = a_breach(cast)
    change_status(breach_id=breach.pk, to=BreachStatus.DISMISSED, outcome="Salah lapor.", by=cast.ministry_officer)
    with pytest.raises(BreachRefused):
        record_notification(breach_id=breach.pk, details=_told(breach), by=cast.ministry_officer)
