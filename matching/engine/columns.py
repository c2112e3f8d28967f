"""The engine's inputs: participants and job orders as columns of numbers.

Nothing here knows the ORM. ``matching.loader`` fills these from the database
column by column; the benchmark and tests build them directly. Row ``i`` of
every candidate array is one participant, row ``j`` of every order array one
job order; results refer to rows, and ``ids`` maps a row back to its pk.

Dates are ``YYYYMMDD`` integers: ``(day - birth) // 10000`` is the exact age
in whole years on ``day``, with no calendar arithmetic per row.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Codes of reference.Track, in the order the loader and generators use.
TRACK_CODES = ("titp", "ssw", "esd", "engineer")

NO_TRADE = -1  # the participant has no trade, or the order names no preferred trade
NO_KIND = -1  # the order has no job category or SSW field: no trade requirement
NO_ORGANIZATION = -1
NO_AGE_LIMIT_MIN = 0
NO_AGE_LIMIT_MAX = 255


class FitLevel(enum.IntEnum):
    """How a participant's trade fits an order's job kind (reference.ProgrammeJobFit)."""

    NONE = 0
    SIMILAR = 1
    SAME = 2
    # The order names no job kind, so any trade is accepted; scored as similar.
    NOT_REQUIRED = 3
    # A returnee's record in Japan (matching.loader.JapanRecord): they worked
    # this job (a TITP job category, or one belonging to the SSW field) there,
    # under a year, or a year or more; or they completed TITP stage ii in a job
    # category of the order's SSW field, which exempts them from its skill
    # test (rules.titp_category_in_ssw_field).
    JAPAN_BRIEF = 4
    JAPAN = 5
    JAPAN_EXEMPT = 6


# The levels from least to most worth: where a returnee's Japan record is
# worth more than their trade for a job kind, it is the pair's level.
_BY_WORTH = (
    FitLevel.NONE,
    FitLevel.NOT_REQUIRED,
    FitLevel.SIMILAR,
    FitLevel.JAPAN_BRIEF,
    FitLevel.SAME,
    FitLevel.JAPAN,
    FitLevel.JAPAN_EXEMPT,
)
FIT_RANK = np.zeros(max(FitLevel) + 1, dtype=np.int8)
FIT_RANK[list(_BY_WORTH)] = np.arange(len(_BY_WORTH), dtype=np.int8)


class Constraint(enum.IntEnum):
    """Why a participant is not eligible for an order.

    The first constraint a pair fails, in ``CHECK_ORDER``, is its reason.
    What the job is comes first (programme, the TITP stage it recruits for,
    trade), then the person's own state: someone trained for another job is
    "other trade" whether or not their passport is due, and the page for one
    order can leave other programmes' participants unread. The numbers are
    stored (matching.models), so they never change meaning; new ones are
    appended, and take their place in ``CHECK_ORDER``.
    """

    PROGRAMME = 1  # the participant's sending programme leads to another residence programme
    TRADE = 2  # the trade is neither the same nor similar to the order's job kind
    READINESS = 3  # readiness lapsed (health check or passport) before today
    LANGUAGE = 4  # Japanese below the order's minimum
    AGE = 5  # age on the order's start date outside the order's range
    SENDING_ORGANIZATION = 6  # the order is served by other LPK/SOs than the participant's
    SHORTLIST_CAP = 7  # already on the most live shortlists a participant may be on
    NO_POSITION = 8  # eligible, but the positions went to others (assignment only)
    # A TITP order for stage ii (never recruited: the same trainee moves on at
    # the same company) or stage iii (returnees who completed stage ii only).
    TITP_STAGE = 9


# The order constraints are checked in: what the job is, then the person.
CHECK_ORDER = (
    Constraint.PROGRAMME,
    Constraint.TITP_STAGE,
    Constraint.TRADE,
    Constraint.READINESS,
    Constraint.LANGUAGE,
    Constraint.AGE,
    Constraint.SENDING_ORGANIZATION,
    Constraint.SHORTLIST_CAP,
    Constraint.NO_POSITION,
)
# CHECK_RANK[constraint] is its place in CHECK_ORDER (0 = eligible), so "further
# along" compares ranks, not the stored numbers.
CHECK_RANK = np.zeros(max(Constraint) + 1, dtype=np.int8)
CHECK_RANK[list(CHECK_ORDER)] = np.arange(1, len(CHECK_ORDER) + 1, dtype=np.int8)


@dataclass(frozen=True, kw_only=True)
class Candidates:
    """Participants in the pool (status ready or shortlisted), one row each."""

    ids: NDArray[np.int64]  # Participant.pk
    trade: NDArray[np.int16]  # row in FitTable.levels, NO_TRADE if none
    track: NDArray[np.int8]  # index into TRACK_CODES of the sending programme's track
    language_rank: NDArray[np.int16]  # highest valid LanguageTest.rank that counts (0 = none)
    birth: NDArray[np.int32]  # YYYYMMDD
    sending_organization: NDArray[np.int32]  # Organization.pk of the LPK/SO, NO_ORGANIZATION if none
    assessment: NDArray[np.float32]  # mean assessment result as a share of the full mark, 0..1 (0 = none)
    training_hours: NDArray[np.float32]  # completed training hours (BLK and LPK/SO)
    waiting_days: NDArray[np.int32]  # days since the participant became ready
    ready_until: NDArray[np.int32]  # YYYYMMDD: last day readiness holds (health, passport)
    live_shortlists: NDArray[np.int8]  # published shortlists of open orders the participant is on
    # The highest TITP stage the participant completed (0: none on record),
    # from their placements that ended as completed.
    completed_titp_stage: NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, kw_only=True)
class JobOrders:
    """Open job orders, one row each."""

    ids: NDArray[np.int64]  # JobOrder.pk
    kind: NDArray[np.int16]  # column in FitTable.levels, NO_KIND if the order names none
    track: NDArray[np.int8]  # index into TRACK_CODES
    min_language_rank: NDArray[np.int16]  # 0 = no minimum
    min_age: NDArray[np.int16]  # NO_AGE_LIMIT_MIN when none
    max_age: NDArray[np.int16]  # NO_AGE_LIMIT_MAX when none
    start: NDArray[np.int32]  # YYYYMMDD
    positions: NDArray[np.int32]  # open positions
    preferred_trade: NDArray[np.int16]  # row in FitTable.levels, NO_TRADE if none
    # The LPK/SOs serving each order, CSR style: order j is served by
    # served_by[served_offsets[j]:served_offsets[j + 1]]; an empty range means any.
    served_offsets: NDArray[np.int64]  # length len(ids) + 1
    served_by: NDArray[np.int32]  # Organization.pk
    titp_stage: NDArray[np.int8]  # the TITP stage the order recruits for; 0 for other programmes

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: NDArray[np.integer[Any]]) -> JobOrders:
        """The orders at ``rows`` (sorted), their serving LPK/SOs with them."""
        rows = np.asarray(rows, dtype=np.int64)
        per_order = np.diff(self.served_offsets)[rows]
        starts = self.served_offsets[rows]
        # Each kept order's run of served_by, one after the other.
        within = np.arange(int(per_order.sum()), dtype=np.int64) - np.repeat(
            np.cumsum(per_order) - per_order, per_order
        )
        return JobOrders(
            **{
                name: getattr(self, name)[rows]
                for name in JobOrders.__dataclass_fields__
                if name not in {"served_offsets", "served_by"}
            },
            served_offsets=np.concatenate([[0], np.cumsum(per_order)]).astype(np.int64),
            served_by=self.served_by[np.repeat(starts, per_order) + within].astype(np.int32),
        )


@dataclass(frozen=True)
class FitTable:
    """levels[trade, kind] is a FitLevel.

    A row is a BLK trade, or a returnee's trade together with their record in
    Japan (its levels the better of the two, by FIT_RANK). ``base`` maps each
    row to its BLK trade's row (NO_TRADE for none), for the order's preferred
    trade; None when every row is a plain trade.
    """

    levels: NDArray[np.int8]
    base: NDArray[np.int16] | None = None

    def base_trade(self, trade: NDArray[np.integer[Any]]) -> NDArray[np.int16]:
        """The BLK trade row of each row in ``trade`` (NO_TRADE stays NO_TRADE)."""
        rows = np.asarray(trade, dtype=np.int16)
        if self.base is None:
            return rows
        return np.where(rows >= 0, self.base[np.maximum(rows, 0)], rows).astype(np.int16)


@dataclass(frozen=True, kw_only=True)
class Weights:
    """How much each part counts (the ministry sets these, matching.models.ScoreWeights).

    A part is a number from 0 to 1; the score is the weighted sum scaled so
    that the weights' total gives 1000 points: integer scores keep the
    min-cost flow exact.
    """

    trade_fit: int = 30
    language: int = 20
    assessment: int = 20
    training: int = 10
    waiting: int = 10
    preference: int = 10
    # A part reaches 1 at these figures.
    language_rank_full: int = 50  # JLPT N1
    training_hours_full: int = 960
    waiting_days_full: int = 365
    # Shortlists: k = shortlist_factor × positions; each candidate on at most shortlist_cap live shortlists.
    shortlist_factor: int = 3
    shortlist_cap: int = 2
