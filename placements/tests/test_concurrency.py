"""Selections at the same moment: one person is never selected for two job
orders, and an order never gets more offers than positions, however many
officers click at once. On PostgreSQL, where writers really run side by side
(SQLite serializes them at BEGIN IMMEDIATE)."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import Counter
from collections.abc import Callable, Sequence

import pytest
from django.db import connection

from joborders.models import JobOrder, JobOrderStatus
from joborders.tests.world import Japan, build_japan
from participants.models import Participant, Status
from placements.actions import interviews, offers
from placements.models import Offer, OfferStatus, Placement
from placements.tests.world import build_selection, details_for, published_list, schedule
from tests.cast import PASSWORD, Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serializes writers at BEGIN IMMEDIATE"),
    pytest.mark.django_db(transaction=True),
]


def _race(calls: Sequence[Callable[[], object]], monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Run ``calls`` in threads at once; the count of each outcome. The
    barrier holds everyone at the moment they would count the live offers,
    so all count together unless a lock makes them queue before it."""
    barrier = threading.Barrier(len(calls), timeout=2)
    counted = offers._live_offer_count

    def count_then_wait(job_order: JobOrder) -> int:
        count = counted(job_order)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return count

    monkeypatch.setattr(offers, "_live_offer_count", count_then_wait)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            call()
            outcome = "won"
        except interviews.SelectionError as error:
            outcome = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _engineer_orders(cast: Cast, count: int) -> list[JobOrder]:
    """Open one-position orders with no quota to share (engineer/specialist)."""
    from joborders import actions as joborder_actions  # noqa: PLC0415
    from joborders.tests.world import served_job_order  # noqa: PLC0415

    template = served_job_order(cast)
    orders = []
    for number in range(count):
        order = JobOrder.objects.get(pk=template.pk)
        order.pk = None
        order.title = f"Machine designer {number}"
        order.save()
        orders.append(
            joborder_actions.change_job_order_status(
                job_order_id=order.pk, to=JobOrderStatus.OPEN, by=cast.company_officer
            )
        )
    return orders


def test_twenty_orders_selecting_one_person_at_once_select_them_once(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, media: object
) -> None:
    from tests.cast import walk  # noqa: PLC0415

    budi = walk(cast.budi, [Status.IN_TRAINING, Status.READY, Status.SHORTLISTED], cast.lpk_officer)
    orders = _engineer_orders(cast, 20)
    scheduled = []
    for hour, order in enumerate(orders):
        shortlist = published_list(cast, order, [budi])
        scheduled.append(
            interviews.schedule_interview(
                job_order_id=order.pk, details=details_for(shortlist, budi, hours=24 + hour), by=cast.company_officer
            )
        )
    calls = [
        functools.partial(
            offers.select_candidate, interview_id=interview.pk, contract_months=12, by=cast.company_officer
        )
        for interview in scheduled
    ]
    outcomes = _race(calls, monkeypatch)
    assert outcomes["won"] == 1
    assert outcomes["SelectedElsewhere"] == 19
    assert Offer.objects.filter(participant=budi).count() == 1
    assert Participant.objects.get(pk=budi.pk).status == Status.SELECTED
    assert budi.history.filter(to_status=Status.SELECTED).count() == 1


def test_ten_selections_into_three_positions_at_once_make_three_offers(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, media: object
) -> None:
    japan: Japan = build_japan(cast)
    names = tuple(f"Candidate{number:02d}" for number in range(10))
    selection = build_selection(cast, japan, positions=3, names=names)
    # The list holds 3 per position: 9 of the 10; a second list is not needed for the race.
    listed = [person for person in selection.candidates if selection.shortlist.entries.filter(participant=person)]
    scheduled = [
        schedule(selection, person, cast.company_officer, hours=24 + hour) for hour, person in enumerate(listed)
    ]
    calls = [
        functools.partial(offers.select_candidate, interview_id=interview.pk, by=cast.company_officer)
        for interview in scheduled
    ]
    outcomes = _race(calls, monkeypatch)
    assert outcomes["won"] == 3
    assert outcomes["PositionsTaken"] == len(scheduled) - 3
    assert Offer.objects.filter(job_order=selection.order).count() == 3
    assert Participant.objects.filter(status=Status.SELECTED).count() == 3


def test_three_acceptances_at_once_fill_the_order_once(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, media: object
) -> None:
    from accounts.models import User  # noqa: PLC0415

    japan: Japan = build_japan(cast)
    selection = build_selection(cast, japan, positions=3, names=("Ana", "Bayu", "Citra"))
    sent = []
    for hour, person in enumerate(selection.candidates):
        person.user = User.objects.create_user(username=f"person{hour}", password=PASSWORD)
        person.save(update_fields=["user"])
        interview = schedule(selection, person, cast.company_officer, hours=24 + hour)
        sent.append((offers.select_candidate(interview_id=interview.pk, by=cast.company_officer), person.user))
    barrier = threading.Barrier(3, timeout=2)
    filling = offers._fill_if_complete

    def wait_then_fill(job_order: JobOrder, *, by: User) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        filling(job_order, by=by)

    monkeypatch.setattr(offers, "_fill_if_complete", wait_then_fill)
    calls = [functools.partial(offers.answer_offer, offer_id=offer.pk, accept=True, by=user) for offer, user in sent]
    outcomes = _race(calls, monkeypatch)
    assert outcomes["won"] == 3
    assert Offer.objects.filter(status=OfferStatus.ACCEPTED).count() == 3
    assert Placement.objects.count() == 3
    order = JobOrder.objects.get(pk=selection.order.pk)
    assert order.status == JobOrderStatus.FILLED
    assert order.history.filter(to_status=JobOrderStatus.FILLED).count() == 1
