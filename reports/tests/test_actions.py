"""refresh_figures: a complete snapshot, the old ones pruned, never two at once."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.utils import timezone

from audit.models import AuditAction, AuditEntry
from demo.seed import seed_demo
from participants.models import Status
from reports import actions
from reports.actions import RefreshRunning, refresh_figures
from reports.compute import FigureRow
from reports.figures import latest_snapshot, years_in
from reports.models import Figure, RefreshLock, Snapshot
from reports.tests.figures_world import NOW, build, person
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> None:
    build(cast)
    person(cast, lpk=cast.lpk, path=[(Status.IN_TRAINING, datetime.date(2025, 2, 1))])
    person(cast, lpk=cast.other_lpk, blk=cast.other_blk)


def figures_of(snapshot: Snapshot) -> set[tuple[object, ...]]:
    rows = Figure.objects.filter(snapshot=snapshot).values_list(
        "table", "scope", "year", "programme", "key", "position", "values"
    )
    return {(*row[:-1], tuple(sorted(row[-1].items()))) for row in rows}


def test_it_writes_a_complete_snapshot_and_an_audit_row(world: None) -> None:
    snapshot = refresh_figures(now=NOW)

    assert snapshot.finished_at is not None
    assert snapshot.taken_at == NOW
    assert snapshot.participants == 2
    assert snapshot.figures == Figure.objects.filter(snapshot=snapshot).count() > 0
    assert latest_snapshot() == snapshot
    audit = AuditEntry.objects.get(target_type="reports.snapshot", target_id=str(snapshot.pk))
    assert audit.action == AuditAction.CREATED
    assert audit.actor is None
    assert audit.changes["figures"] == [None, snapshot.figures]


def test_it_writes_the_same_figures_from_the_same_data(world: None) -> None:
    first = refresh_figures(now=NOW)
    second = refresh_figures(now=NOW)

    assert figures_of(first) == figures_of(second)
    assert latest_snapshot() == second


def test_it_keeps_the_two_newest_complete_snapshots(world: None) -> None:
    made = [refresh_figures(now=NOW) for _ in range(3)]

    assert set(Snapshot.objects.values_list("pk", flat=True)) == {made[1].pk, made[2].pk}
    assert not Figure.objects.filter(snapshot_id=made[0].pk).exists()
    assert AuditEntry.objects.get(target_id=str(made[2].pk), target_type="reports.snapshot").changes[
        "deleted_snapshots"
    ] == [None, [made[0].pk]]


def test_it_deletes_an_unfinished_snapshot_abandoned_for_a_day(world: None) -> None:
    abandoned = Snapshot.objects.create(taken_at=timezone.now() - datetime.timedelta(days=1, minutes=1))
    Figure.objects.create(snapshot=abandoned, table="pipeline.funnel", scope="all", key="registered")
    running = Snapshot.objects.create(taken_at=timezone.now() - datetime.timedelta(hours=2))

    refresh_figures(now=NOW)

    assert not Snapshot.objects.filter(pk=abandoned.pk).exists()
    assert not Figure.objects.filter(snapshot_id=abandoned.pk).exists()
    assert Snapshot.objects.filter(pk=running.pk).exists()


def test_it_refuses_while_another_refresh_holds_the_lock(world: None) -> None:
    RefreshLock.objects.create(pk=1, holder="another", held_until=timezone.now() + datetime.timedelta(minutes=5))

    with pytest.raises(RefreshRunning):
        refresh_figures(now=NOW)

    assert not Snapshot.objects.exists()
    assert RefreshLock.objects.get(pk=1).holder == "another"


def test_it_takes_over_a_lock_whose_lease_ran_out(world: None) -> None:
    RefreshLock.objects.create(pk=1, holder="died", held_until=timezone.now() - datetime.timedelta(seconds=1))

    snapshot = refresh_figures(now=NOW)

    assert snapshot.finished_at is not None
    assert RefreshLock.objects.get(pk=1).holder == ""


def test_it_stops_when_another_took_the_lock_over(world: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def stolen(*, now: datetime.datetime) -> Iterator[FigureRow]:
        RefreshLock.objects.filter(pk=1).update(holder="thief")
        yield FigureRow("pipeline.funnel", "all", 0, "", "registered", 0, {"reached": 1})

    monkeypatch.setattr(actions, "COMPUTATIONS", ["reports.tests.test_actions.stolen_lock"])
    monkeypatch.setattr("reports.tests.test_actions.stolen_lock", stolen, raising=False)

    with pytest.raises(actions.RefreshLockLost):
        refresh_figures(now=NOW)

    assert not Snapshot.objects.exists()


def test_it_leaves_nothing_behind_when_a_computation_fails(world: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*, now: datetime.datetime) -> Iterator[FigureRow]:
        yield FigureRow("pipeline.funnel", "all", 0, "", "registered", 0, {"reached": 1})
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "COMPUTATIONS", ["reports.tests.test_actions.failing_computation"])
    monkeypatch.setattr("reports.tests.test_actions.failing_computation", failing, raising=False)
    monkeypatch.setattr(actions, "BATCH", 1)

    with pytest.raises(RuntimeError):
        refresh_figures(now=NOW)

    assert not Snapshot.objects.exists()
    assert not Figure.objects.exists()
    assert RefreshLock.objects.get(pk=1).holder == ""


def test_its_calendar_tables_hold_every_year_any_table_is_kept_for(db: None) -> None:
    """The year filter reads the years from a few small tables (figures.CALENDAR_TABLES):
    on the demo's data they must be every year any figure of the whole programme has."""
    seed_demo(participants=60, seed=5)
    snapshot = latest_snapshot()
    assert snapshot is not None
    every_year = set(
        Figure.objects.filter(snapshot=snapshot, scope="all").exclude(year=0).values_list("year", flat=True)
    )
    assert every_year
    assert years_in(snapshot) == sorted(every_year, reverse=True)
