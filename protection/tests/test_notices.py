"""Incident e-mails are sent once per incident, also when Celery delivers the
task again after a worker died (tasks are acknowledged when they finish)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from joborders.tests.world import TODAY, Japan
from protection.actions.incidents import IncidentDetails, record_incident
from protection.models import IncidentKind
from protection.notices import notify_incident
from protection.tests.world import InJapan, in_japan
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast, japan: Japan) -> InJapan:
    return in_japan(cast, japan)


def test_it_sends_nothing_when_the_task_comes_again_after_the_incident_was_told(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    details = IncidentDetails(
        kind=IncidentKind.ACCIDENT_AT_WORK,
        occurred_on=TODAY - datetime.timedelta(days=1),
        description="Jari terjepit mesin press.",
        in_hospital=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        incident = record_incident(placement_id=world.budi.pk, details=details, by=cast.supervising_officer)
    sent_first = len(mail.outbox)
    assert sent_first == 2

    assert notify_incident(incident_id=incident.pk) == 0
    assert len(mail.outbox) == sent_first


def test_it_sends_an_incident_not_yet_told(world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    details = IncidentDetails(
        kind=IncidentKind.ILLNESS, occurred_on=TODAY - datetime.timedelta(days=1), description="Demam tinggi."
    )
    # The worker died before the task ran: the incident is recorded, nobody told yet.
    with django_capture_on_commit_callbacks(execute=False):
        incident = record_incident(placement_id=world.budi.pk, details=details, by=cast.supervising_officer)
    assert not mail.outbox

    assert notify_incident(incident_id=incident.pk) > 0
    incident.refresh_from_db()
    assert incident.notified_at is not None
