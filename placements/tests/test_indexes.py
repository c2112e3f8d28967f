"""The placements' queries at national scale are read from their indexes:
on PostgreSQL, asked for its plan."""

from __future__ import annotations

import pytest
from django.db import connection

from placements.models import Placement
from tests.plans import plan

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own plans")


@pytest.mark.django_db
def test_the_arrivals_to_record_are_read_first_to_fly_first_from_their_own_index() -> None:
    waiting = Placement.objects.in_japan().filter(arrived_on__isnull=True).order_by("departed_on", "pk")
    assert "placement_arrival_to_record" in plan(waiting.values_list("pk", flat=True)[:6])
