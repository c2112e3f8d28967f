"""Every eligible (participant, job order) pair with its score, without testing every pair.

Testing 200,000 participants against 20,000 orders one by one is four
billion checks. Instead the ready participants are sorted into segments of
equal (track, trade, language rank) - and, for the orders that name their
serving LPK/SOs, of equal organization too - each sorted by birth date.
An order then fits a whole segment by programme, trade and language at
once, and the participants of age on its start date are one run of births
within the segment (``eligibility.birth_window``), found by binary search.
The work is proportional to the pairs found, not to participants × orders.

The rules themselves come from ``matching.engine.eligibility``, the same
functions that explain a pair's reason, and the tests compare the result
with checking every pair one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from matching.engine.columns import TRACK_CODES, Candidates, FitTable, JobOrders, Weights
from matching.engine.eligibility import (
    birth_key,
    birth_window,
    fit_lookup,
    is_ready,
    open_to_all,
    order_fit_language,
    served_key,
    served_keys,
    stage_fits,
    trade_code,
)
from matching.engine.scoring import MAX_SCORE, scores

# Pairs are scored this many at a time, to bound the parts' memory.
SCORE_CHUNK = 1 << 21


@dataclass(frozen=True)
class Pairs:
    """All eligible pairs, sorted by order row, then score (highest first), then participant id.

    ``order_offsets`` (length orders + 1) delimits each order's pairs.
    """

    candidate: NDArray[np.int32]  # candidate row
    order: NDArray[np.int32]  # order row
    score: NDArray[np.int32]
    order_offsets: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.candidate)

    def for_order(self, j: int) -> slice:
        """The positions of order ``j``'s pairs, best first."""
        return slice(int(self.order_offsets[j]), int(self.order_offsets[j + 1]))


@dataclass(frozen=True)
class _Index:
    """Candidate rows sorted by segment, then birth; ``keys`` are their ``birth_key``s."""

    rows: NDArray[np.int64]
    keys: NDArray[np.int64]


def build_pairs(candidates: Candidates, orders: JobOrders, fit: FitTable, weights: Weights, *, today: int) -> Pairs:
    """Every pair that passes every constraint of ``eligibility.PAIR_CONSTRAINTS``, scored."""
    table = fit_lookup(fit)
    ready = np.flatnonzero(is_ready(candidates, np.arange(len(candidates)), today=today)).astype(np.int64)
    levels = np.unique(candidates.language_rank[ready])
    open_orders = np.flatnonzero(open_to_all(orders, np.arange(len(orders)))).astype(np.int64)
    found = [
        _open_pairs(candidates, orders, table, ready=ready, levels=levels, open_orders=open_orders),
        _served_pairs(candidates, orders, table, ready, levels),
    ]
    cand = np.concatenate([part[0] for part in found])
    order = np.concatenate([part[1] for part in found])
    del found
    if (orders.titp_stage >= 2).any():
        # Few orders recruit for a later TITP stage, and fewer candidates
        # completed one: their pairs are found as any other, then sifted.
        keep = stage_fits(candidates, orders, cand, order)
        cand, order = cand[keep], order[keep]
    points = np.empty(len(cand), dtype=np.int32)
    for start in range(0, len(cand), SCORE_CHUNK):
        at = slice(start, start + SCORE_CHUNK)
        points[at] = scores(candidates, orders, fit, cand[at], order[at], weights)
    return _sorted(candidates, len(orders), cand, order, points)


def segment_number(
    track: NDArray[np.integer[Any]], code: NDArray[np.int64], level: NDArray[np.int64], *, codes: int, levels: int
) -> NDArray[np.int64]:
    """(track, trade code, language level index) as one number, for sorting and searching."""
    number: NDArray[np.int64] = (np.asarray(track, dtype=np.int64) * codes + code) * levels + level
    return number


def candidate_segments(
    candidates: Candidates, table: NDArray[np.int8], rows: NDArray[Any], levels: NDArray[Any]
) -> NDArray[np.int64]:
    """The segment of each candidate row; ``levels`` are the sorted distinct language ranks."""
    code = trade_code(candidates.trade[rows], table)
    level = np.searchsorted(levels, candidates.language_rank[rows]).astype(np.int64)
    return segment_number(candidates.track[rows], code, level, codes=table.shape[0], levels=len(levels))


def _index(rows: NDArray[np.int64], segment: NDArray[np.int64], birth: NDArray[Any]) -> _Index:
    if len(segment) and segment.max() >= 2**31:
        raise ValueError("too many (organization, track, trade, language) segments to index")
    keys = birth_key(segment, birth)
    by_key = np.argsort(keys)
    return _Index(rows=rows[by_key], keys=keys[by_key])


def _open_pairs(
    candidates: Candidates,
    orders: JobOrders,
    table: NDArray[np.int8],
    *,
    ready: NDArray[np.int64],
    levels: NDArray[Any],
    open_orders: NDArray[np.int64],
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Pairs of the orders open to every LPK/SO."""
    index = _index(ready, candidate_segments(candidates, table, ready, levels), candidates.birth[ready])
    order, code, level = order_fit_language(orders, table, open_orders, levels)
    segment = segment_number(orders.track[order], code, level, codes=table.shape[0], levels=len(levels))
    return _runs(index, orders, order, segment)


def _served_pairs(
    candidates: Candidates,
    orders: JobOrders,
    table: NDArray[np.int8],
    ready: NDArray[np.int64],
    levels: NDArray[Any],
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Pairs of the orders that name their serving LPK/SOs: segments are split by organization too."""
    keys = served_keys(orders)
    served_order = keys >> 32
    organizations = np.unique(keys & 0xFFFFFFFF)
    # Only candidates of an organization that serves some order can be in these pairs.
    own = served_key(0, candidates.sending_organization[ready])
    at = np.minimum(np.searchsorted(organizations, own), max(len(organizations) - 1, 0))
    member = organizations[at] == own if len(organizations) else np.zeros(len(ready), dtype=np.bool_)
    rows, organization = ready[member], at[member].astype(np.int64)
    per_organization = len(TRACK_CODES) * table.shape[0] * len(levels)
    segment = organization * per_organization + candidate_segments(candidates, table, rows, levels)
    index = _index(rows, segment, candidates.birth[rows])
    # One (order, organization) per key; expand each like an open order, then add the organization.
    unit = np.arange(len(keys), dtype=np.int64)
    order_rows = served_order.astype(np.int64)
    combo_unit, code, level = _unit_fit_language(orders, table, order_rows, unit, levels)
    order = order_rows[combo_unit]
    organization_of = np.searchsorted(organizations, keys[combo_unit] & 0xFFFFFFFF).astype(np.int64)
    segment = organization_of * per_organization
    segment += segment_number(orders.track[order], code, level, codes=table.shape[0], levels=len(levels))
    return _runs(index, orders, order, segment)


def _unit_fit_language(
    orders: JobOrders,
    table: NDArray[np.int8],
    order_rows: NDArray[np.int64],
    unit: NDArray[np.int64],
    levels: NDArray[Any],
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """``order_fit_language`` for (order, organization) units: computed per order, repeated per unit."""
    distinct = np.unique(order_rows)
    order, code, level = order_fit_language(orders, table, distinct.astype(np.int64), levels)
    # Combos come grouped by order in ``distinct`` order; each unit of an order takes all of them.
    per_order = np.bincount(np.searchsorted(distinct, order), minlength=len(distinct))
    combo_start = np.concatenate([[0], np.cumsum(per_order)]).astype(np.int64)
    which = np.searchsorted(distinct, order_rows[unit])
    starts, counts = combo_start[which], per_order[which]
    combo = expand_runs(starts, counts)
    return np.repeat(unit, counts), code[combo], level[combo]


def _runs(
    index: _Index, orders: JobOrders, order: NDArray[np.int64], segment: NDArray[np.int64]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """For each (order, segment), the run of the segment's candidates of age for the order."""
    first, last = birth_window(orders, order)
    low = np.searchsorted(index.keys, birth_key(segment, first), side="left")
    high = np.searchsorted(index.keys, birth_key(segment, last), side="right")
    counts = np.maximum(high - low, 0)
    cand = index.rows[expand_runs(low, counts)].astype(np.int32)
    return cand, np.repeat(order, counts).astype(np.int32)


def expand_runs(starts: NDArray[np.integer[Any]], counts: NDArray[np.integer[Any]]) -> NDArray[np.int64]:
    """``concatenate([arange(s, s + c) for s, c in zip(starts, counts)])`` without the loop."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    ends = np.cumsum(counts)
    # Position p of run r is starts[r] + (p - first position of run r).
    shift = np.repeat(np.asarray(starts, dtype=np.int64) - (ends - counts), counts)
    positions: NDArray[np.int64] = np.arange(total, dtype=np.int64) + shift
    return positions


def _sorted(
    candidates: Candidates,
    n_orders: int,
    cand: NDArray[np.int32],
    order: NDArray[np.int32],
    points: NDArray[np.int32],
) -> Pairs:
    """Sort by (order, score desc, participant id) through one int64 key: one sort, no lexsort.

    The key packs the order row, 1000 − score and the candidate's rank by id
    into bit fields, so that reading them back is shifts and masks.
    """
    by_id = np.argsort(candidates.ids, kind="stable")
    id_rank = np.empty(len(candidates), dtype=np.int64)
    id_rank[by_id] = np.arange(len(candidates), dtype=np.int64)
    id_bits = max(len(candidates) - 1, 1).bit_length()
    score_bits = MAX_SCORE.bit_length()
    if id_bits + score_bits + max(n_orders, 1).bit_length() > 63:
        raise ValueError("too many candidates and orders to sort pairs by one 64-bit key")
    key = order.astype(np.int64) << (score_bits + id_bits)
    key |= (MAX_SCORE - points).astype(np.int64) << id_bits
    key |= id_rank[cand]
    del cand, order, points, id_rank
    key.sort()
    sorted_order = (key >> (score_bits + id_bits)).astype(np.int32)
    score = (MAX_SCORE - ((key >> id_bits) & ((1 << score_bits) - 1))).astype(np.int32)
    candidate = by_id[key & ((1 << id_bits) - 1)].astype(np.int32)
    del key
    offsets = np.searchsorted(sorted_order, np.arange(n_orders + 1), side="left").astype(np.int64)
    return Pairs(candidate=candidate, order=sorted_order, score=score, order_offsets=offsets)
