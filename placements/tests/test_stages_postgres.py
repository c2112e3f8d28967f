"""Two officers moving one worker's stage at once, on PostgreSQL, where the
row locks are the database's own: the participant's and then the
placement's lock make the second wait, then find the placement changed; the
worker moves once."""

from __future__ import annotations

import contextlib
import datetime
import threading

import pytest
from django.db import connection
from django.utils import translation

from joborders.tests.world import Japan
from participants.models import Participant
from placements.actions import stages
from placements.models import Placement, SkillTest, StagePeriod, StayStage
from placements.tests.stay_world import STAGE_II_STARTS, passed, working
from tests.cast import Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's transactions and row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_two_officers_moving_one_stage_at_once_move_it_once(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    placement = working(cast, japan)
    passed(cast, placement, SkillTest.BASIC, on=datetime.date(2027, 5, 10))
    placement.refresh_from_db()
    barrier = threading.Barrier(2, timeout=2)
    locked = stages.locked_placement

    def meet_then_lock(placement_id: int) -> tuple[Participant, Placement]:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return locked(placement_id)

    monkeypatch.setattr(stages, "locked_placement", meet_then_lock)
    outcomes: list[str] = []

    def move(by_name: str) -> None:
        try:
            with translation.override("en"):
                stages.move_stage(
                    placement_id=placement.pk,
                    details=stages.StageMoveDetails(moves_on=STAGE_II_STARTS),
                    expected_version=placement.version,
                    by=getattr(cast, by_name),
                    today=STAGE_II_STARTS,
                )
                outcomes.append("moved")
        except stages.StageMoveError as error:
            with translation.override("en"):
                outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(name,)) for name in ("supervising_officer", "company_officer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "Someone else changed this placement meanwhile. Reload the page and try again.",
        "moved",
    ]
    assert StagePeriod.objects.filter(placement=placement, stage=StayStage.TITP_II).count() == 1
    assert StagePeriod.objects.filter(placement=placement, ended_on__isnull=True).count() == 1
