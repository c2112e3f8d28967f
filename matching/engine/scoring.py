"""How well a participant suits a job order: six parts from 0 to 1, one integer score.

The score is ``round(1000 × Σ weight·part / Σ weight)`` (Python's ``round``:
halves go to the even number), computed from the very float32 parts that
``score_parts`` shows, added in ``PART_NAMES`` order in float64: the parts a
reader sees always give the score they see. Integer scores keep the
assignment's min-cost flow exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.engine.columns import NO_TRADE, Candidates, FitLevel, FitTable, JobOrders, Weights
from matching.engine.eligibility import Rows, fit_levels, fit_lookup

PART_NAMES = ("trade_fit", "language", "assessment", "training", "waiting", "preference")
MAX_SCORE = 1000

# Indexed by FitLevel: an order that names no job kind counts like a similar trade.
_TRADE_FIT_PART = np.zeros(max(FitLevel) + 1, dtype=np.float32)
_TRADE_FIT_PART[FitLevel.SIMILAR] = 0.5
_TRADE_FIT_PART[FitLevel.SAME] = 1.0
_TRADE_FIT_PART[FitLevel.NOT_REQUIRED] = 0.5
# A returnee who did this job in Japan: under a year counts between similar and same.
_TRADE_FIT_PART[FitLevel.JAPAN_BRIEF] = 0.75
_TRADE_FIT_PART[FitLevel.JAPAN] = 1.0
_TRADE_FIT_PART[FitLevel.JAPAN_EXEMPT] = 1.0


def part_weights(weights: Weights) -> tuple[int, ...]:
    """The weights of the parts, in PART_NAMES order."""
    values = tuple(int(getattr(weights, name)) for name in PART_NAMES)
    if min(values) < 0:
        raise ValueError(f"score weights must not be negative: {dict(zip(PART_NAMES, values, strict=True))}")
    return values


def score_parts(  # noqa: PLR0917 -- the pair arrays are positional in every engine call
    candidates: Candidates,
    orders: JobOrders,
    fit: FitTable,
    cand_rows: Rows,
    order_rows: Rows,
    weights: Weights,
) -> NDArray[np.float32]:
    """The six parts of each pair's score, shape (pairs, 6), columns in PART_NAMES order."""
    parts = list(_parts(candidates, orders, fit, cand_rows, order_rows, weights=weights))
    shape = np.broadcast(np.asarray(cand_rows), np.asarray(order_rows)).shape
    return np.stack([np.broadcast_to(part, shape) for part in parts], axis=-1)


def scores(  # noqa: PLR0917 -- as score_parts
    candidates: Candidates,
    orders: JobOrders,
    fit: FitTable,
    cand_rows: Rows,
    order_rows: Rows,
    weights: Weights,
) -> NDArray[np.int32]:
    """Each pair's score, 0..1000, from the same parts as ``score_parts``."""
    factors = part_weights(weights)
    shape = np.broadcast(np.asarray(cand_rows), np.asarray(order_rows)).shape
    total = np.zeros(shape, dtype=np.float64)
    if sum(factors) == 0:
        return total.astype(np.int32)
    for factor, part in zip(
        factors, _parts(candidates, orders, fit, cand_rows, order_rows, weights=weights), strict=True
    ):
        total += factor * part.astype(np.float64)
    return np.rint(MAX_SCORE * total / sum(factors)).astype(np.int32)


def _parts(
    candidates: Candidates,
    orders: JobOrders,
    fit: FitTable,
    cand: Rows,
    order: Rows,
    *,
    weights: Weights,
) -> Iterator[NDArray[np.float32]]:
    """The parts one at a time (in PART_NAMES order), so ``scores`` never holds all six."""
    yield _TRADE_FIT_PART[fit_levels(candidates, orders, fit_lookup(fit), cand, order)]
    yield share(candidates.language_rank[cand], weights.language_rank_full)
    yield np.clip(candidates.assessment[cand], 0, 1).astype(np.float32)
    yield share(candidates.training_hours[cand], weights.training_hours_full)
    # Waiting counts up to a year, then stays full: nobody waits forever.
    yield share(candidates.waiting_days[cand], weights.waiting_days_full)
    preferred = orders.preferred_trade[order]
    # A returnee's row is their trade with their Japan record: the preference names the trade.
    yield ((preferred != NO_TRADE) & (fit.base_trade(candidates.trade[cand]) == preferred)).astype(np.float32)


def share(value: NDArray[np.number[Any]], full: int) -> NDArray[np.float32]:
    """``value / full`` in float32, kept within 0..1; with no (or a zero) ``full``, any amount is full."""
    amount = np.asarray(value, dtype=np.float32)
    if full <= 0:
        return (amount > 0).astype(np.float32)
    result: NDArray[np.float32] = np.clip(amount / np.float32(full), np.float32(0), np.float32(1))
    return result
