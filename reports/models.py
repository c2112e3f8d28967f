"""Snapshots of every figure the reports show.

A refresh (``reports.actions.refresh_figures``, on a schedule) reads the
operational tables once, computes every table of every dashboard for every
slice a reader may ask for (scope × year × programme), and writes them as
``Figure`` rows of a new ``Snapshot``. A page then reads one table of one
slice with one indexed query, whatever the size of the programme: that is
what keeps a dashboard under 300 ms at a million participants. The price is
staleness: a figure is as old as the snapshot it comes from, and every page
says when that was.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SnapshotQuerySet(models.QuerySet["Snapshot"]):
    def complete(self) -> SnapshotQuerySet:
        return self.filter(finished_at__isnull=False)

    def latest_complete(self) -> Snapshot | None:
        """The snapshot pages read: the newest one whose refresh finished."""
        return self.complete().order_by("-finished_at", "-pk").first()


class Snapshot(models.Model):
    # The moment the refresh read the data: the figures are "as of" this.
    taken_at = models.DateTimeField(_("figures as of"), default=timezone.now)
    # Empty while the refresh runs; a snapshot is read only once it is set.
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants counted"), default=0)
    figures = models.PositiveIntegerField(_("figures written"), default=0)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("snapshot of the figures")
        verbose_name_plural = _("snapshots of the figures")

    def __str__(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M}"


class Figure(models.Model):
    """One row of one table (``reports.catalogue``) for one slice."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="+", db_index=False)
    # ``TableSpec.name``, e.g. "departures.by-month".
    table = models.CharField(max_length=48)
    # ``Scope.token``: "all", "prefecture-4", "lpk-17", "blk-3", "association-2".
    scope = models.CharField(max_length=32)
    # The calendar year the table's own date falls in; 0 for every year.
    year = models.PositiveSmallIntegerField(default=0)
    # ``placements.models.Track`` value; "" for every programme.
    programme = models.CharField(max_length=10, blank=True)
    # What the row is about, in the table's ``key_kind`` ("2026-03", a prefecture's id, "registered").
    key = models.CharField(max_length=48)
    # The row's order in its table.
    position = models.PositiveIntegerField(default=0)
    # The row's numbers by ``Column.name``; a missing one is unknown, not zero.
    values = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "table", "scope", "year", "programme", "position"], name="figure_slice")
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.scope} {self.year or '*'} {self.programme or '*'} {self.key}"


class RefreshLock(models.Model):
    """The one row (pk 1) a refresh holds while it runs, so that two refreshes
    (two beat runs, the command beside the beat) never write at once.

    Taken by one conditional UPDATE ("free, or its lease ran out") rather than
    a transaction held open through the refresh: that transaction would last
    minutes, and on SQLite would block every other writer for as long. A
    lease rather than the cache's ``add``: the embedded mode's cache is per
    process, and a lease in the database holds across every process and
    server. A refresh that died frees the row when its lease runs out; a
    running one renews it after every batch it writes.
    """

    holder = models.CharField(max_length=32, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lock of the figures' refresh")
        verbose_name_plural = _("locks of the figures' refresh")

    def __str__(self) -> str:
        return self.holder or "-"


def _monthly_report_path(report: MonthlyReport, filename: str) -> str:
    return f"reports/monthly/{report.month:%Y-%m}-{report.language}.pdf"


class MonthlyReportQuerySet(models.QuerySet["MonthlyReport"]):
    def newest_first(self) -> MonthlyReportQuerySet:
        return self.order_by("-month", "language")


class MonthlyReport(models.Model):
    """The ministry's monthly PDF of every dashboard for the whole programme,
    made on the 1st for the month before (``reports.actions_monthly``) and
    kept. The file is private: only the ministry downloads it."""

    # The first day of the month reported on.
    month = models.DateField(_("month"))
    language = models.CharField(_("language"), max_length=8, default="id")
    file = models.FileField(_("file"), upload_to=_monthly_report_path)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    # The figures it shows. Kept when old snapshots are cleared away: the PDF holds its figures itself.
    snapshot = models.ForeignKey(
        Snapshot, verbose_name=_("figures as of"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            # Making a month again replaces its report (reports.actions_monthly): one per month and language.
            models.UniqueConstraint(fields=["month", "language"], name="one_monthly_report_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_report_month_starts_on_1st"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.language})"
