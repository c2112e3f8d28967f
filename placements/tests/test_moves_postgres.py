"""Two officers ending the same placement at the same moment (one records a
disappearance, the other a return): one wins, the other is refused and
nothing is done twice. On PostgreSQL, where writers really run side by side
(SQLite serializes them at BEGIN IMMEDIATE)."""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections import Counter
from collections.abc import Callable, Sequence

import pytest
from django.db import connection

from joborders.tests.world import build_japan
from participants.models import Participant, StatusChange
from placements.actions import chain, endings
from placements.models import Disappearance, Ending, Placement, PlacementStatus
from placements.tests.moves_world import working
from tests.cast import Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers at BEGIN IMMEDIATE"),
    pytest.mark.django_db(transaction=True),
]

TODAY = datetime.date(2026, 6, 1)


def _race(calls: Sequence[Callable[[], object]], monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Run ``calls`` in threads; the barrier lets them all reach the locks together."""
    barrier = threading.Barrier(len(calls), timeout=2)
    locked = chain.locked

    def wait_then_lock(placement_id: int) -> tuple[Participant, Placement]:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return locked(placement_id)

    monkeypatch.setattr(chain, "locked", wait_then_lock)
    outcomes: Counter[str] = Counter()
    guard = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            call()
            outcome = "won"
        except chain.MoveError as error:
            outcome = type(error).__name__
        finally:
            connection.close()
        with guard:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_endings_at_once_one_wins(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    placement = working(cast, build_japan(cast), cast.budi)
    missing = endings.MissingDetails(
        missing_since=datetime.date(2026, 3, 10),
        last_contact_on=datetime.date(2026, 3, 9),
        police_reported_on=None,
        otit_reported_on=None,
        circumstances="Left the dormitory at night.",
    )
    returned = endings.EndingDetails(ending=Ending.RETURNED_EARLY, ended_on=datetime.date(2026, 3, 10), reason="Ill")

    outcomes = _race(
        [
            lambda: endings.record_missing(
                placement_id=placement.pk, details=missing, by=cast.supervising_officer, today=TODAY
            ),
            lambda: endings.end_placement(
                placement_id=placement.pk, details=returned, by=cast.ministry_officer, today=TODAY
            ),
        ],
        monkeypatch,
    )

    assert outcomes["won"] == 1
    assert sum(outcomes.values()) == 2
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED
    # The participant moved once, to what the winner recorded.
    changes = StatusChange.objects.filter(participant=cast.budi, from_status="placed")
    assert changes.count() == 1
    assert Disappearance.objects.exists() is (placement.ending == Ending.MISSING)
