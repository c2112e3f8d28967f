"""Who may be matched to which job order, one constraint at a time.

Every eligibility rule is written here once. ``build_pairs``, the per-order
and per-participant explanations below and ``unmatched_reasons`` all call
these functions, so the pairs the engine offers and the reasons it gives for
the others can never disagree.

The row arguments broadcast against each other: one order against every
candidate, one candidate against every order, or two equal-length arrays of
pairs. The constraints are checked in ``PAIR_CONSTRAINTS`` order (that of
``columns.CHECK_ORDER``); a pair's reason is the first one it fails.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from matching.engine.columns import Candidates, Constraint, FitLevel, FitTable, JobOrders

Rows: TypeAlias = NDArray[np.integer[Any]] | int
Mask: TypeAlias = NDArray[np.bool_]

# The constraints a pair itself can fail, in the order they are checked.
PAIR_CONSTRAINTS = (
    Constraint.PROGRAMME,
    Constraint.TITP_STAGE,
    Constraint.TRADE,
    Constraint.READINESS,
    Constraint.LANGUAGE,
    Constraint.AGE,
    Constraint.SENDING_ORGANIZATION,
)

_INT32_MIN = np.iinfo(np.int32).min
_INT32_MAX = np.iinfo(np.int32).max


# --- readiness and programme ----------------------------------------------------------


def is_ready(candidates: Candidates, cand: Rows, *, today: int) -> Mask:
    """Health check and passport still hold today (``ready_until`` is the last good day)."""
    return np.asarray(candidates.ready_until[cand] >= today)


def same_programme(candidates: Candidates, orders: JobOrders, cand: Rows, order: Rows) -> Mask:
    return np.asarray(candidates.track[cand] == orders.track[order])


# --- TITP stage --------------------------------------------------------------------


def stage_open(orders: JobOrders, order: Rows, completed: NDArray[np.integer[Any]] | int) -> Mask:
    """Whether the order recruits someone who completed TITP stage ``completed``
    (0: none). Stage i orders and other programmes' take anyone; stage iii
    orders only returnees who completed stage ii; stage ii orders nobody, as
    stage ii is the same trainee moving on at the same company."""
    stage = orders.titp_stage[order]
    return np.asarray((stage <= 1) | ((stage == 3) & (np.asarray(completed) >= 2)))


def stage_fits(candidates: Candidates, orders: JobOrders, cand: Rows, order: Rows) -> Mask:
    return stage_open(orders, order, candidates.completed_titp_stage[cand])


# --- trade -------------------------------------------------------------------------


def fit_lookup(fit: FitTable) -> NDArray[np.int8]:
    """``fit.levels`` with one more row and one more column, reached by index -1.

    NO_TRADE and NO_KIND are -1, so indexing this table with the raw codes
    needs no special case: the extra row (no trade) fits no job kind, and the
    extra column (an order naming no job kind) takes every trade, even none,
    as NOT_REQUIRED.
    """
    trades, kinds = fit.levels.shape
    table = np.full((trades + 1, kinds + 1), FitLevel.NONE, dtype=np.int8)
    table[:trades, :kinds] = fit.levels
    table[:, kinds] = FitLevel.NOT_REQUIRED
    return table


def trade_code(trade: NDArray[np.integer[Any]], table: NDArray[np.int8]) -> NDArray[np.int64]:
    """Row of ``table`` for each trade, NO_TRADE as the last row: a non-negative code to sort by."""
    code: NDArray[np.int64] = np.asarray(trade, dtype=np.int64) % table.shape[0]
    return code


def fit_levels(
    candidates: Candidates, orders: JobOrders, table: NDArray[np.int8], cand: Rows, order: Rows
) -> NDArray[np.int8]:
    """The FitLevel of each pair; ``table`` is ``fit_lookup(fit)``."""
    return np.asarray(table[candidates.trade[cand], orders.kind[order]])


def trade_fits(levels: NDArray[np.int8]) -> Mask:
    """Same or similar trade, or an order that names no job kind."""
    return np.asarray(levels != FitLevel.NONE)


# --- language ----------------------------------------------------------------------


def language_passes(rank: NDArray[np.integer[Any]], minimum: NDArray[np.integer[Any]]) -> Mask:
    """The order's minimum is met exactly or exceeded (ranks: N5 = 10 … N1 = 50, 0 = none)."""
    return np.asarray(rank >= minimum)


# --- age ---------------------------------------------------------------------------


def birth_window(orders: JobOrders, order: Rows) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Births from ``first`` to ``last`` (both included) are of age on the order's start date.

    Age on day ``d`` is ``(d - b) // 10000`` for YYYYMMDD integers, so
    ``age >= min_age`` is ``b <= d - min_age * 10000`` and ``age <= max_age`` is
    ``b > d - (max_age + 1) * 10000``: one interval of births per order, which
    lets ``build_pairs`` find the candidates of age by binary search. The
    bounds are clipped to int32, the births' type (births are real dates,
    far from its ends).
    """
    start = np.asarray(orders.start[order], dtype=np.int64)
    last = start - np.asarray(orders.min_age[order], dtype=np.int64) * 10000
    first = start - (np.asarray(orders.max_age[order], dtype=np.int64) + 1) * 10000 + 1
    return np.clip(first, _INT32_MIN, _INT32_MAX), np.clip(last, _INT32_MIN, _INT32_MAX)


def age_passes(birth: NDArray[np.integer[Any]], first: NDArray[np.int64], last: NDArray[np.int64]) -> Mask:
    return np.asarray((birth >= first) & (birth <= last))


# --- sending organization ------------------------------------------------------------


def served_keys(orders: JobOrders) -> NDArray[np.int64]:
    """Every (order row, serving LPK/SO) of the orders that name any, as sorted unique keys."""
    per_order = np.diff(orders.served_offsets)
    order = np.repeat(np.arange(len(orders), dtype=np.int64), per_order)
    return np.unique(served_key(order, orders.served_by))


def served_key(order: NDArray[np.integer[Any]] | int, organization: NDArray[np.integer[Any]]) -> NDArray[np.int64]:
    """The order row in the high 32 bits, the organization's pk (as unsigned) in the low ones."""
    low = np.asarray(organization, dtype=np.int64) & 0xFFFFFFFF
    return np.asarray((np.asarray(order, dtype=np.int64) << 32) | low)


def open_to_all(orders: JobOrders, order: Rows) -> Mask:
    """The order names no serving LPK/SO: any participant's organization will do."""
    return np.asarray(orders.served_offsets[np.asarray(order) + 1] == orders.served_offsets[order])


def is_served(candidates: Candidates, orders: JobOrders, keys: NDArray[np.int64], cand: Rows, order: Rows) -> Mask:
    """The participant's LPK/SO serves the order; ``keys`` is ``served_keys(orders)``."""
    wanted = served_key(order, candidates.sending_organization[cand])
    at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    listed = keys[at] == wanted if len(keys) else np.zeros(wanted.shape, dtype=np.bool_)
    return np.asarray(open_to_all(orders, order) | listed)


# --- reasons -------------------------------------------------------------------------


def pair_checks(
    candidates: Candidates, orders: JobOrders, fit: FitTable, cand: Rows, order: Rows, *, today: int
) -> list[tuple[Constraint, Mask]]:
    """Whether each pair passes each constraint, in check order."""
    table = fit_lookup(fit)
    first, last = birth_window(orders, order)
    return [
        (Constraint.PROGRAMME, same_programme(candidates, orders, cand, order)),
        (Constraint.TITP_STAGE, stage_fits(candidates, orders, cand, order)),
        (Constraint.TRADE, trade_fits(fit_levels(candidates, orders, table, cand, order))),
        (Constraint.READINESS, is_ready(candidates, cand, today=today)),
        (
            Constraint.LANGUAGE,
            language_passes(candidates.language_rank[cand], orders.min_language_rank[order]),
        ),
        (Constraint.AGE, age_passes(candidates.birth[cand], first, last)),
        (
            Constraint.SENDING_ORGANIZATION,
            is_served(candidates, orders, served_keys(orders), cand, order),
        ),
    ]


def pair_reasons(
    candidates: Candidates, orders: JobOrders, fit: FitTable, cand: Rows, order: Rows, *, today: int
) -> NDArray[np.int8]:
    """0 for an eligible pair, else the value of the first Constraint it fails."""
    checks = pair_checks(candidates, orders, fit, cand, order, today=today)
    reason = np.zeros(np.broadcast(np.asarray(cand), np.asarray(order)).shape, dtype=np.int8)
    # Latest constraint first, so that earlier failures overwrite later ones.
    for constraint, passed in reversed(checks):
        reason[~np.broadcast_to(passed, reason.shape)] = constraint
    return reason


def reasons_for_order(
    candidates: Candidates, orders: JobOrders, fit: FitTable, j: int, *, today: int
) -> NDArray[np.int8]:
    """For every candidate row: 0 if eligible for order ``j``, else its first failing Constraint."""
    return pair_reasons(candidates, orders, fit, np.arange(len(candidates)), int(j), today=today)


def reasons_for_candidate(
    candidates: Candidates, orders: JobOrders, fit: FitTable, i: int, *, today: int
) -> NDArray[np.int8]:
    """For every order row: 0 if candidate ``i`` is eligible for it, else the first failing Constraint."""
    return pair_reasons(candidates, orders, fit, int(i), np.arange(len(orders)), today=today)


# --- what build_pairs and unmatched_reasons share ---------------------------------------


def order_fit_language(
    orders: JobOrders, table: NDArray[np.int8], order: NDArray[np.int64], levels: NDArray[np.integer[Any]]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Every (order, trade code, language level index) a candidate may have and pass TRADE and LANGUAGE.

    ``levels`` are the sorted distinct language ranks of the candidates
    concerned. Returned as three arrays indexing ``order``, the rows of
    ``table`` and ``levels``, grouped by order.
    """
    chunk = max(1, 2**24 // max(1, table.shape[0] * len(levels)))
    parts = []
    for start in range(0, len(order), chunk):
        rows = order[start : start + chunk]
        # orders × trade codes × language levels; the kind column is -1 for NO_KIND.
        fits = trade_fits(table[:, orders.kind[rows]].T)
        speaks = language_passes(levels[None, :], orders.min_language_rank[rows][:, None])
        at, code, level = np.nonzero(fits[:, :, None] & speaks[:, None, :])
        parts.append((rows[at], code.astype(np.int64), level.astype(np.int64)))
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return (
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
    )


def birth_key(segment: NDArray[np.int64], birth: NDArray[np.integer[Any]]) -> NDArray[np.int64]:
    """Sort key of a birth date within a segment: segment in the high bits, birth (as unsigned) low.

    Segments must be below 2**31; births and window bounds are int32 values.
    """
    return np.asarray((segment << 32) | (np.asarray(birth, dtype=np.int64) - _INT32_MIN))
