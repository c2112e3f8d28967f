"""The sweep: every obligation due within its notice window becomes a notice,
once.

For each kind, the obligations due within its horizon (its longest lead) are
inserted into the notice table by one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` statement, each with the notice stage its due day falls in (say 90
days ahead, 30 days ahead, overdue): the database computes the obligations
and writes the notices without a row passing through Python. The unique key (kind, subject,
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

from placements.deadlines.mail import send_new_notices
from placements.deadlines.planner import without_jit
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


def stages(source: Source, today: datetime.date) -> tuple[str, list[Any]]:
    """SQL for the notice stage of an obligation due on ``o.ob_due``, read on
    ``today``: OVERDUE before today, else the smallest lead whose window
    (today … today + lead days) holds the due day; and its parameters."""
    adapt = connection.ops.adapt_datefield_value
    cases = ["WHEN o.ob_due < %s THEN %s"]
    params: list[Any] = [adapt(today), OVERDUE]
    for lead in sorted(source.leads):
        cases.append("WHEN o.ob_due <= %s THEN %s")
        params += [adapt(today + datetime.timedelta(days=lead)), lead]
    return f"CASE {' '.join(cases)} END", params


def sweep(*, now: datetime.datetime) -> SweepResult:
    """Write the notices due at ``now`` (each kind on its own country's day):
    one statement per kind, over the obligations due within its horizon."""
    result = SweepResult()
    for source in registered():
        today = source.today(now)
        due = source.rows().filter(ob_due__lte=today + datetime.timedelta(days=source.horizon))
        result.created[source.kind] = _insert(source, due, today=today, now=now)
    return result


def sweep_and_send(*, now: datetime.datetime) -> SweepResult:
    """What the scheduled job does: the sweep, then the e-mail for what it found."""
    result = sweep(now=now)
    result.emailed = send_new_notices(now=now)
    return result


def _insert(source: Source, rows: Any, *, today: datetime.date, now: datetime.datetime) -> int:
    """INSERT … SELECT … ON CONFLICT DO NOTHING; the number of new notices."""
    inner, inner_params = rows.order_by().query.sql_with_params()
    stage, stage_params = stages(source, today)
    table = connection.ops.quote_name(Notice._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in _INSERTED)
    # "WHERE true": SQLite needs it to tell the upsert clause from a join's ON.
    statement = (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names from the models, values as parameters
        f"SELECT %s, o.ob_subject, o.ob_due, {stage}, o.ob_organization, o.ob_company, o.ob_placement, "
        f"o.ob_participant, %s FROM ({inner}) o WHERE true ON CONFLICT DO NOTHING"
    )
    params = [source.kind, *stage_params, connection.ops.adapt_datetimefield_value(now), *inner_params]
    with without_jit(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        inserted: int = cursor.rowcount
        return max(inserted, 0)
