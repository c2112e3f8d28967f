"""Marking a cohort departed on PostgreSQL, where transactions and row locks
are the database's own: a failure half-way leaves everyone where they were,
and two officers marking one cohort at once move each participant once."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import DatabaseError, connection
from django.utils import translation

from joborders.tests.world import Japan
from participants.models import Status, StatusChange
from placements.actions import departure
from placements.models import CohortStatus, DepartureCohort, Placement, PlacementStatus
from placements.tests.gate_world import FLIGHT, another_participant, cohort, complete_titp_gate, preparing
from tests.cast import Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's transactions and row locks"),
    pytest.mark.django_db(transaction=True),
]
COUNT = 5


def _ready_cohort(cast: Cast, japan: Japan) -> DepartureCohort:
    first = preparing(cast, japan)
    placements = [first]
    for serial in range(1, COUNT):
        person = another_participant(cast, f"Peserta {serial}", 200 + serial)
        placements.append(preparing(cast, japan, person, order=first.job_order))
    for placement in placements:
        complete_titp_gate(placement, cast.lpk_officer)
    return cohort(cast.ministry_officer, placements=tuple(placements))


def _nobody_moved() -> None:
    assert set(Placement.objects.values_list("status", flat=True)) == {PlacementStatus.PREPARING}
    assert set(Placement.objects.values_list("participant__status", flat=True)) == {Status.PRE_DEPARTURE}
    assert not Placement.objects.exclude(departed_on=None).exists()


@pytest.mark.parametrize("failing", [1, 3, COUNT])
def test_a_database_failure_on_the_nth_participant_changes_nobody(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    made = _ready_cohort(cast, japan)
    moved = departure._depart
    calls = 0

    def fail_on_the_nth(placement: Placement, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == failing:
            # A real error from PostgreSQL, which aborts the transaction.
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        moved(placement, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(departure, "_depart", fail_on_the_nth)

    with pytest.raises(DatabaseError):
        departure.depart_cohort(
            cohort_id=made.pk, expected_version=made.version, by=cast.ministry_officer, today=FLIGHT
        )

    assert calls == failing
    _nobody_moved()
    assert DepartureCohort.objects.get(pk=made.pk).status == CohortStatus.PLANNED
    assert not StatusChange.objects.filter(to_status=Status.DEPARTED, participant__placements__isnull=False).exists()


def test_two_officers_marking_one_cohort_at_once_move_everyone_once(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cohort's row lock makes the second officer wait, then find it departed.
    The barrier lets both reach the lock at the same moment if they can."""
    made = _ready_cohort(cast, japan)
    barrier = threading.Barrier(2, timeout=2)
    locked = departure._locked_cohort

    def meet_then_lock(cohort_id: int) -> DepartureCohort:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return locked(cohort_id)

    monkeypatch.setattr(departure, "_locked_cohort", meet_then_lock)
    outcomes: list[str] = []

    def mark(by_name: str) -> None:
        try:
            with translation.override("en"):
                departure.depart_cohort(
                    cohort_id=made.pk, expected_version=made.version, by=getattr(cast, by_name), today=FLIGHT
                )
                outcomes.append("departed")
        except departure.DepartureError as error:
            with translation.override("en"):
                outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=mark, args=(name,)) for name in ("ministry_officer", "ministry_admin")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["This cohort has departed: it can no longer be changed.", "departed"]
    assert set(Placement.objects.values_list("status", flat=True)) == {PlacementStatus.IN_JAPAN}
    assert StatusChange.objects.filter(to_status=Status.DEPARTED).exclude(participant=cast.siti).count() == COUNT
