"""The monthly report: made from the latest snapshot, one per month, replaced when made again."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from audit.models import AuditAction, AuditEntry
from reports.actions_monthly import NoFiguresYet, make_monthly_report, month_before
from reports.models import MonthlyReport, Snapshot
from reports.tests.world import figures_world
from tests.cast import Cast


@pytest.fixture
def figures(cast: Cast, media: Path) -> Snapshot:
    return figures_world()


def _text(report: MonthlyReport) -> str:
    with report.file.open("rb") as stream:
        return "".join(page.extract_text() for page in PdfReader(io.BytesIO(stream.read())).pages)


def test_it_takes_the_month_before() -> None:
    assert month_before(datetime.date(2026, 1, 1)) == datetime.date(2025, 12, 1)
    assert month_before(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 1)


def test_it_makes_the_months_pdf_in_indonesian(figures: Snapshot) -> None:
    report = make_monthly_report(month=datetime.date(2026, 11, 15))
    assert (report.month, report.language, report.snapshot) == (datetime.date(2026, 11, 1), "id", figures)
    text = _text(report)
    assert "November 2026" in text
    assert "Keberangkatan" in text or "Departures" in text  # the dashboards' titles, as the catalogue gives them
    assert AuditEntry.objects.filter(action=AuditAction.CREATED, target_type="reports.monthlyreport").count() == 1


def test_it_replaces_a_month_made_again(
    figures: Snapshot, media: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    first = make_monthly_report(month=datetime.date(2026, 11, 1))
    old = Path(first.file.path)
    newer = figures_world(taken_at=figures.taken_at + datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        again = make_monthly_report(month=datetime.date(2026, 11, 1))
    assert MonthlyReport.objects.count() == 1
    assert again.pk == first.pk
    assert again.snapshot == newer
    assert not old.exists()
    assert Path(again.file.path).exists()
    assert AuditEntry.objects.filter(action=AuditAction.UPDATED, target_type="reports.monthlyreport").count() == 1


def test_it_keeps_one_report_per_month(figures: Snapshot) -> None:
    report = make_monthly_report(month=datetime.date(2026, 11, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(month=report.month, language="id", file=report.file.name)


def test_it_refuses_before_the_first_refresh(cast: Cast, media: Path) -> None:
    with pytest.raises(NoFiguresYet):
        make_monthly_report(month=datetime.date(2026, 11, 1))
    assert not MonthlyReport.objects.exists()
