"""To-do lists: the obligations of an organization or a person, overdue first,
then by due day, each read on its own country's day.

Each kind's rows are filtered, ordered and cut by the database; only the few
rows a page shows come back, as plain values.
"""

from __future__ import annotations

import datetime
import heapq
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django_stubs_ext import StrOrPromise

from placements.deadlines.planner import without_jit
from placements.deadlines.registry import Source, registered

# A page of a to-do list: enough for the busiest supervising organization's
# month, few enough to read on a phone.
LIMIT = 200


@dataclass(frozen=True)
class Scope:
    """Whose obligations: every one (ministry, embassy), those of some
    organizations (as the one that acts or as the employer), one person's, or
    one placement's."""

    everything: bool = False
    organization_ids: tuple[int, ...] = ()
    participant_id: int | None = None
    # One worker's (the placement page's section).
    placement_id: int | None = None

    def condition(self) -> Q | None:
        if self.everything:
            return None
        condition = Q(pk__in=[])
        if self.organization_ids:
            condition |= Q(ob_organization__in=self.organization_ids) | Q(ob_company__in=self.organization_ids)
        if self.participant_id is not None:
            condition |= Q(ob_participant=self.participant_id)
        if self.placement_id is not None:
            condition |= Q(ob_placement=self.placement_id)
        return condition


@dataclass(frozen=True)
class Obligation:
    kind: str
    label: StrOrPromise
    subject_id: int
    due_on: datetime.date
    # The day it is where the rule is made (Tokyo or Jakarta), when read.
    today: datetime.date
    organization_id: int
    company_id: int | None
    placement_id: int | None
    participant_id: int | None

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    @property
    def is_overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def sort_key(self) -> tuple[datetime.date, str, int]:
        return (self.due_on, self.kind, self.subject_id)


def obligations(*, scope: Scope, now: datetime.datetime, limit: int = LIMIT) -> list[Obligation]:
    """The obligations in ``scope`` due within each kind's notice horizon
    (overdue ones included), earliest due first: overdue at the top."""
    with without_jit():
        per_kind = [_of_kind(source, scope=scope, now=now, limit=limit) for source in registered()]
    return list(heapq.merge(*per_kind, key=lambda obligation: obligation.sort_key))[:limit]


def _of_kind(source: Source, *, scope: Scope, now: datetime.datetime, limit: int) -> list[Obligation]:
    today = source.today(now)
    rows = source.rows().filter(ob_due__lte=today + datetime.timedelta(days=source.horizon))
    condition = scope.condition()
    if condition is not None:
        rows = rows.filter(condition)
    return [_obligation(source, row, today) for row in rows.order_by("ob_due", "ob_subject")[:limit]]


def _obligation(source: Source, row: dict[str, Any], today: datetime.date) -> Obligation:
    return Obligation(
        kind=source.kind,
        label=source.label,
        subject_id=row["ob_subject"],
        due_on=row["ob_due"],
        today=today,
        organization_id=row["ob_organization"],
        company_id=row["ob_company"],
        placement_id=row["ob_placement"],
        participant_id=row["ob_participant"],
    )
