"""The ``placements`` tables: who is in Japan now, and who moved from TITP to SSW.

``placements.active-by-prefecture``: placements in Japan (status "in Japan")
when the refresh reads them, by their prefecture (its primary key), largest
first; one row a worker, since a person has one open placement. Kept for
every year together only (it is "now"); programme: the placement's.

``placements.titp-to-ssw`` (rows by year) and ``…-by-field`` (rows by SSW
field, kept per year): a move is a placement in SSW (i or ii), not
cancelled, that follows a TITP placement (``Placement.follows``: the change
of programme in Japan). Its year is the year the TITP placement ended (else
the SSW one started). ``finished`` counts TITP placements that ended that
year by completing or by moving on to another programme: those who could
have moved on. A move belongs to both programmes it joins, so both tables
read the same for every programme, TITP and SSW. Scopes: the SSW (or the
finished TITP) placement's prefecture and the participant's.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import numpy as np
from django.db.models.functions import Coalesce, ExtractYear

from placements.models import Ending, Placement, PlacementStatus
from reference.models import Track
from reports.catalogue import TABLES
from reports.compute import FigureRow
from reports.compute.columns import PROGRAMME_CODES, Ints, id_or_zero, read, ssw_stages, titp_stages, track_of_stage
from reports.compute.people import scope_columns
from reports.compute.slicing import Facts, Order, Programmes, Table, groups


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    yield from _active()
    yield from _titp_to_ssw()


def _facts(rows: dict[str, Ints], programme: Ints) -> Facts:
    return Facts.of(
        year=rows["year"],
        programme=programme,
        prefecture=rows["prefecture"],
        association=rows["association"],
        lpk=rows["lpk"],
        blk=rows["blk"],
    )


def _active() -> Iterator[FigureRow]:
    rows = read(
        Placement.objects.in_japan(),
        programme=track_of_stage(),
        prefecture="prefecture_id",
        **scope_columns("participant__"),
    )
    rows["year"] = np.zeros(len(rows["prefecture"]), dtype=np.int64)
    table = Table(TABLES["placements.active-by-prefecture"], order=Order.LARGEST)
    for group in groups(_facts(rows, rows["programme"]), by_year=False):
        table.add_counts(group, rows["prefecture"][group.rows], "active")
    yield from table.rows()


def _titp_to_ssw() -> Iterator[FigureRow]:
    moved = read(
        Placement.objects.filter(stage__in=ssw_stages(), follows__stage__in=titp_stages()).exclude(
            status=PlacementStatus.CANCELLED
        ),
        year=Coalesce(ExtractYear("follows__ended_on"), ExtractYear("starts_on")),
        field=id_or_zero("ssw_field_id"),
        prefecture="prefecture_id",
        **scope_columns("participant__"),
    )
    finished = read(
        Placement.objects.filter(
            stage__in=titp_stages(),
            status=PlacementStatus.ENDED,
            ending__in=[Ending.COMPLETED, Ending.CHANGED_PROGRAMME],
            ended_on__isnull=False,
        ),
        year=ExtractYear("ended_on"),
        prefecture="prefecture_id",
        **scope_columns("participant__"),
    )
    by_year = Table(TABLES["placements.titp-to-ssw"], order=Order.KEY)
    by_field = Table(TABLES["placements.titp-to-ssw-by-field"], order=Order.LARGEST)
    # Counted in every programme and TITP, then again in SSW: the move belongs to both.
    for track, programmes in ((Track.TITP, Programmes.BOTH), (Track.SSW, Programmes.EACH_ONLY)):
        code = PROGRAMME_CODES[track.value]
        for rows, column in ((moved, "moved"), (finished, "finished")):
            facts = _facts(rows, np.full(len(rows["year"]), code, dtype=np.int64))
            for group in groups(facts, by_year=False, programmes=programmes):
                by_year.add_counts(group, rows["year"][group.rows], column)
        facts = _facts(moved, np.full(len(moved["year"]), code, dtype=np.int64))
        for group in groups(facts, by_year=True, programmes=programmes):
            fields = moved["field"][group.rows]
            by_field.add_counts(group.take(fields > 0), fields[fields > 0], "moved")
    yield from by_year.rows()
    yield from by_field.rows()
