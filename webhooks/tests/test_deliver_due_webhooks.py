"""``manage.py deliver_due_webhooks``: the sweep for machines without Celery beat."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tests.cast import Cast
from webhooks import tasks
from webhooks.models import Delivery, DeliveryStatus
from webhooks.tests.receiver import Receiver
from webhooks.tests.test_actions import START, budis_event
from webhooks.tests.world import endpoint_for

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("deliver_due_webhooks", stdout=out)
    return out.getvalue()


def test_it_sends_the_retries_that_are_due_and_nothing_else(cast: Cast, receiver: Receiver) -> None:
    receiver.answers = [500]
    endpoint_for(cast.lpk, receiver)
    with time_machine.travel(START, tick=True) as clock:
        tasks.publish_event(budis_event(cast))
        assert run() == "deliveries attempted: 0\n"

        clock.shift(datetime.timedelta(minutes=2))
        assert run() == "deliveries attempted: 1 (delivered: 1)\n"
        assert run() == "deliveries attempted: 0\n"

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    assert len(receiver.received) == 2
