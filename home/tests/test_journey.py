"""A participant's next step: one for every status, the readiness checklist
only while they are getting ready."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from home.journey import journey_of
from participants.models import Status
from tests.cast import Cast


@pytest.mark.parametrize("status", list(Status))
def test_it_has_a_next_step_for_every_status(cast: Cast, status: Status) -> None:
    cast.budi.status = status

    with translation.override("en"):
        journey = journey_of(cast.budi, today=timezone.localdate())

    assert journey.next_step


def test_it_lists_what_is_still_needed_while_getting_ready(cast: Cast) -> None:
    journey = journey_of(cast.budi, today=timezone.localdate())

    assert journey.still_needed


def test_it_stops_showing_the_checklist_once_in_japan(cast: Cast) -> None:
    journey = journey_of(cast.siti, today=timezone.localdate())

    assert journey.still_needed == ()
    assert journey.jobs_url == ""
