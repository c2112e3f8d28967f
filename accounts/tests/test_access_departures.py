"""Who sees a placement's pre-departure gate, who records which of its items,
and who sees and plans departure cohorts (accounts.access.placements)."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts import access
from placements.models import Placement
from placements.tests.gate_world import departing, planned_cohort
from reference.models import GateItem
from tests.cast import Cast

pytestmark = pytest.mark.django_db

EVERY_ITEM = frozenset(GateItem) - {GateItem.MEDICAL}
JAPAN_ITEMS = frozenset(
    {
        GateItem.PLAN_CERTIFICATION,
        GateItem.ESD_PLAN_CERTIFICATION,
        GateItem.COE,
        GateItem.EMPLOYMENT_CONTRACT,
        GateItem.SUPPORT_PLAN,
    }
)
# Budi: trained at the cast's BLK, enrolled with its LPK/SO, going to the cast's company.
RECORDS = {
    "ministry_admin": EVERY_ITEM,
    "ministry_officer": EVERY_ITEM,
    "ministry_viewer": frozenset(),
    "blk_officer": frozenset(),
    "lpk_officer": EVERY_ITEM,
    "lpk_viewer": frozenset(),
    "other_lpk_officer": frozenset(),
    "association_officer": frozenset(),
    "supervising_officer": JAPAN_ITEMS,
    "company_officer": JAPAN_ITEMS,
    "prefecture_officer": frozenset(),
    "embassy_officer": frozenset(),
    "support_officer": frozenset(),
    "participant_user": frozenset(),
    "outsider": frozenset(),
}
SEES_GATE = {
    "ministry_admin",
    "ministry_officer",
    "ministry_viewer",
    "lpk_officer",
    "lpk_viewer",
    "supervising_officer",
    "company_officer",
    "participant_user",
}


@pytest.fixture
def placement(cast: Cast) -> Placement:
    return departing(cast)


@pytest.mark.parametrize(("persona", "items"), RECORDS.items())
def test_it_lets_each_side_record_its_own_items(
    cast: Cast, placement: Placement, persona: str, items: frozenset[GateItem]
) -> None:
    user = getattr(cast, persona)

    assert access.gate_items_recordable_by(user, placement) == items
    assert access.gate_items_recordable_for(user, [placement.pk]) == {placement.pk: items}


@pytest.mark.parametrize("persona", RECORDS)
def test_it_shows_the_gate_to_the_participants_sides_only(cast: Cast, placement: Placement, persona: str) -> None:
    user = getattr(cast, persona)

    assert access.gates_visible_to(user).filter(pk=placement.pk).exists() is (persona in SEES_GATE)
    if persona not in SEES_GATE:
        with pytest.raises(Http404):
            access.gate_for_user(user, placement.pk)


def test_nobody_records_the_medical_item_on_the_gate(cast: Cast, placement: Placement) -> None:
    assert not access.may_record_gate_item(cast.ministry_admin, placement, GateItem.MEDICAL)


@pytest.mark.parametrize("persona", RECORDS)
def test_it_keeps_cohorts_to_the_ministry(cast: Cast, persona: str) -> None:
    user = getattr(cast, persona)
    cohort = planned_cohort(cast)
    ministry = persona.startswith("ministry_")

    assert access.may_see_cohorts(user) is ministry
    assert access.may_manage_cohorts(user) is (persona in {"ministry_admin", "ministry_officer"})
    assert access.cohorts_visible_to(user).filter(pk=cohort.pk).exists() is ministry
