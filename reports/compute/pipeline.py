"""``pipeline.funnel``: from registration to return.

Who counts: every participant, in the year they registered (``registered_at``
in TIME_ZONE: a cohort) and in the programme of their sending programme
(participants without one count in "every programme" only). Scopes are the
participant's (``reports.compute.people``); a prefecture counts those who
have had a placement in it.

The stages, in order (``STAGES``, the keys of the table), and the statuses
that reach each: registered (everyone), trained (in training), ready,
shortlisted, selected (selected, pre-departure), departed, placed (placed,
transferred, missing, deceased), returned (returned early or at the end).

* ``reached``: participants whose furthest stage, from their status history
  and their status now, is this one or a later one. A person whose history
  skips a stage (entered by an import at "ready") still passed it; one who
  withdrew counts up to the stage they left from. So the funnel never widens.
* ``previous``: ``reached`` of the stage before (none for "registered").
* ``median_days``: among those who entered the stage and later entered a
  further one, the median of whole days (24-hour periods) from first
  entering the stage (registration: ``registered_at``) to first entering
  any later stage; the mean of the two middle values rounded half up for an
  even count; None when nobody has moved on. "returned" is where the funnel
  ends: it has no median. A returnee who goes round again counts by their
  first time through each stage.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import numpy as np
from django.db.models.functions import ExtractYear

from participants.models import Participant, Status, StatusChange
from reports.catalogue import PIPELINE
from reports.compute import FigureRow
from reports.compute.columns import EpochSeconds, Ints, code_of, positions_of, read
from reports.compute.people import prefectures_of, programme_column, scope_columns
from reports.compute.slicing import PROGRAMME_VALUES, Facts, Group, Order, Table, group_count, groups, scope_token

STAGES = ("registered", "trained", "ready", "shortlisted", "selected", "departed", "placed", "returned")
STAGE_OF_STATUS = {
    Status.REGISTERED: 0,
    Status.IN_TRAINING: 1,
    Status.READY: 2,
    Status.SHORTLISTED: 3,
    Status.SELECTED: 4,
    Status.PRE_DEPARTURE: 4,
    Status.DEPARTED: 5,
    Status.PLACED: 6,
    Status.TRANSFERRED: 6,
    Status.MISSING: 6,
    Status.DECEASED: 6,
    Status.RETURNED_EARLY: 7,
    Status.RETURNED: 7,
}
DAY_SECONDS = 86_400
_NEVER = np.iinfo(np.int64).max
# Stage codes in the database are the stage's index + 1, so that 0 is "no stage" (withdrawn, disqualified).
_STAGE_CODES = {status.value: stage + 1 for status, stage in STAGE_OF_STATUS.items()}


def compute(*, now: datetime.datetime) -> Iterator[FigureRow]:
    people = read(
        Participant.objects.all(),
        id="id",
        year=ExtractYear("registered_at"),
        registered=EpochSeconds("registered_at"),
        stage=code_of("status", _STAGE_CODES),
        programme=programme_column(),
        **scope_columns(),
    )
    order = np.argsort(people["id"], kind="stable")
    people = {name: column[order] for name, column in people.items()}
    furthest, days = _journeys(people)
    facts = Facts.of(
        year=people["year"],
        programme=people["programme"],
        prefecture=prefectures_of(people["id"]),
        association=people["association"],
        lpk=people["lpk"],
        blk=people["blk"],
    )
    table = Table(
        PIPELINE.tables[0],
        order=Order.GIVEN,
        keys=STAGES,
        key_text=lambda stage: STAGES[stage],
        unknown_columns=("previous",),
    )
    for group in groups(facts, by_year=True):
        _reached(table, group, furthest[group.rows])
        _medians(table, group, days[group.rows])
    yield from table.rows()


def _journeys(people: dict[str, Ints]) -> tuple[Ints, Ints]:
    """Each participant's furthest stage, and the whole days spent in each
    stage before the last (-1 where they did not move on from it)."""
    history = read(
        StatusChange.objects.filter(to_status__in=list(_STAGE_CODES)),
        participant="participant_id",
        stage=code_of("to_status", _STAGE_CODES),
        at=EpochSeconds("changed_at"),
    )
    rows = positions_of(history["participant"], people["id"])
    known = rows >= 0
    rows, stages, moments = rows[known], history["stage"][known] - 1, history["at"][known]
    furthest = np.maximum(people["stage"] - 1, 0)
    np.maximum.at(furthest, rows, stages)
    entered = np.full((len(people["id"]), len(STAGES)), _NEVER, dtype=np.int64)
    entered[:, 0] = people["registered"]
    np.minimum.at(entered, (rows, stages), moments)
    # The first entry into any later stage: a running minimum from the last stage back.
    later = np.minimum.accumulate(entered[:, ::-1], axis=1)[:, ::-1]
    left, moved_on = entered[:, :-1], later[:, 1:]
    done = (left != _NEVER) & (moved_on != _NEVER) & (moved_on >= left)
    days = np.where(done, (moved_on - np.where(done, left, 0)) // DAY_SECONDS, -1)
    return furthest, days


def _reached(table: Table, group: Group, furthest: Ints) -> None:
    """``reached`` and ``previous`` of every stage someone in the slice reached."""
    unique, counts = group_count([group.scope, group.year, group.programme, furthest])
    by_slice: dict[tuple[str, int, str], list[int]] = {}
    scopes, years, programmes, stages = (column.tolist() for column in unique)
    for scope, year, programme, stage, count in zip(scopes, years, programmes, stages, counts.tolist(), strict=True):
        where = (scope_token(group.kind, scope), year, PROGRAMME_VALUES[programme])
        by_slice.setdefault(where, [0] * len(STAGES))[stage] += count
    for where, at_furthest in by_slice.items():
        reached = np.cumsum(at_furthest[::-1])[::-1].tolist()
        for stage, name in enumerate(STAGES):
            previous = reached[stage - 1] if stage else None
            if reached[stage] or previous:
                values = (
                    {"reached": reached[stage]}
                    if previous is None
                    else {"reached": reached[stage], "previous": previous}
                )
                table.put_cell(where, name, values)


def _medians(table: Table, group: Group, days: Ints) -> None:
    rows, stages = np.nonzero(days >= 0)
    table.add_medians(group.take(rows), stages.astype(np.int64), days[rows, stages], "median_days")
