"""Who sees and changes which placement (accounts.access.placements)."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts import access
from joborders.tests.world import Japan, build_japan, on_day
from placements.models import Placement, PlacementStatus
from placements.tests.builders import placed
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def japan(cast: Cast) -> Japan:
    with on_day():
        return build_japan(cast)


@pytest.fixture
def placement(cast: Cast, japan: Japan) -> Placement:
    """Siti (other LPK, other BLK) working for the cast's company in Japan."""
    return placed(cast, japan, cast.siti, status=PlacementStatus.IN_JAPAN)


SEES = {
    "ministry_admin": True,
    "ministry_officer": True,
    "ministry_viewer": True,
    "blk_officer": False,
    "other_blk_officer": True,
    "lpk_officer": False,
    "other_lpk_officer": True,
    "association_officer": False,
    "supervising_officer": True,
    "company_officer": True,
    "prefecture_officer": False,
    "embassy_officer": True,
    "support_officer": False,
    "participant_user": False,
    "outsider": False,
}

CHANGES = {
    **dict.fromkeys(SEES, False),
    "ministry_admin": True,
    "ministry_officer": True,
    "other_blk_officer": True,
    "other_lpk_officer": True,
    "supervising_officer": True,
    "company_officer": True,
}


@pytest.mark.parametrize(("persona", "sees"), SEES.items())
def test_it_scopes_reading_placements(cast: Cast, placement: Placement, persona: str, sees: bool) -> None:
    user = getattr(cast, persona)
    assert access.placements_visible_to(user).filter(pk=placement.pk).exists() is sees


@pytest.mark.parametrize(("persona", "changes"), CHANGES.items())
def test_it_scopes_changing_placements(cast: Cast, placement: Placement, persona: str, changes: bool) -> None:
    user = getattr(cast, persona)
    assert access.placements_writable_by(user).filter(pk=placement.pk).exists() is changes


def test_it_shows_the_participant_their_own_placement(cast: Cast, placement: Placement) -> None:
    placement.participant = cast.budi
    placement.save()
    assert list(access.placements_visible_to(cast.participant_user)) == [placement]
    assert not access.placements_writable_by(cast.participant_user).exists()


def test_it_answers_404_outside_the_scope(cast: Cast, placement: Placement) -> None:
    with pytest.raises(Http404):
        access.placement_for_user(cast.lpk_officer, placement.pk)
    assert access.placement_for_user(cast.embassy_officer, placement.pk) == placement
