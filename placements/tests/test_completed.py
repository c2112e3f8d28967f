"""A completed placement, one at a time (Placement.is_completed, what the
record page asks before offering the certificate) and as a query
(PlacementQuerySet.completed, whose certificates may be downloaded)."""

from __future__ import annotations

import pytest

from joborders.tests.world import Japan
from placements.models import Ending, Placement, PlacementStatus
from placements.tests.builders import placed
from tests.cast import Cast

ENDINGS = [(PlacementStatus.ENDED, ending) for ending in Ending] + [
    (status, "") for status in PlacementStatus if status != PlacementStatus.ENDED
]


@pytest.mark.parametrize(("status", "ending"), ENDINGS)
def test_the_placement_and_the_query_agree_on_what_completed(
    cast: Cast, japan: Japan, status: PlacementStatus, ending: str
) -> None:
    placement = placed(cast, japan, cast.budi, status=PlacementStatus.IN_JAPAN)
    Placement.objects.filter(pk=placement.pk).update(status=status, ending=ending)
    placement.refresh_from_db()

    assert placement.is_completed == Placement.objects.completed().filter(pk=placement.pk).exists()
    assert placement.is_completed == (status == PlacementStatus.ENDED and ending == Ending.COMPLETED)
