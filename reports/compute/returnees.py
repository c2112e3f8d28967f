"""The ``returnees`` tables: what people do 3, 6 and 12 months after coming home.

Each flight home schedules a follow-up at 3, 6 and 12 months
(``placements.models.returns``). Year: the year of the flight home
(``HomeReturn.returned_on``). Programme and prefecture: the placement's that
ended; the other scopes: the participant's.

``returnees.work``: rows by what the follow-up says (``Work``: employed, own
business, not working, in that order) and "unknown" last; columns by the
follow-up's month mark. A follow-up counts once entered; one that is due
(its day reached in Jakarta on the day of the figures) but not entered, or
entered without an answer about work, is "unknown"; one not due yet is not
counted at all.

``returnees.in-trade``: rows "3", "6", "12"; ``answered`` the entered
follow-ups, ``in_trade`` those saying the returnee works in the trade
learned in Japan.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear

from placements.models import FollowUp
from placements.models.returns import FOLLOW_UP_MONTHS, JAKARTA, Work
from reports.catalogue import TABLES
from reports.compute import FigureRow
from reports.compute.columns import code_of, read, text_codes, track_of_stage
from reports.compute.people import scope_columns
from reports.compute.slicing import Facts, Order, Table, groups

UNKNOWN = "unknown"
WORKS = (*Work.values, UNKNOWN)
_WORK_CODES = text_codes(Work.values)  # 0: no answer about work
_UNKNOWN_CODE = len(WORKS)


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    today = now.astimezone(zoneinfo.ZoneInfo(str(JAKARTA))).date()
    counted = FollowUp.objects.filter(Q(entered_at__isnull=False) | Q(due_on__lte=today))
    rows = read(
        counted,
        months="months",
        work=code_of("work", _WORK_CODES),
        entered=_flag(Q(entered_at__isnull=False)),
        in_trade=_flag(Q(in_trade=True)),
        year=ExtractYear("home_return__returned_on"),
        programme=track_of_stage("placement__stage"),
        prefecture="placement__prefecture_id",
        **scope_columns("placement__participant__"),
    )
    facts = Facts.of(
        year=rows["year"],
        programme=rows["programme"],
        prefecture=rows["prefecture"],
        association=rows["association"],
        lpk=rows["lpk"],
        blk=rows["blk"],
    )
    work = Table(TABLES["returnees.work"], order=Order.GIVEN, keys=WORKS, key_text=lambda code: WORKS[code - 1])
    in_trade = Table(TABLES["returnees.in-trade"], order=Order.GIVEN, keys=[str(m) for m in FOLLOW_UP_MONTHS])
    work_code = rows["work"].copy()
    work_code[(rows["entered"] == 0) | (work_code == 0)] = _UNKNOWN_CODE
    for group in groups(facts, by_year=True):
        months = rows["months"][group.rows]
        for mark in FOLLOW_UP_MONTHS:
            at_mark = months == mark
            work.add_counts(group.take(at_mark), work_code[group.rows][at_mark], f"after_{mark}")
        entered = rows["entered"][group.rows] == 1
        in_trade.add_counts(group.take(entered), months[entered], "answered")
        yes = entered & (rows["in_trade"][group.rows] == 1)
        in_trade.add_counts(group.take(yes), months[yes], "in_trade")
    yield from work.rows()
    yield from in_trade.rows()


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
