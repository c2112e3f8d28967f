"""Where the kinds of obligation are kept: each is a ``Source``, a queryset of
open obligations with the same named columns, read by the sweep and the to-do
lists alike.

Plugging in a kind (the return follow-ups, for instance)::

    from placements.deadlines import JAKARTA, Source, register

    register(
        Source(
            kind="follow_up",  # at most 30 characters, unique
            label=_("follow-up after the return"),
            zone=JAKARTA,  # the country whose rule sets the date
            leads=(14,),  # notices this many days ahead, then one when overdue
            rows=lambda: FollowUp.objects.pending().values(
                ob_subject=F("pk"),
                ob_due=F("due_on"),
                ob_organization=F("placement__participant__sending_organization"),
                ob_company=Cast(Value(None), output_field=BigIntegerField()),
                ob_placement=F("placement"),
                ob_participant=F("placement__participant"),
            ),
        )
    )

``rows`` returns one row per obligation still to be met (done ones left out),
with exactly the columns in ``COLUMNS``: the id of the row it is about
(unique within the kind), the due day (a date column or expression: the
engine filters and orders on it in SQL), the organization that must act (never
null), the employer it concerns (or null), the placement and participant (or
null). Call ``register`` once, at import time of a module that Django imports
(an app's ``apps.py`` ``ready()``). A kind's rows must be computable by the
database: never evaluate them in Python.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django_stubs_ext import StrOrPromise

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")

COLUMNS = ("ob_subject", "ob_due", "ob_organization", "ob_company", "ob_placement", "ob_participant")


@dataclass(frozen=True)
class Source:
    kind: str
    label: StrOrPromise
    zone: zoneinfo.ZoneInfo
    # Days ahead of the due day at which a notice is sent, e.g. (90, 30).
    leads: tuple[int, ...]
    rows: Callable[[], QuerySet[Any, Any]]

    def __post_init__(self) -> None:
        if not self.leads or any(lead <= 0 for lead in self.leads) or len(set(self.leads)) != len(self.leads):
            raise ValueError(f"{self.kind}: leads must be distinct positive numbers of days")

    def today(self, now: datetime.datetime) -> datetime.date:
        """The day it is where the rule is made: Japan's day for Japanese duties."""
        return now.astimezone(self.zone).date()

    @property
    def horizon(self) -> int:
        """How far ahead an obligation of this kind shows on a to-do list."""
        return max(self.leads)


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    if len(source.kind) > 30:
        raise ValueError(f"{source.kind}: a kind is at most 30 characters (Notice.kind)")
    if source.kind in _SOURCES and _SOURCES[source.kind] is not source:
        raise ValueError(f"{source.kind} is registered already")
    _SOURCES[source.kind] = source
    return source


def unregister(kind: str) -> None:
    _SOURCES.pop(kind, None)


def registered() -> list[Source]:
    return list(_SOURCES.values())


def source_of(kind: str) -> Source | None:
    return _SOURCES.get(kind)
