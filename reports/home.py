"""The ministry's home card of the reports: how old the figures are, and a link to each dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import access
from accounts.models import User
from reports.catalogue import DASHBOARDS, DashboardSpec
from reports.figures import latest_snapshot
from reports.models import Snapshot


@dataclass(frozen=True)
class ReportsCard:
    snapshot: Snapshot | None
    dashboards: list[DashboardSpec]


def reports_card(user: User) -> ReportsCard | None:
    """For the ministry, whose first questions the dashboards answer; None for everyone else."""
    if not access.may_see_monthly_reports(user):
        return None
    return ReportsCard(latest_snapshot(), list(DASHBOARDS.values()))
