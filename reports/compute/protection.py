"""The ``protection`` tables: grievances and fee-policy violations per 100 workers.

``protection.grievances``: protection cases (``protection.Case``) by
category, in the year they were opened (``opened_at`` in TIME_ZONE). A case
belongs to the programme and prefecture of the placement it is about, and to
the scopes of its worker (the case's participant, else its placement's). A
case that names no worker (anonymous, without a placement) counts in the
whole programme only, and one without a placement in every programme only.
``workers``: the people in Japan at some time in the year (every year: ever),
each once: placements that flew (``departed_on``) and were not cancelled,
from their departure (a placement following another: from its start) to
their end, or the day of the figures while still in Japan. A worker counts
in the programme and prefecture of each placement they held that year.

``protection.fee-violations``: ledger entries that broke the fee policy in
force on their day and were not reversed (``EntryQuerySet.violations``), by
the rule family that refused them ("unknown" where none was recorded), in
the year of the payment (``paid_on``). ``workers``: the participants with
any ledger entry that year (every year: any entry). Programme and scopes:
the participant's (``reports.compute.people``).

Rows are written for the categories or rules with at least one case; a
slice without any reads as an empty table.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import numpy as np
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from ledger.models import LedgerEntry
from placements.models import Placement, PlacementStatus
from protection.models import Case as ProtectionCase
from protection.models import Category
from reports.catalogue import TABLES
from reports.compute import FigureRow
from reports.compute.columns import Ints, code_of, id_or_zero, read, read_distinct, text_codes, track_of_stage
from reports.compute.people import expand, prefectures_of, programme_column, scope_columns
from reports.compute.slicing import (
    PROGRAMME_VALUES,
    Facts,
    Order,
    SliceKey,
    Table,
    distinct_rows,
    group_count,
    groups,
    scope_token,
)

UNKNOWN_RULE = "unknown"
_CATEGORY_CODES = text_codes(Category.values)


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    yield from _grievances(now=now)
    yield from _fee_violations()


def _distinct_counts(facts: Facts, people: Ints, *, by_year: bool = True) -> dict[SliceKey, int]:
    """How many of ``people`` (one per fact) each slice has, each once."""
    counted: dict[SliceKey, int] = {}
    for group in groups(facts, by_year=by_year):
        unique = distinct_rows([group.scope, group.year, group.programme, people[group.rows]])
        slices, counts = group_count(unique[:-1])
        for scope, year, programme, count in zip(*(c.tolist() for c in slices), counts.tolist(), strict=True):
            counted[(scope_token(group.kind, scope), year, PROGRAMME_VALUES[programme])] = count
    return counted


def workers_in_japan(*, now: datetime.datetime) -> dict[SliceKey, int]:
    this_year = now.year
    started = Case(
        When(follows__isnull=False, then=ExtractYear("starts_on")),
        default=ExtractYear("departed_on"),
        output_field=IntegerField(),
    )
    stays = read(
        Placement.objects.filter(departed_on__isnull=False).exclude(status=PlacementStatus.CANCELLED),
        participant="participant_id",
        first=started,
        last=Coalesce(ExtractYear("ended_on"), Value(this_year)),
        programme=track_of_stage(),
        prefecture="prefecture_id",
        **scope_columns("participant__"),
    )
    first = np.minimum(stays["first"], this_year)
    spans = np.maximum(np.minimum(stays["last"], this_year) - first + 1, 1)
    # One row per placement and year it overlaps.
    rows = np.repeat(np.arange(len(first), dtype=np.int64), spans)
    years = first[rows] + expand(np.zeros(len(first), dtype=np.int64), spans)
    facts = Facts.of(
        year=years,
        programme=stays["programme"][rows],
        prefecture=stays["prefecture"][rows],
        association=stays["association"][rows],
        lpk=stays["lpk"][rows],
        blk=stays["blk"][rows],
    )
    return _distinct_counts(facts, stays["participant"][rows])


def _grievances(*, now: datetime.datetime) -> Iterator[FigureRow]:
    cases = read(
        ProtectionCase.objects.all(),
        year=ExtractYear("opened_at"),
        category=code_of("category", _CATEGORY_CODES),
        programme=track_of_stage("placement__stage"),
        prefecture=id_or_zero("placement__prefecture_id"),
        **scope_columns("participant__"),
        **{f"placed_{name}": column for name, column in scope_columns("placement__participant__").items()},
    )
    # The case's worker, else its placement's.
    own = {
        name: np.where(cases[name] > 0, cases[name], cases[f"placed_{name}"]) for name in ("lpk", "association", "blk")
    }
    facts = Facts.of(year=cases["year"], programme=cases["programme"], prefecture=cases["prefecture"], **own)
    table = Table(TABLES["protection.grievances"], order=Order.LARGEST, key_text=lambda code: Category.values[code - 1])
    known = cases["category"] > 0
    for group in groups(facts, by_year=True):
        keep = known[group.rows]
        table.add_counts(group.take(keep), cases["category"][group.rows][keep], "cases")
    _with_workers(table, workers_in_japan(now=now))
    yield from table.rows()


def _fee_violations() -> Iterator[FigureRow]:
    violations = LedgerEntry.objects.violations()
    families = sorted(set(violations.values_list("policy_family", flat=True).distinct().order_by()))
    rules = [family or UNKNOWN_RULE for family in families]
    rows = read(
        violations,
        participant="participant_id",
        year=ExtractYear("paid_on"),
        rule=code_of("policy_family", text_codes(families)),
        programme=programme_column("participant__"),
        **scope_columns("participant__"),
    )
    table = Table(TABLES["protection.fee-violations"], order=Order.LARGEST, key_text=lambda code: rules[code - 1])
    for group in groups(_participant_facts(rows), by_year=True):
        table.add_counts(group, rows["rule"][group.rows], "violations")
    paying = read_distinct(
        LedgerEntry.objects.all(),
        participant="participant_id",
        year=ExtractYear("paid_on"),
        programme=programme_column("participant__"),
        **scope_columns("participant__"),
    )
    _with_workers(table, _distinct_counts(_participant_facts(paying), paying["participant"]))
    yield from table.rows()


def _with_workers(table: Table, workers: dict[SliceKey, int]) -> None:
    """Every row of a slice carries the slice's workers: the whole the rate is taken of."""
    for (scope, year, programme, _key), values in table.cells.items():
        values["workers"] = workers.get((scope, year, programme), 0)


def _participant_facts(rows: dict[str, Ints]) -> Facts:
    return Facts.of(
        year=rows["year"],
        programme=rows["programme"],
        prefecture=prefectures_of(rows["participant"]),
        association=rows["association"],
        lpk=rows["lpk"],
        blk=rows["blk"],
    )
