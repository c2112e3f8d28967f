"""The ministry's list of monthly reports and their files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import Client

from reports.actions_monthly import make_monthly_report
from reports.models import MonthlyReport
from reports.tests.world import figures_world
from tests.cast import PERSONAS, Cast

MINISTRY = {"ministry_admin", "ministry_officer", "ministry_viewer"}


@pytest.fixture
def report(cast: Cast, media: Path) -> MonthlyReport:
    figures_world()
    return make_monthly_report(month=datetime.date(2026, 11, 1))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_and_serves_the_reports_to_the_ministry_only(cast: Cast, report: MonthlyReport, persona: str) -> None:
    client = Client()
    client.force_login(getattr(cast, persona))
    expected = 200 if persona in MINISTRY else 404
    assert client.get("/reports/monthly/").status_code == expected
    response = client.get("/reports/monthly/2026-11-id.pdf")
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_it_lists_the_newest_first_with_a_link_each(english: Client, cast: Cast, report: MonthlyReport) -> None:
    make_monthly_report(month=datetime.date(2026, 10, 1))
    english.force_login(cast.ministry_viewer)
    content = english.get("/reports/monthly/").content.decode()
    assert content.index("2026-11-id.pdf") < content.index("2026-10-id.pdf")
    assert "Download November 2026 (PDF)" in content


def test_it_answers_404_for_a_month_not_made(cast: Cast, report: MonthlyReport) -> None:
    client = Client()
    client.force_login(cast.ministry_viewer)
    assert client.get("/reports/monthly/2026-09-id.pdf").status_code == 404
    assert client.get("/reports/monthly/2026-13-id.pdf").status_code == 404
    assert client.get("/reports/monthly/2026-11-ja.pdf").status_code == 404
