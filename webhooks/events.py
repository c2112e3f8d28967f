"""Which changes become webhook events, and where they are picked up.

Every status in the lifecycle changes in one action per kind, and that action
writes a history row in its transaction (participants, grievances, job
orders, offers); a placement keeps no history row, so its own save is
watched instead. Those rows are the one hook point per kind: a receiver on
them, connected in ``WebhooksConfig.ready``, turns the change into an event.
This is the one place the project listens to signals, deliberately: the
webhooks app sits above every other one, and the apps below must not import
it (imports run one way), nor should each of their actions remember to call
it.

Only changes are events: the first status a record is created with is not
(imports register thousands of participants in one statement, and an event
for each would tell a partner nothing its pages do not).

Nothing is queued before the change commits: the event is handed over in
``transaction.on_commit``, so a rolled-back change sends nothing, and
``robust`` so that no failure of the webhooks ever fails the request that
made the change (it is logged instead).
"""

from __future__ import annotations

import datetime
import uuid
from functools import partial
from typing import Any, TypedDict

from django.db import transaction
from django.db.models.signals import post_save, pre_save

from config.celery import registered_task
from joborders.models import JobOrderStatusChange
from participants.models import StatusChange as ParticipantStatusChange
from placements.models import OfferStatusChange, Placement
from protection.models import StatusChange as CaseStatusChange
from webhooks.models import Endpoint, EventKind

# What kind of record an event is about, as the payload names it.
PARTICIPANT = "participant"
PLACEMENT = "placement"
GRIEVANCE = "grievance"
JOB_ORDER = "job_order"
OFFER = "offer"
ENDPOINT = "endpoint"

# Functional syntax: "type" and "id" are the payload's keys, and builtins' names.
Subject = TypedDict("Subject", {"type": str, "id": int})  # noqa: UP013


class Event(TypedDict):
    """The payload of one event, as sent: ids and statuses only. No names, no
    reasons (a reason is free text and may name people), no reporter."""

    id: str
    kind: str
    occurred_at: str
    subject: Subject
    from_status: str
    to_status: str


def make_event(
    *, kind: EventKind, subject_type: str, subject_id: int, from_status: str, to_status: str, at: datetime.datetime
) -> Event:
    return Event(
        id=str(uuid.uuid4()),
        kind=str(kind),
        occurred_at=at.isoformat(),
        subject=Subject(type=subject_type, id=subject_id),
        from_status=from_status,
        to_status=to_status,
    )


def publish(event: Event) -> None:
    """Hand the event to the fan-out once the current transaction commits."""
    transaction.on_commit(partial(_queue, event), robust=True)


def _queue(event: Event) -> None:
    # Most changes go to no endpoint at all: one indexed query saves a task per change.
    if Endpoint.objects.receiving(event["kind"]).exists():
        registered_task("webhooks.tasks.publish_event").delay(event)


def _history_receiver(kind: EventKind, subject_type: str, subject_field: str, at_field: str) -> Any:
    def receive(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
        if not created or raw or not instance.from_status:
            return
        publish(
            make_event(
                kind=kind,
                subject_type=subject_type,
                subject_id=getattr(instance, subject_field),
                from_status=str(instance.from_status),
                to_status=str(instance.to_status),
                at=getattr(instance, at_field),
            )
        )

    return receive


_STATUS_BEFORE = "_webhooks_status_before"


def _remember_placement_status(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Read the status a saved placement had, only for a save that may change it."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields is not None and "status" not in update_fields):
        return
    before = type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    setattr(instance, _STATUS_BEFORE, before)


def _placement_saved(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    before = instance.__dict__.pop(_STATUS_BEFORE, None)
    if created or raw or not before or before == instance.status:
        return
    publish(
        make_event(
            kind=EventKind.PLACEMENT_STATUS,
            subject_type=PLACEMENT,
            subject_id=instance.pk,
            from_status=str(before),
            to_status=str(instance.status),
            at=instance.status_changed_at,
        )
    )


def connect() -> None:
    """Called once from ``WebhooksConfig.ready``."""
    hooks = [
        (ParticipantStatusChange, EventKind.PARTICIPANT_STATUS, PARTICIPANT, "participant_id", "changed_at"),
        (CaseStatusChange, EventKind.GRIEVANCE_STATUS, GRIEVANCE, "case_id", "at"),
        (JobOrderStatusChange, EventKind.JOB_ORDER_STATUS, JOB_ORDER, "job_order_id", "changed_at"),
        (OfferStatusChange, EventKind.OFFER_STATUS, OFFER, "offer_id", "changed_at"),
    ]
    for model, kind, subject_type, subject_field, at_field in hooks:
        post_save.connect(
            _history_receiver(kind, subject_type, subject_field, at_field),
            sender=model,
            weak=False,
            dispatch_uid=f"webhooks:{kind}",
        )
    pre_save.connect(_remember_placement_status, sender=Placement, dispatch_uid="webhooks:placement-before")
    post_save.connect(_placement_saved, sender=Placement, dispatch_uid="webhooks:placement")
