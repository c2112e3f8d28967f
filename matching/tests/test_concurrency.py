"""Two shortlists published at once cannot both take the same candidate past the cap."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection

from joborders import actions as joborder_actions
from joborders.models import JobOrderStatus
from joborders.tests.world import Japan, order_details
from matching import actions
from matching.models import ScoreWeights, Shortlist, ShortlistStatus
from matching.tests.pool import Pool, candidate
from tests.cast import Cast


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers at BEGIN IMMEDIATE")
@pytest.mark.django_db(transaction=True)
def test_two_lists_published_at_once_respect_the_cap(
    cast: Cast, japan: Japan, pool: Pool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishing locks the candidates' rows before counting their live
    shortlists: the second publisher waits and counts the first one's list.
    The barrier makes both count at the same moment if they can."""
    actions.set_weights(values={**ScoreWeights().as_dict(), "shortlist_cap": 1}, note="", by=cast.ministry_admin)
    candidate(cast, pool, japan, "Ana Strong")
    other = joborder_actions.create_job_order(
        details=order_details(cast, japan, positions=1), by=cast.supervising_officer
    )
    joborder_actions.change_job_order_status(job_order_id=other.pk, to=JobOrderStatus.OPEN, by=cast.supervising_officer)
    drafts = [actions.run_shortlist(job_order_id=order.pk, by=cast.ministry_officer) for order in (pool.order, other)]
    barrier = threading.Barrier(2, timeout=1)
    counted = actions._live_counts  # the moment the race would happen
    outcomes: list[str] = []

    def count_then_wait(participant_ids: list[int]) -> dict[int, int]:
        counts = counted(participant_ids)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return counts

    monkeypatch.setattr(actions, "_live_counts", count_then_wait)

    def publish(shortlist: Shortlist) -> None:
        try:
            actions.publish_shortlist(
                shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
            )
            outcomes.append("published")
        except actions.CandidatesNotFree:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED).count() == 1
