"""The ``departures`` tables: people who flew to Japan.

A departure is a placement with a departure day (``departed_on``, set when
its cohort flew) that was not cancelled and follows no other placement: a
transfer, a change of programme or a return to work after a disappearance
opens a placement that copies the day of the flight it continues, and is no
flight of its own. Someone who goes to Japan twice (TITP, home, then SSW)
departs twice.

Year and month: those of ``departed_on``. Programme: the placement's (its
stage's track). Scopes: the placement's prefecture; the participant's
LPK/SO, association and BLK (``reports.compute.people``).

Keys: by month "2026-03" and by year "2026" (in time order); by programme
the track; by prefecture, training centre, LPK/SO, trade (the participant's
vocational programme), job category (TITP placements' ``job_category``), SSW
field (SSW placements' ``ssw_field``) and province (of origin, from the NIK)
their primary keys, largest first. A departure without the key's value (no
LPK/SO, no trade) is left out of that table only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear

from placements.models import Placement, PlacementStatus
from reports.catalogue import DEPARTURES, TABLES
from reports.compute import FigureRow
from reports.compute.columns import (
    PROGRAMME_CODES,
    Ints,
    id_or_zero,
    read,
    ssw_stages,
    titp_stages,
    track_of_stage,
)
from reports.compute.people import scope_columns
from reports.compute.slicing import PROGRAMME_VALUES, Facts, Order, Table, groups


def departures() -> dict[str, Ints]:
    flown = Placement.objects.filter(departed_on__isnull=False, follows__isnull=True).exclude(
        status=PlacementStatus.CANCELLED
    )
    return read(
        flown,
        participant="participant_id",
        year=ExtractYear("departed_on"),
        month=ExtractMonth("departed_on"),
        programme=track_of_stage(),
        prefecture="prefecture_id",
        job_category=_when_stage_in(titp_stages(), "job_category_id"),
        ssw_field=_when_stage_in(ssw_stages(), "ssw_field_id"),
        trade=id_or_zero("participant__vocational_programme_id"),
        province="participant__province_id",
        **scope_columns("participant__"),
    )


def _when_stage_in(stages: list[str], field: str) -> Case:
    return Case(When(stage__in=stages, then=id_or_zero(field)), default=Value(0), output_field=IntegerField())


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    rows = departures()
    facts = Facts.of(
        year=rows["year"],
        programme=rows["programme"],
        prefecture=rows["prefecture"],
        association=rows["association"],
        lpk=rows["lpk"],
        blk=rows["blk"],
    )
    for spec in DEPARTURES.tables:
        yield from _table(spec.name, rows, facts)


def _month(code: int) -> str:
    return f"{code // 100:04d}-{code % 100:02d}"


def _table(name: str, rows: dict[str, Ints], facts: Facts) -> Iterator[FigureRow]:
    spec = TABLES[name]
    keys, table = _keys_and_table(name, rows)
    counted = keys > 0
    for group in groups(facts, by_year=spec.by_year):
        keep = counted[group.rows]
        table.add_counts(group.take(keep), keys[group.rows][keep], "departures")
    yield from table.rows()


def _keys_and_table(name: str, rows: dict[str, Ints]) -> tuple[Ints, Table]:
    spec = TABLES[name]
    if name == "departures.by-month":
        return rows["year"] * 100 + rows["month"], Table(spec, order=Order.KEY, key_text=_month)
    if name == "departures.by-year":
        return rows["year"], Table(spec, order=Order.KEY)
    if name == "departures.by-programme":
        return rows["programme"], Table(
            spec, order=Order.GIVEN, keys=list(PROGRAMME_CODES), key_text=PROGRAMME_VALUES.__getitem__
        )
    column = {
        "departures.by-prefecture": "prefecture",
        "departures.by-training-centre": "blk",
        "departures.by-sending-organization": "lpk",
        "departures.by-trade": "trade",
        "departures.by-job-category": "job_category",
        "departures.by-ssw-field": "ssw_field",
        "departures.by-province": "province",
    }[name]
    return rows[column], Table(spec, order=Order.LARGEST)
