"""The demo's ledger (ledger.demo), seeded with the whole demo as ``make
run`` does: the demo participant's statement shows real lines and "Rp 0",
a violation waits for the ministry and the demo LPK/SO, and the reports have
figures."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from accounts.models import User
from demo.seed import seed_demo
from home.work import work_for
from ledger.models import Budget, LedgerEntry, SubsidyAgreement
from ledger.reports import average_rows, subsidy_rows
from ledger.statement import statement_of
from participants.models import Participant


@pytest.fixture
def demo(settings: Settings, tmp_path: Path, db: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    seed_demo(participants=150, seed=11)


def test_it_shows_the_demo_participant_real_lines_and_rp_0(demo: None) -> None:
    participant = Participant.objects.get(user__username="peserta")
    statement = statement_of(participant, LedgerEntry.objects.all())
    assert len(statement.lines) >= 3
    assert statement.paid_yourself == {"IDR": Decimal(0)}
    assert statement.promise_holds


def test_it_puts_a_violation_before_the_ministry_and_the_lpk(demo: None) -> None:
    assert LedgerEntry.objects.violations().filter(participant__sending_organization__code="lpk-karya-nusantara")
    for username in ("kemnaker", "lpk.officer"):
        texts = [item.text for item in work_for(User.objects.get(username=username), today=timezone.localdate())]
        assert any("fee policy" in text for text in texts), username


def test_it_gives_the_reports_figures(demo: None) -> None:
    entries = LedgerEntry.objects.all()
    assert average_rows(entries)
    rows = subsidy_rows(entries, SubsidyAgreement.objects.all(), Budget.objects.all())
    assert any(row.planned and row.paid for row in rows)


def test_it_seeds_the_ledger_once(demo: None) -> None:
    lines = LedgerEntry.objects.count()
    seed_demo(participants=10, seed=12)
    assert LedgerEntry.objects.count() == lines
