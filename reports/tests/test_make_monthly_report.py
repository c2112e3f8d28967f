"""``manage.py make_monthly_report``."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from reports.models import MonthlyReport
from reports.tests.world import figures_world
from tests.cast import Cast


def test_it_makes_the_month_asked_for(cast: Cast, media: Path) -> None:
    figures_world()
    out = StringIO()
    call_command("make_monthly_report", "--month", "2026-10", stdout=out)
    assert MonthlyReport.objects.get().month == datetime.date(2026, 10, 1)
    assert "2026-10" in out.getvalue()


@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC))
def test_it_makes_last_month_by_default(cast: Cast, media: Path) -> None:
    figures_world()
    call_command("make_monthly_report", stdout=StringIO())
    assert MonthlyReport.objects.get().month == datetime.date(2026, 11, 1)


@pytest.mark.parametrize("month", ["2026-13", "november", "2026-1-1"])
def test_it_refuses_a_month_it_cannot_read(cast: Cast, media: Path, month: str) -> None:
    with pytest.raises(CommandError):
        call_command("make_monthly_report", "--month", month, stdout=StringIO(), stderr=StringIO())


def test_it_says_when_there_are_no_figures_yet(cast: Cast, media: Path) -> None:
    with pytest.raises(CommandError, match="refresh_figures"):
        call_command("make_monthly_report", stdout=StringIO())
