"""Whose figures a row is: the participant's scopes, read beside any table
that reaches a participant.

* LPK/SO: the participant's sending organization now;
* association: that LPK/SO's parent, when it is an association (AP2LN);
* BLK: the participant's training centre;
* programme (for tables about participants rather than placements): the
  track of the participant's sending programme;
* prefecture: for a placement, its own prefecture; for a participant, every
  prefecture they have (had) a placement in, cancelled ones aside.
"""

from __future__ import annotations

import numpy as np
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.expressions import Combinable

from accounts.models import OrganizationKind
from placements.models import Placement, PlacementStatus
from reports.compute.columns import PROGRAMME_CODES, Ints, code_of, id_or_zero, read_distinct


def scope_columns(prefix: str = "") -> dict[str, str | Combinable]:
    """``columns.read`` columns for the participant reached through ``prefix`` ("participant__", or "")."""
    parent = f"{prefix}sending_organization__parent"
    return {
        "lpk": id_or_zero(f"{prefix}sending_organization_id"),
        "association": Case(
            When(**{f"{parent}__kind": OrganizationKind.ASSOCIATION}, then=F(f"{parent}_id")),
            default=Value(0),
            output_field=IntegerField(),
        ),
        "blk": id_or_zero(f"{prefix}training_centre_id"),
    }


def programme_column(prefix: str = "") -> Combinable:
    return code_of(f"{prefix}sending_programme__track", PROGRAMME_CODES)


def expand(starts: Ints, counts: Ints) -> Ints:
    """The indices ``starts[i] … starts[i] + counts[i] - 1`` for every i, one after another."""
    total = int(counts.sum())
    offsets = np.cumsum(counts) - counts
    return (np.repeat(starts - offsets, counts) + np.arange(total, dtype=np.int64)).astype(np.int64)


def prefectures_of(participants: Ints) -> tuple[Ints, Ints]:
    """(rows, prefecture ids): each row of ``participants`` (ids, repeats
    allowed) once for every prefecture that participant had a placement in."""
    pairs = read_distinct(
        Placement.objects.exclude(status=PlacementStatus.CANCELLED),
        participant="participant_id",
        prefecture="prefecture_id",
    )
    order = np.argsort(participants, kind="stable")
    ordered = participants[order]
    left = np.searchsorted(ordered, pairs["participant"], side="left")
    counts = np.searchsorted(ordered, pairs["participant"], side="right") - left
    rows = order[expand(left.astype(np.int64), counts.astype(np.int64))]
    return rows.astype(np.int64), np.repeat(pairs["prefecture"], counts)
