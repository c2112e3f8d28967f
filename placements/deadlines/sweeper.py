"""The sweep: every obligation due within its notice window becomes a notice,
once.

For each kind and each notice stage (say 90 days ahead, 30 days ahead,
overdue) the obligations whose due day falls in that stage's window are
inserted into the notice table by one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` statement: the database computes the obligations and writes the
notices without a row passing through Python. The unique key (kind, subject,
due day, stage) makes a second sweep, or a second worker sweeping at the same
moment, insert nothing: on PostgreSQL the later insert waits for the earlier
one's row and then skips it.

Only the latest stage an obligation is in is sent: an obligation first seen 20
days ahead gets its 30-day notice, not the 90-day one too.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q

from placements.deadlines.mail import send_new_notices
from placements.deadlines.registry import Source, registered
from placements.models import OVERDUE, Notice

# The notice's columns, in the order the SELECT below gives them.
_INSERTED = (
    "kind",
    "subject_id",
    "due_on",
    "days_ahead",
    "organization_id",
    "company_id",
    "placement_id",
    "participant_id",
    "created_at",
)


@dataclass
class SweepResult:
    # New notices by kind.
    created: dict[str, int] = field(default_factory=dict)
    # Notices e-mailed by this run (new ones, and any an earlier run left unsent).
    emailed: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def windows(source: Source, today: datetime.date) -> list[tuple[int, Q]]:
    """Each notice stage of ``source`` with the due days that fall in it on
    ``today``: overdue before today, then each lead's days up to the next."""
    stages: list[tuple[int, Q]] = [(OVERDUE, Q(ob_due__lt=today))]
    nearer = today - datetime.timedelta(days=1)
    for lead in sorted(source.leads):
        until = today + datetime.timedelta(days=lead)
        stages.append((lead, Q(ob_due__gt=nearer, ob_due__lte=until)))
        nearer = until
    return stages


def sweep(*, now: datetime.datetime) -> SweepResult:
    """Write the notices due at ``now`` (each kind on its own country's day)."""
    result = SweepResult()
    for source in registered():
        today = source.today(now)
        created = 0
        for days_ahead, window in windows(source, today):
            created += _insert(source, source.rows().filter(window), days_ahead=days_ahead, now=now)
        result.created[source.kind] = created
    return result


def sweep_and_send(*, now: datetime.datetime) -> SweepResult:
    """What the scheduled job does: the sweep, then the e-mail for what it found."""
    result = sweep(now=now)
    result.emailed = send_new_notices(now=now)
    return result


def _insert(source: Source, rows: Any, *, days_ahead: int, now: datetime.datetime) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING; the number of new notices."""
    inner, inner_params = rows.order_by().query.sql_with_params()
    table = connection.ops.quote_name(Notice._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in _INSERTED)
    # "WHERE true": SQLite needs it to tell the upsert clause from a join's ON.
    statement = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the models, values as parameters
        f"SELECT %s, o.ob_subject, o.ob_due, %s, o.ob_organization, o.ob_company, o.ob_placement, "
        f"o.ob_participant, %s FROM ({inner}) o WHERE true ON CONFLICT DO NOTHING"
    )
    params = [source.kind, days_ahead, connection.ops.adapt_datetimefield_value(now), *inner_params]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        inserted: int = cursor.rowcount
        return max(inserted, 0)
