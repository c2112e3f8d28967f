"""The monthly report: every dashboard for the whole programme, as one PDF in
Indonesian, made on the 1st for the month before from the latest snapshot
and kept for the ministry (``MonthlyReport``). Making a month again replaces
its report and its file."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from reports import exports
from reports.catalogue import DASHBOARDS, TABLES
from reports.figures import latest_snapshot, read_table, years_in
from reports.labels import month_label
from reports.models import MonthlyReport, Snapshot
from reports.shown import shown_dashboard
from reports.slices import ALL, EVERY_YEAR, Slice

MONTHLY_LANGUAGE = "id"
# The table whose row for the month gives the report's opening line.
_DEPARTURES_BY_MONTH = "departures.by-month"


class NoFiguresYet(Exception):
    """No refresh of the figures has finished: there is nothing to report from."""


def month_before(today: datetime.date) -> datetime.date:
    """The first day of the month before ``today``'s."""
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _slice_for(snapshot: Snapshot, month: datetime.date) -> Slice:
    """The month's year where the figures hold it, else every year."""
    return Slice(ALL, month.year if month.year in years_in(snapshot) else EVERY_YEAR)


def _summary(snapshot: Snapshot, month: datetime.date) -> str:
    table = TABLES[_DEPARTURES_BY_MONTH]
    rows = read_table(snapshot, table, Slice(ALL, month.year))
    departed = next((row.number("departures") for row in rows if row.key == f"{month:%Y-%m}"), None) or 0
    return _("Departures in %(month)s: %(count)s.") % {"month": month_label(f"{month:%Y-%m}"), "count": departed}


def report_pdf(snapshot: Snapshot, month: datetime.date, *, language: str) -> bytes:
    where = _slice_for(snapshot, month)
    with translation.override(language):
        sections = [
            exports.Section(dashboard, shown_dashboard(snapshot, dashboard, where, list(dashboard.tables)))
            for dashboard in DASHBOARDS.values()
        ]
        about = exports.About(
            _("Monthly report: %(month)s") % {"month": month_label(f"{month:%Y-%m}")},
            snapshot.taken_at,
            _("The whole programme"),
            str(where.year) if where.year else _("Every year"),
            _("Every programme"),
        )
        return exports.pdf(sections, about, language=language, summary=_summary(snapshot, month))


def make_monthly_report(
    *, month: datetime.date, language: str = MONTHLY_LANGUAGE, by: User | None = None
) -> MonthlyReport:
    """The report of ``month`` (any day of it) from the latest snapshot, made
    or made again; raises ``NoFiguresYet`` before the first refresh."""
    month = month.replace(day=1)
    snapshot = latest_snapshot()
    if snapshot is None:
        raise NoFiguresYet
    content = report_pdf(snapshot, month, language=language)
    with transaction.atomic():
        # Locked: two runs for one month (beat and the command) replace it one after the other.
        report = MonthlyReport.objects.select_for_update().filter(month=month, language=language).first()
        action = AuditAction.CREATED if report is None else AuditAction.UPDATED
        report = report or MonthlyReport(month=month, language=language)
        replaced = report.file.name or ""
        report.snapshot, report.made_at = snapshot, timezone.now()
        report.file.save(f"{month:%Y-%m}-{language}.pdf", ContentFile(content), save=False)
        report.save()
        audit.record(actor=by, action=action, target=report, changes={"snapshot": snapshot.pk, "bytes": len(content)})
        if replaced and replaced != report.file.name:
            storage = report.file.storage
            # The old file goes once the new one is committed; a rollback keeps it.
            transaction.on_commit(lambda: storage.delete(replaced))
    return report
