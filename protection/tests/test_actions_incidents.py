"""Incidents of a stay in Japan: recorded once, where the placements app
keeps an ending, and told to those each kind concerns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from joborders.tests.world import TODAY, Japan
from participants.models import Status
from placements.actions.endings import EndingDetails, MissingDetails, end_placement, record_missing
from placements.models import Disappearance, DisappearanceEnd, Ending
from protection.actions.incidents import IncidentDetails, IncidentRefused, record_incident
from protection.models import Incident, IncidentKind
from protection.tests.world import InJapan, in_japan
from tests.cast import Cast

pytestmark = pytest.mark.django_db

YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def world(cast: Cast, japan: Japan) -> InJapan:
    return in_japan(cast, japan)


def _record(world: InJapan, cast: Cast, capture: Any, **values: Any) -> Incident:
    details = IncidentDetails(**{"occurred_on": YESTERDAY, "description": "Jari terjepit mesin press.", **values})
    with capture(execute=True):
        return record_incident(placement_id=world.budi.pk, details=details, by=cast.supervising_officer)


def _told(language_word: str) -> set[str]:
    """The addresses of the messages whose subject is in one language."""
    return {address for message in mail.outbox if language_word in message.subject for address in message.to}


def _everyone() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_it_keeps_an_accident_and_tells_the_lpk_the_japanese_side_and_the_ministry(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    incident = _record(
        world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.ACCIDENT_AT_WORK, in_hospital=True
    )
    assert incident.happened_on == YESTERDAY
    assert incident.what_happened == "Jari terjepit mesin press."
    assert _everyone() == {
        "lpk_officer@example.org",
        "ministry_admin@example.org",
        "ministry_officer@example.org",
        "supervising_officer@example.org",
        "company_officer@example.org",
    }
    # Two messages: the Indonesian side's and the Japanese side's.
    assert len(mail.outbox) == 2
    incident.refresh_from_db()
    assert incident.notified_at is not None


def test_it_tells_only_the_lpk_and_the_supervising_organization_of_an_illness(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _record(world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.ILLNESS, description="Demam berdarah.")
    assert _everyone() == {"lpk_officer@example.org", "supervising_officer@example.org"}


def test_it_records_a_death_as_the_placements_ending_and_tells_the_embassy(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    incident = _record(
        world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DEATH, description="Kecelakaan lalu lintas."
    )
    world.budi.refresh_from_db()
    assert world.budi.ending == Ending.DECEASED
    assert world.budi.participant.status == Status.DECEASED
    # The day and the story are the placement's, not kept twice.
    assert incident.occurred_on is None
    assert incident.description == ""
    assert incident.happened_on == YESTERDAY
    assert incident.what_happened == "Kecelakaan lalu lintas."
    assert "embassy_officer@example.org" in _everyone()


def test_it_records_a_disappearance_through_the_placements_app(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    incident = _record(
        world,
        cast,
        django_capture_on_commit_callbacks,
        kind=IncidentKind.DISAPPEARANCE,
        description="Tidak kembali ke asrama.",
        last_contact_on=YESTERDAY - datetime.timedelta(days=1),
    )
    disappearance = Disappearance.objects.get(placement=world.budi)
    assert incident.disappearance == disappearance
    assert disappearance.last_contact_on == YESTERDAY - datetime.timedelta(days=1)
    assert incident.happened_on == YESTERDAY
    assert "embassy_officer@example.org" in _everyone()


def test_it_links_a_disappearance_the_placements_pages_recorded_instead_of_a_second(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    missing = MissingDetails(
        missing_since=YESTERDAY,
        last_contact_on=YESTERDAY,
        police_reported_on=None,
        otit_reported_on=None,
        circumstances="Hilang.",
    )
    recorded = record_missing(placement_id=world.budi.pk, details=missing, by=cast.supervising_officer)
    incident = _record(
        world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DISAPPEARANCE, occurred_on=None
    )
    assert incident.disappearance == recorded
    assert Disappearance.objects.count() == 1
    assert incident.what_happened == "Hilang."


def test_it_closes_a_missing_persons_disappearance_when_they_are_known_dead(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _record(world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DISAPPEARANCE, description="Hilang.")
    death = _record(
        world,
        cast,
        django_capture_on_commit_callbacks,
        kind=IncidentKind.DEATH,
        occurred_on=TODAY,
        description="Ditemukan meninggal.",
    )
    disappearance = Disappearance.objects.get(placement=world.budi)
    assert disappearance.closed_as == DisappearanceEnd.DECEASED
    assert death.disappearance == disappearance
    assert death.happened_on == TODAY


def test_it_records_an_early_return_as_the_placements_ending(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _record(
        world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.EARLY_RETURN, description="Sakit, pulang."
    )
    world.budi.refresh_from_db()
    assert world.budi.ending == Ending.RETURNED_EARLY
    assert "embassy_officer@example.org" not in _everyone()
    assert "ministry_officer@example.org" in _everyone()


def test_it_refuses_the_same_ending_twice(world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    _record(world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DEATH, description="Meninggal.")
    with pytest.raises(IncidentRefused) as refused:
        _record(world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DEATH, description="Meninggal.")
    assert "kind" in refused.value.problems
    assert Incident.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": IncidentKind.ACCIDENT_AT_WORK, "occurred_on": TODAY + datetime.timedelta(days=1)}, "occurred_on"),
        ({"kind": IncidentKind.ILLNESS, "occurred_on": None}, "occurred_on"),
        ({"kind": IncidentKind.ILLNESS, "description": "  "}, "description"),
        ({"kind": IncidentKind.DEATH, "occurred_on": TODAY + datetime.timedelta(days=1)}, "occurred_on"),
        ({"kind": IncidentKind.DISAPPEARANCE, "description": ""}, "description"),
        ({"kind": IncidentKind.EARLY_RETURN, "occurred_on": None}, "occurred_on"),
    ],
)
def test_it_refuses_bad_input_at_its_field_and_saves_nothing(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(IncidentRefused) as refused:
        _record(world, cast, django_capture_on_commit_callbacks, **values)
    assert field in refused.value.problems
    assert not Incident.objects.exists()
    world.budi.refresh_from_db()
    assert world.budi.ending == ""
    assert not mail.outbox


def test_it_links_a_death_the_placements_pages_recorded_and_tells_everyone(
    world: InJapan, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    ending = EndingDetails(ending=Ending.DECEASED, ended_on=YESTERDAY, reason="Serangan jantung.")
    end_placement(placement_id=world.budi.pk, details=ending, by=cast.supervising_officer)
    incident = _record(world, cast, django_capture_on_commit_callbacks, kind=IncidentKind.DEATH, occurred_on=None)
    assert incident.happened_on == YESTERDAY
    assert incident.what_happened == "Serangan jantung."
    assert "embassy_officer@example.org" in _everyone()
