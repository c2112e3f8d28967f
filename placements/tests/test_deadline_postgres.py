"""Two sweeps at the same moment on PostgreSQL, each in its own connection:
every notice is written once, and e-mailed once, whoever gets there first."""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection

from joborders.tests.world import Japan
from placements import deadlines
from placements.deadlines import mail as deadline_mail
from placements.deadlines import sweeper as sweeping
from placements.models import Notice
from placements.tests.duty_world import another_participant, passport, ssw_worker, working
from tests.cast import Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's concurrent inserts and row locks"),
    pytest.mark.django_db(transaction=True),
]
MOMENT = datetime.datetime(2027, 6, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def workers(cast: Cast, japan: Japan, media: object) -> None:
    working(cast, japan, cast.budi)
    passport(cast.budi, expires_on=datetime.date(2027, 7, 1))
    for serial in range(2, 5):
        person = another_participant(cast, f"Peserta {serial}", 400 + serial)
        working(cast, japan, person, card_expires_on=datetime.date(2027, 6, serial))
    ssw_worker(cast, japan)


def at_once(run: Callable[[], int], monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[int]:
    """``run`` in two threads that meet at a barrier before each call of ``target.name``."""
    barrier = threading.Barrier(2, timeout=5)
    original = getattr(target, name)

    def meet_then_call(*args: object, **kwargs: object) -> object:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, meet_then_call)
    results: list[int] = []
    failures: list[BaseException] = []

    def one() -> None:
        try:
            results.append(run())
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    return results


def test_two_sweeps_at_once_write_each_notice_once(workers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    # Both workers reach every INSERT of the sweep together.
    created = at_once(lambda: deadlines.sweep(now=MOMENT).total, monkeypatch, sweeping, "_insert")

    keys = Notice.objects.values_list("kind", "subject_id", "due_on", "days_ahead")
    assert sum(created) == Notice.objects.count() == len(set(keys)) > 10
    assert deadlines.sweep(now=MOMENT).total == 0


def test_two_senders_at_once_mail_each_notice_once(workers: None, monkeypatch: pytest.MonkeyPatch) -> None:
    deadlines.sweep(now=MOMENT)

    sent = at_once(lambda: deadline_mail.send_new_notices(now=MOMENT, batch=3), monkeypatch, deadline_mail, "_claim")

    assert sum(sent) == Notice.objects.count()
    lines = Counter(line for message in mail.outbox for line in message.body.splitlines() if line.startswith("- "))
    # Each notice is one line in each letter it goes to; none is repeated in the same address's letters.
    per_address = Counter(
        (message.to[0], line) for message in mail.outbox for line in message.body.splitlines() if line.startswith("- ")
    )
    assert max(per_address.values()) == 1
    assert lines
