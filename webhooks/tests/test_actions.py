"""Delivering: attempts logged, retried with backoff by the sweep, given up
after WEBHOOK_MAX_ATTEMPTS, never sent twice; endpoints managed with audit."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from pytest_django.fixtures import Settings

from audit.models import AuditAction, AuditEntry
from tests.cast import Cast
from webhooks import actions, sending, signing, tasks
from webhooks.events import PARTICIPANT, Event, make_event
from webhooks.models import Delivery, DeliveryStatus, Endpoint, EventKind
from webhooks.tests.receiver import Receiver
from webhooks.tests.world import endpoint_for

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 2, 0, tzinfo=datetime.UTC)
Capture = Any


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


def budis_event(cast: Cast) -> Event:
    return make_event(
        kind=EventKind.PARTICIPANT_STATUS,
        subject_type=PARTICIPANT,
        subject_id=cast.budi.pk,
        from_status="registered",
        to_status="in_training",
        at=timezone.now(),
    )


def published(cast: Cast) -> Delivery:
    """Budi's event fanned out and sent once, as the task does."""
    tasks.publish_event(budis_event(cast))
    return Delivery.objects.get()


def sweep() -> int:
    return int(tasks.deliver_due_webhooks())


def test_it_retries_a_failing_receiver_until_it_accepts_logging_each_attempt(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller
) -> None:
    receiver.answers = [500]
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)

    assert delivery.status == DeliveryStatus.FAILED
    assert (delivery.attempts, delivery.last_response_code) == (1, 500)
    assert "receiver is down" in delivery.last_error
    assert delivery.next_attempt_at is not None
    wait = delivery.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=45) < wait <= datetime.timedelta(seconds=72)
    assert sweep() == 0  # not due yet: nothing is sent before its time

    clock.shift(datetime.timedelta(minutes=2))
    assert sweep() == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert (delivery.attempts, delivery.last_response_code, delivery.last_error) == (2, 200, "")
    assert delivery.next_attempt_at is None
    assert delivery.delivered_at is not None
    assert [(a.number, a.response_code) for a in delivery.attempt_log.all()] == [(1, 500), (2, 200)]
    assert [r.delivery for r in receiver.received] == [str(delivery.delivery_id)] * 2
    assert all(r.signature_valid for r in receiver.received)


def test_it_gives_up_after_the_maximum_attempts(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.answers = [503] * 10
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)
    for _ in range(5):
        clock.shift(datetime.timedelta(hours=7))
        sweep()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP
    assert (delivery.attempts, delivery.next_attempt_at) == (3, None)
    assert len(receiver.received) == 3
    assert [a.response_code for a in delivery.attempt_log.all()] == [503, 503, 503]


def test_it_waits_longer_after_each_failure(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller, settings: Settings
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 7
    receiver.answers = [500] * 10
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)
    waits = []
    for _ in range(6):
        delivery.refresh_from_db()
        assert delivery.next_attempt_at is not None
        waits.append((delivery.next_attempt_at - timezone.now()).total_seconds())
        clock.move_to(delivery.next_attempt_at + datetime.timedelta(seconds=1))
        sweep()

    expected = [60, 300, 1800, 7200, 21600, 21600]
    for wait, base in zip(waits, expected, strict=True):
        assert base * 0.8 - 2 <= wait <= base * 1.2
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.GIVEN_UP


def test_it_spreads_retries_with_jitter() -> None:
    waits = {actions.backoff(2) for _ in range(20)}
    assert len(waits) > 1
    assert all(datetime.timedelta(minutes=4) <= wait <= datetime.timedelta(minutes=6) for wait in waits)
    assert actions.backoff(9) <= datetime.timedelta(hours=7.2)


def test_it_retries_when_no_answer_comes(cast: Cast, clock: time_machine.Traveller) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    endpoint_for(cast.lpk, url=f"http://127.0.0.1:{closed_port}/hooks")
    delivery = published(cast)

    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_response_code is None
    assert "ConnectionError" in delivery.last_error
    assert delivery.attempt_log.get().response_code is None


def test_it_does_not_follow_a_redirect(cast: Cast, receiver: Receiver, clock: time_machine.Traveller) -> None:
    receiver.answers = [302]
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)

    assert (delivery.status, delivery.last_response_code) == (DeliveryStatus.FAILED, 302)
    assert len(receiver.received) == 1


def test_it_sends_a_delivered_delivery_no_second_time(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller
) -> None:
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)
    assert delivery.status == DeliveryStatus.DELIVERED

    # The broker delivers the task again (a worker died before acknowledging it).
    tasks.deliver_webhook(delivery.pk)
    tasks.publish_event(Event(**delivery.payload))  # type: ignore[typeddict-item]
    clock.shift(datetime.timedelta(days=1))
    sweep()

    assert len(receiver.received) == 1
    assert Delivery.objects.count() == 1
    assert delivery.attempt_log.count() == 1


def test_it_lets_one_worker_only_claim_an_attempt(cast: Cast, clock: time_machine.Traveller) -> None:
    endpoint = endpoint_for(cast.lpk)
    [delivery_id] = actions.fan_out(budis_event(cast))
    now = timezone.now()

    first = actions.claim_attempt(delivery_id=delivery_id, now=now)
    second = actions.claim_attempt(delivery_id=delivery_id, now=now)

    assert first is not None
    assert second is None
    assert first.url == endpoint.url
    assert first.secret == signing.secret_for(endpoint.secret_salt)
    # After the lease (a worker killed mid-attempt) the delivery is due again.
    later = now + actions.lease() + datetime.timedelta(seconds=1)
    assert actions.due_deliveries(now=later) == [delivery_id]
    assert actions.claim_attempt(delivery_id=delivery_id, now=later) is not None


def test_it_records_nothing_for_a_claim_that_was_lost(cast: Cast, clock: time_machine.Traveller) -> None:
    endpoint_for(cast.lpk)
    [delivery_id] = actions.fan_out(budis_event(cast))
    now = timezone.now()
    stale = actions.claim_attempt(delivery_id=delivery_id, now=now)
    assert stale is not None
    fresh = actions.claim_attempt(delivery_id=delivery_id, now=now + actions.lease() + datetime.timedelta(seconds=1))
    assert fresh is not None

    answer = sending.Answer(code=200, error="", duration_ms=5)
    assert actions.record_attempt(claim=stale, answer=answer, started_at=now) is None
    delivered = actions.record_attempt(claim=fresh, answer=answer, started_at=now)

    assert delivered is not None
    assert delivered.status == DeliveryStatus.DELIVERED
    assert [a.number for a in delivered.attempt_log.all()] == [1]


def test_it_leaves_a_failing_receiver_to_the_sweep_when_tasks_run_in_the_request(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller
) -> None:
    receiver.answers = [500, 500]
    endpoint_for(cast.lpk, receiver)
    published(cast)
    tasks.publish_event(budis_event(cast))  # a second change while the receiver is failing

    assert len(receiver.received) == 1  # the request did not wait for it again
    waiting = Delivery.objects.filter(attempts=0).get()
    assert waiting.status == DeliveryStatus.PENDING
    assert actions.due_deliveries(now=timezone.now()) == [waiting.pk]


def test_it_sends_a_given_up_delivery_again_with_a_fresh_round(
    cast: Cast,
    receiver: Receiver,
    clock: time_machine.Traveller,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [500]
    endpoint_for(cast.lpk, receiver)
    delivery = published(cast)
    assert delivery.status == DeliveryStatus.GIVEN_UP

    with django_capture_on_commit_callbacks(execute=True):
        actions.send_again(delivery_id=delivery.pk, by=cast.ministry_admin)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert [a.number for a in delivery.attempt_log.all()] == [1, 2]
    assert AuditEntry.objects.for_object(delivery).filter(action=AuditAction.STATUS_CHANGED).exists()
    with pytest.raises(actions.WebhookError):
        actions.send_again(delivery_id=delivery.pk, by=cast.ministry_admin)


def test_it_signs_with_the_new_secret_once_rotated(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint = endpoint_for(cast.lpk, receiver)
    old = receiver.secret
    endpoint, new = actions.rotate_secret(endpoint_id=endpoint.pk, by=cast.ministry_admin)
    receiver.secret = new
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_test_event(endpoint_id=endpoint.pk, by=cast.ministry_admin)

    [got] = receiver.received
    assert new != old
    assert got.signature_valid
    assert got.event == EventKind.PING
    assert not signing.verify(old, got.signature, got.body, now=int(timezone.now().timestamp()))
    assert endpoint.secret_hint == new[:10]
    entry = AuditEntry.objects.for_object(endpoint).get(action=AuditAction.UPDATED)
    assert new not in str(entry.changes)
    assert endpoint.secret_salt not in str(entry.changes)


def test_it_keeps_no_secret_in_the_database(cast: Cast) -> None:
    endpoint, secret = actions.create_endpoint(
        organization=cast.lpk,
        url="https://partner.example/hooks",
        event_kinds=[EventKind.PARTICIPANT_STATUS],
        by=cast.ministry_admin,
    )
    stored = Endpoint.objects.filter(pk=endpoint.pk).values().get()
    assert secret not in str(stored)
    assert AuditEntry.objects.for_object(endpoint).filter(action=AuditAction.CREATED).exists()
    assert all(secret not in str(changes) for changes in AuditEntry.objects.values_list("changes", flat=True))


@pytest.mark.parametrize(
    ("url", "kinds", "field"),
    [
        ("http://partner.example/hooks", [EventKind.PARTICIPANT_STATUS], "url"),
        ("https://partner.example/hooks", [], "event_kinds"),
        ("https://partner.example/hooks", [EventKind.PING], "event_kinds"),
    ],
)
def test_it_refuses_an_endpoint_it_could_not_send_to(cast: Cast, url: str, kinds: list[str], field: str) -> None:
    with pytest.raises(actions.WebhookError) as refused:
        actions.create_endpoint(organization=cast.lpk, url=url, event_kinds=kinds, by=cast.ministry_admin)
    assert refused.value.field == field
    assert not Endpoint.objects.exists()


def test_it_stops_sending_to_a_disabled_endpoint_until_enabled(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller
) -> None:
    receiver.answers = [500]
    endpoint = endpoint_for(cast.lpk, receiver)
    delivery = published(cast)
    actions.set_endpoint_active(endpoint_id=endpoint.pk, active=False, by=cast.ministry_admin)
    clock.shift(datetime.timedelta(minutes=10))
    assert sweep() == 0

    actions.set_endpoint_active(endpoint_id=endpoint.pk, active=True, by=cast.ministry_admin)
    assert sweep() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert AuditEntry.objects.for_object(endpoint).filter(action=AuditAction.STATUS_CHANGED).count() == 2


def test_it_deletes_an_endpoint_with_its_log_and_audits_it(
    cast: Cast, receiver: Receiver, clock: time_machine.Traveller
) -> None:
    endpoint = endpoint_for(cast.lpk, receiver)
    published(cast)
    actions.delete_endpoint(endpoint_id=endpoint.pk, by=cast.ministry_admin)

    assert not Endpoint.objects.exists()
    assert not Delivery.objects.exists()
    assert AuditEntry.objects.for_object(endpoint).filter(action=AuditAction.DELETED).exists()
