"""A participant's next step: one for every status, the readiness checklist
only while they are getting ready."""

from __future__ import annotations

import zoneinfo
from pathlib import Path

import pytest
from django.utils import timezone, translation

from home.journey import journey_of
from joborders.tests.world import Japan, on_day
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


def test_it_names_the_interview_coming_up_on_indonesian_time(cast: Cast, japan: Japan, media: Path) -> None:
    from placements.tests.world import build_selection, schedule  # noqa: PLC0415

    with on_day():
        selection = build_selection(cast, japan)
        ana = selection.candidates[0]
        interview = schedule(selection, ana, cast.company_officer, hours=26)
        with translation.override("en"):
            journey = journey_of(ana, today=timezone.localdate())
    local = interview.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta"))
    assert f"{local:%H:%M} WIB" in journey.next_step
    assert "Welder" in journey.next_step
    assert journey.selection_url == f"/placements/participants/{ana.pk}/"


def test_it_asks_for_an_answer_to_the_offer(cast: Cast, japan: Japan, media: Path) -> None:
    from placements.tests.world import build_selection, select  # noqa: PLC0415

    with on_day():
        selection = build_selection(cast, japan)
        ana = selection.candidates[0]
        select(selection, ana, cast.company_officer)
        ana.refresh_from_db()
        with translation.override("en"):
            journey = journey_of(ana, today=timezone.localdate())
    assert journey.next_step == "You have a job offer from Sendai Steel. Read it and answer: accept or decline."
