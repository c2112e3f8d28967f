"""Actions queue tasks by name (config.celery.enqueue_on_commit), so that no
action imports a task module."""

from __future__ import annotations

import pytest
from django.db import transaction

from config.celery import enqueue_on_commit, registered_task


def test_it_finds_a_task_by_its_registered_name() -> None:
    task = registered_task("matching.tasks.compute_plan")

    assert task.name == "matching.tasks.compute_plan"


def test_it_refuses_an_unknown_task_name_at_once() -> None:
    with pytest.raises(KeyError):
        enqueue_on_commit("spreadsheets.tasks.no_such_task", 1)


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_task_in_process_after_the_commit_without_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr("matching.actions.compute_plan", lambda *, run_id: calls.append(run_id))

    with transaction.atomic():
        enqueue_on_commit("matching.tasks.compute_plan", 7)
        assert calls == []

    assert calls == [7]
