"""The homes' work items about work in Japan: the arrivals a supervising
organization, an employer or the ministry's officers record."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from home import work
from home.work import work_for
from joborders.tests.world import Japan
from placements.actions.arrival import record_arrival
from placements.tests.builders import FLIGHT_DAY, departed
from placements.tests.gate_world import another_participant
from placements.tests.stay_world import ARRIVAL
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["supervising_officer", "company_officer", "ministry_officer"])
def test_it_asks_the_recorders_for_the_arrival(cast: Cast, japan: Japan, persona: str) -> None:
    placement = departed(cast, japan, cast.budi)

    with translation.override("en"):
        items = work_for(getattr(cast, persona), today=timezone.localdate())

    [item] = [item for item in items if "flown to Japan" in item.text]
    assert item.text == "1 worker has flown to Japan: record the arrival."
    assert [link.url for link in item.examples] == [f"/placements/{placement.pk}/arrival/"]


def test_it_counts_every_arrival_and_names_the_earliest_flights(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(work, "NAMES_SHOWN", 1)
    later = departed(cast, japan, cast.budi)
    earlier = departed(
        cast, japan, another_participant(cast, "Rina Wulandari", 301), flight=FLIGHT_DAY - datetime.timedelta(days=2)
    )

    with translation.override("en"):
        items = work_for(cast.ministry_officer, today=timezone.localdate())

    [item] = [item for item in items if "flown to Japan" in item.text]
    assert item.text == "2 workers have flown to Japan: record their arrival."
    assert [link.url for link in item.examples] == [f"/placements/{earlier.pk}/arrival/"]
    assert later.pk != earlier.pk


@pytest.mark.parametrize("persona", ["lpk_officer", "embassy_officer", "ministry_viewer", "support_officer"])
def test_it_leaves_the_arrival_off_the_readers_homes(cast: Cast, japan: Japan, persona: str) -> None:
    departed(cast, japan, cast.budi)

    with translation.override("en"):
        items = work_for(getattr(cast, persona), today=timezone.localdate())

    assert not [item for item in items if "flown to Japan" in item.text]


def test_it_drops_the_item_once_the_arrival_is_recorded(cast: Cast, japan: Japan) -> None:
    placement = departed(cast, japan, cast.budi)
    record_arrival(placement_id=placement.pk, details=ARRIVAL, by=cast.company_officer)

    with translation.override("en"):
        items = work_for(cast.supervising_officer, today=timezone.localdate())

    assert not [item for item in items if "flown to Japan" in item.text]
