"""Workflows of the webhooks: endpoints registered, changed and removed by an
organization's administrators; events fanned out to the endpoints allowed to
see them; deliveries attempted, retried with backoff, and given up.

How a delivery is sent, once or many times:

1. ``fan_out`` (the ``publish_event`` task, after the change committed)
   writes one pending Delivery per endpoint whose organization sees the record.
2. ``attempt_delivery`` (the ``deliver_webhook`` task) claims it in a short
   locked transaction, POSTs outside any transaction (a slow receiver never
   holds a database lock), then records the answer in another. A failure sets
   ``next_attempt_at`` by the backoff schedule.
3. ``due_deliveries`` (the ``deliver_due_webhooks`` sweep, every minute from
   Celery beat or cron) queues every delivery whose next attempt has come.
   Retries are only ever started by this sweep, never by sleeping or a long
   countdown in the broker: the Delivery row is the schedule, so it survives
   a restart of the broker, and a task run in the request (the embedded
   default, no Redis) never waits for a failing receiver a second time.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Organization, User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from webhooks import sending, signing
from webhooks.events import ENDPOINT, Event, make_event
from webhooks.models import (
    ERROR_CHARACTERS,
    SENDING,
    SUBSCRIBABLE,
    Attempt,
    Delivery,
    DeliveryStatus,
    Endpoint,
    EventKind,
    url_problem,
)

DELIVER_TASK = "webhooks.tasks.deliver_webhook"
# The wait after the n-th failed attempt; after the last, the last again.
BACKOFF = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
# Each wait is stretched or shrunk by up to this share, so that deliveries that
# failed together (a receiver down) do not all come back in the same second.
JITTER = 0.2
# Deliveries the sweep queues at once; the rest wait for the next sweep.
SWEEP_BATCH = 500
# Not security-relevant: jitter only spreads retries out.
_jitter = random.Random()  # noqa: S311


class WebhookError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before the next attempt, after ``attempts`` failed ones, with jitter."""
    base = BACKOFF[min(attempts, len(BACKOFF)) - 1]
    return base * _jitter.uniform(1 - JITTER, 1 + JITTER)


# --- endpoints -----------------------------------------------------------------


def create_endpoint(
    *, organization: Organization, url: str, event_kinds: Sequence[str], by: User
) -> tuple[Endpoint, str]:
    """A new endpoint and its secret, which is shown this once."""
    url = url.strip()
    problem = url_problem(url)
    if problem is not None:
        raise WebhookError(str(problem), field="url")
    kinds = [kind for kind in SUBSCRIBABLE if kind in set(event_kinds)]
    if not kinds:
        raise WebhookError(_("Choose at least one event."), field="event_kinds")
    salt = signing.new_salt()
    secret = signing.secret_for(salt)
    with transaction.atomic():
        endpoint = Endpoint.objects.create(
            organization=organization,
            url=url,
            event_kinds=[str(kind) for kind in kinds],
            secret_salt=salt,
            secret_hint=signing.hint_of(secret),
            created_by=by,
        )
        audit.record(
            actor=by,
            action=AuditAction.CREATED,
            target=endpoint,
            changes={"organization": [None, organization.pk], "url": [None, url], "event_kinds": [None, kinds]},
        )
    return endpoint, secret


def _locked(endpoint_id: int) -> Endpoint:
    return Endpoint.objects.select_for_update().get(pk=endpoint_id)


def set_endpoint_active(*, endpoint_id: int, active: bool, by: User) -> Endpoint:
    """Stop or resume sending. Deliveries waiting for a disabled endpoint stay
    in the log and are sent when it is enabled again."""
    with transaction.atomic():
        endpoint = _locked(endpoint_id)
        if endpoint.active == active:
            return endpoint
        endpoint.active = active
        endpoint.version += 1
        endpoint.save(update_fields=["active", "version"])
        audit.record(
            actor=by, action=AuditAction.STATUS_CHANGED, target=endpoint, changes={"active": [not active, active]}
        )
    return endpoint


def rotate_secret(*, endpoint_id: int, by: User) -> tuple[Endpoint, str]:
    """A new secret, shown this once; the old one stops signing at once,
    including the retries of deliveries already in the log."""
    salt = signing.new_salt()
    secret = signing.secret_for(salt)
    with transaction.atomic():
        endpoint = _locked(endpoint_id)
        endpoint.secret_salt = salt
        endpoint.secret_hint = signing.hint_of(secret)
        endpoint.secret_changed_at = timezone.now()
        endpoint.version += 1
        endpoint.save(update_fields=["secret_salt", "secret_hint", "secret_changed_at", "version"])
        audit.record(
            actor=by, action=AuditAction.UPDATED, target=endpoint, changes={"secret": [audit.MASKED, audit.MASKED]}
        )
    return endpoint, secret


def delete_endpoint(*, endpoint_id: int, by: User) -> None:
    """Remove the endpoint with its delivery log; the audit trail keeps what it was."""
    with transaction.atomic():
        endpoint = _locked(endpoint_id)
        audit.record(
            actor=by,
            action=AuditAction.DELETED,
            target=endpoint,
            changes={"url": [endpoint.url, None], "organization": [endpoint.organization_id, None]},
        )
        endpoint.delete()


def send_test_event(*, endpoint_id: int, by: User) -> Delivery:
    """A "ping" to this endpoint only, sent at once, logged like any delivery."""
    now = timezone.now()
    with transaction.atomic():
        endpoint = _locked(endpoint_id)
        event = make_event(
            kind=EventKind.PING, subject_type=ENDPOINT, subject_id=endpoint.pk, from_status="", to_status="", at=now
        )
        delivery = _new_delivery(endpoint, event, now=now)
        delivery.save()
        audit.record(
            actor=by, action=AuditAction.CREATED, target=delivery, changes={"event_kind": [None, EventKind.PING]}
        )
        enqueue_on_commit(DELIVER_TASK, delivery.pk)
    return delivery


def send_again(*, delivery_id: int, by: User) -> Delivery:
    """Send a failed delivery now, or a given-up one with a fresh round of attempts."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if not delivery.may_send_again:
            raise WebhookError(_("Only a failed or given-up delivery can be sent again."))
        before = delivery.status
        if delivery.status == DeliveryStatus.GIVEN_UP:
            delivery.status = DeliveryStatus.PENDING
            delivery.attempts = 0
        delivery.next_attempt_at = timezone.now()
        delivery.version += 1
        delivery.save(update_fields=["status", "attempts", "next_attempt_at", "version"])
        audit.record(
            actor=by,
            action=AuditAction.STATUS_CHANGED,
            target=delivery,
            changes={"sent_again": [before, delivery.status]},
        )
        enqueue_on_commit(DELIVER_TASK, delivery.pk)
    return delivery


# --- events --------------------------------------------------------------------


def _new_delivery(endpoint: Endpoint, event: Event, *, now: datetime.datetime) -> Delivery:
    return Delivery(
        endpoint=endpoint,
        event_id=event["id"],
        event_kind=event["kind"],
        payload=dict(event),
        next_attempt_at=now,
        created_at=now,
    )


def fan_out(event: Event, *, skip_failing: bool = False) -> list[int]:
    """One delivery per endpoint whose organization may see the event's record
    on its own pages; the ids of those to send now. With ``skip_failing``
    (tasks run in the request), an endpoint whose last attempt failed is left
    to the sweep, so a dead receiver never slows the pages down twice.

    Run twice for one event (a worker killed after writing), it writes nothing
    new: one delivery per event and endpoint is a database constraint."""
    subject = event["subject"]
    endpoints = [
        endpoint
        for endpoint in Endpoint.objects.receiving(event["kind"]).select_related("organization")
        if access.organization_sees(endpoint.organization, subject_type=subject["type"], subject_id=subject["id"])
    ]
    if not endpoints:
        return []
    now = timezone.now()
    Delivery.objects.bulk_create([_new_delivery(e, event, now=now) for e in endpoints], ignore_conflicts=True)
    fresh = Delivery.objects.filter(
        event_id=event["id"], endpoint__in=endpoints, status=DeliveryStatus.PENDING, attempts=0
    )
    if skip_failing:
        fresh = fresh.exclude(endpoint__in=[e.pk for e in endpoints if _last_attempt_failed(e)])
    return list(fresh.values_list("pk", flat=True))


def _last_attempt_failed(endpoint: Endpoint) -> bool:
    last = Attempt.objects.filter(delivery__endpoint=endpoint).order_by("-started_at", "-pk").first()
    return last is not None and not last.succeeded


def due_deliveries(*, now: datetime.datetime) -> list[int]:
    """Deliveries of active endpoints whose next attempt has come, oldest first."""
    due = Delivery.objects.due(now).filter(endpoint__active=True).order_by("next_attempt_at", "pk")
    return list(due.values_list("pk", flat=True)[:SWEEP_BATCH])


# --- attempts ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Claim:
    """One attempt taken over by one worker: what it sends, and the version
    of the delivery that proves the attempt is still its own when it records."""

    delivery_id: int
    version: int
    number: int
    url: str
    secret: str
    kind: str
    delivery_uuid: str
    body: bytes


def lease() -> datetime.timedelta:
    """How long a claimed attempt keeps others off: past the POST's timeout.
    A worker killed mid-attempt leaves the delivery due again after it."""
    return datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)


def claim_attempt(*, delivery_id: int, now: datetime.datetime) -> Claim | None:
    """Take the next attempt of a delivery that is due; None if it is not
    (delivered, given up, not yet due, or claimed by another worker). This is
    what makes a redelivered task send nothing twice."""
    with transaction.atomic():
        # The row lock queues two workers on PostgreSQL; the version check in
        # the UPDATE does the same where there is no row lock (SQLite).
        delivery = Delivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or delivery.status not in SENDING:
            return None
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now:
            return None
        version = delivery.version + 1
        taken = Delivery.objects.filter(pk=delivery.pk, version=delivery.version).update(
            attempts=F("attempts") + 1, next_attempt_at=now + lease(), version=version
        )
        if not taken:
            return None
        number = Attempt.objects.filter(delivery=delivery).count() + 1
    endpoint = delivery.endpoint
    return Claim(
        delivery_id=delivery.pk,
        version=version,
        number=number,
        url=endpoint.url,
        secret=signing.secret_for(endpoint.secret_salt),
        kind=delivery.event_kind,
        delivery_uuid=str(delivery.delivery_id),
        body=sending.body_of(delivery.payload),
    )


def record_attempt(*, claim: Claim, answer: sending.Answer, started_at: datetime.datetime) -> Delivery | None:
    """Log the attempt and move the delivery on: delivered, failed (next
    attempt by the backoff) or given up after WEBHOOK_MAX_ATTEMPTS. None if
    the claim was lost meanwhile (its lease ran out and another took over)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=claim.delivery_id)
        if delivery.version != claim.version:
            return None
        Attempt.objects.create(
            delivery=delivery,
            number=claim.number,
            started_at=started_at,
            duration_ms=answer.duration_ms,
            response_code=answer.code,
            error=answer.error[:ERROR_CHARACTERS],
        )
        if answer.ok:
            to, next_at = DeliveryStatus.DELIVERED, None
            delivery.delivered_at = now
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            to, next_at = DeliveryStatus.GIVEN_UP, None
        else:
            to, next_at = DeliveryStatus.FAILED, now + backoff(delivery.attempts)
        if not delivery.can_move_to(to):
            raise WebhookError(f"delivery {delivery.pk}: {delivery.status} → {to} is not allowed")
        delivery.status, delivery.next_attempt_at = to, next_at
        delivery.last_response_code, delivery.last_error = answer.code, answer.error[:ERROR_CHARACTERS]
        delivery.version += 1
        delivery.save(
            update_fields=[
                "status",
                "next_attempt_at",
                "delivered_at",
                "last_response_code",
                "last_error",
                "version",
            ]
        )
    return delivery


def attempt_delivery(*, delivery_id: int) -> DeliveryStatus | None:
    """One attempt of a delivery if it is due: claim, POST, record. The POST
    runs outside any transaction."""
    claim = claim_attempt(delivery_id=delivery_id, now=timezone.now())
    if claim is None:
        return None
    started_at = timezone.now()
    body_headers = sending.headers_for(
        secret=claim.secret,
        kind=claim.kind,
        delivery_id=claim.delivery_uuid,
        body=claim.body,
        timestamp=int(time.time()),
    )
    answer = sending.post(url=claim.url, body=claim.body, headers=body_headers)
    delivery = record_attempt(claim=claim, answer=answer, started_at=started_at)
    return None if delivery is None else DeliveryStatus(delivery.status)
