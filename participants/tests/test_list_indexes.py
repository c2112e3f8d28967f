"""Each scope's list, newest first, is read from an index in that order:
on PostgreSQL, the database of the national scale, asked for its plan."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts import access
from participants.models import Participant
from participants.tests.records import days_from_today
from tests.cast import Cast
from tests.plans import plan

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own plans")


def newest_first(user: object) -> object:
    return access.participants_visible_to(user).order_by("-registered_at", "-id").values_list("pk", flat=True)[:51]  # type: ignore[arg-type]


def test_the_embassys_list_reads_the_index_of_those_in_japan(cast: Cast) -> None:
    assert "participant_in_japan_newest" in plan(newest_first(cast.embassy_officer))


def test_a_training_centres_list_reads_its_own_index(cast: Cast) -> None:
    assert "participant_blk_newest" in plan(newest_first(cast.blk_officer))


def test_the_ministrys_list_reads_the_whole_tables_index(cast: Cast) -> None:
    assert "participant_registered_seek" in plan(newest_first(cast.ministry_viewer))
    assert Participant.objects.exists()


def test_the_ministrys_list_of_readiness_about_to_lapse_reads_its_keys_from_one_index_alone(cast: Cast) -> None:
    # An organization's list takes the same index at a million participants
    # (measured there); on a test table of a few rows its own index looks as cheap.
    lapsing = access.participants_visible_to(cast.ministry_viewer).health_lapsing(by=days_from_today(30))
    keys = lapsing.order_by("-registered_at", "-id").values_list("pk", flat=True)[:51]
    assert "Index Only Scan Backward using participant_pool_lapsing" in plan(keys)
