"""A disputed ledger line becomes a case of category "fees or debts
charged", and closing the case closes the dispute."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from ledger import actions as ledger_actions
from ledger.models import Dispute, DisputeStatus
from ledger.tests.world import book
from protection.actions.cases import change_status
from protection.actions.disputes import open_case_for_dispute
from protection.models import Case, Category, Door, Status
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def _disputed(cast: Cast, capture: Any) -> Dispute:
    with capture(execute=True):
        dispute = ledger_actions.open_dispute(
            entry_id=book(cast).pk, words="Saya tidak membayar ini.", by=cast.participant_user
        )
    return Dispute.objects.get(pk=dispute.pk)


def test_it_opens_a_fees_case_for_the_lpk_once_the_dispute_commits(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    dispute = _disputed(cast, django_capture_on_commit_callbacks)
    case = Case.objects.get(dispute=dispute)
    assert dispute.status == DisputeStatus.CASE_OPENED
    assert case.door == Door.DISPUTE
    assert case.category == Category.FEES_OR_DEBTS
    assert case.participant == cast.budi
    assert case.assigned_organization == cast.lpk
    assert case.description == "Saya tidak membayar ini."
    assert case.recorded_by == cast.participant_user


def test_it_opens_one_case_when_the_task_is_delivered_twice(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    dispute = _disputed(cast, django_capture_on_commit_callbacks)
    again = open_case_for_dispute(dispute_id=dispute.pk)
    assert Case.objects.filter(dispute=dispute).get() == again


def test_it_closes_the_dispute_with_the_case_and_not_before(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    dispute = _disputed(cast, django_capture_on_commit_callbacks)
    case = Case.objects.get(dispute=dispute)
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED):
        case = change_status(case_id=case.pk, to=status, by=cast.lpk_officer, version=case.version)
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.CASE_OPENED
    change_status(case_id=case.pk, to=Status.CLOSED, by=cast.lpk_officer, version=case.version)
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.CLOSED


def test_it_leaves_a_case_without_a_dispute_to_close_alone(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    dispute = _disputed(cast, django_capture_on_commit_callbacks)
    case = Case.objects.get(dispute=dispute)
    ledger_actions.change_dispute_status(dispute_id=dispute.pk, to=DisputeStatus.CLOSED, by=cast.ministry_officer)
    for status in (Status.ACKNOWLEDGED, Status.RESOLVED, Status.CLOSED):
        case = change_status(case_id=case.pk, to=status, by=cast.lpk_officer, version=case.version)
    assert case.status == Status.CLOSED


def test_it_keeps_the_ledger_free_of_protection_imports() -> None:
    """Imports run one way: protection's actions call the ledger's, and the
    ledger reaches protection only by a task's name."""
    ledger = Path(__file__).resolve().parents[2] / "ledger"
    imported = set()
    for path in ledger.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
    assert "protection" not in imported
