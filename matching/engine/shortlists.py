"""Shortlists for every open job order at once, sharing out the strongest candidates.

Order ``j``'s list holds at most ``k_j = shortlist_factor × positions[j]``
candidates; candidate ``i`` goes on at most ``shortlist_cap −
live_shortlists[i]`` new lists. The result is defined as the sequential
greedy: take all pairs by (score desc, order row asc, candidate row asc) and
list a pair when its order's list and its candidate's allowance both have
room.

Looping over ten million pairs in Python is too slow, so the same result is
reached in rounds (deferred acceptance): every order proposes to its best
candidates not yet refused, each candidate keeps the best proposals its
allowance admits, by that same global order of pairs, and refuses the rest.
Because both sides rank by the one global order, the stable outcome is
unique and equal to the greedy's. Each round works only on the proposals in
play, and an order skips the candidates who would refuse it for sure (full
with better proposals, which only get better), so rounds stay few and small.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.engine.columns import Candidates, JobOrders, Weights
from matching.engine.pairs import Pairs, expand_runs
from matching.engine.scoring import MAX_SCORE

# An order looks at this many more pairs than it needs in one round, in case some would refuse it;
# an order that still falls short looks twice as far the next round.
_LOOKAHEAD = 16
_LOOKAHEAD_MAX = 1 << 20
_WORST = np.iinfo(np.int64).max


class LeftOff(enum.IntEnum):
    """What became of an eligible pair in the shortlists."""

    LISTED = 0
    LIST_FULL = 1  # the order's list was full before the pair's turn
    # The list had room, but the candidate was on as many shortlists as allowed
    # (reported as Constraint.SHORTLIST_CAP).
    CAPPED = 2


@dataclass(frozen=True)
class Shortlists:
    """The listed pairs, sorted by order row, then rank (1 = best)."""

    order: NDArray[np.int32]  # order row
    candidate: NDArray[np.int32]  # candidate row
    rank: NDArray[np.int32]  # 1, 2, … within the order's list
    score: NDArray[np.int32]
    pair: NDArray[np.int64]  # position of the pair in Pairs
    order_offsets: NDArray[np.int64]  # length orders + 1
    short_of: NDArray[np.int32]  # per order: places of k left empty

    def __len__(self) -> int:
        return len(self.candidate)

    def for_order(self, j: int) -> slice:
        """The positions of order ``j``'s list, best first."""
        return slice(int(self.order_offsets[j]), int(self.order_offsets[j + 1]))


def list_sizes(orders: JobOrders, weights: Weights) -> NDArray[np.int64]:
    """k_j: how many candidates order j's list may hold."""
    return np.maximum(weights.shortlist_factor * orders.positions.astype(np.int64), 0)


def allowances(candidates: Candidates, weights: Weights) -> NDArray[np.int64]:
    """How many new lists each candidate may still go on."""
    return np.maximum(weights.shortlist_cap - candidates.live_shortlists.astype(np.int64), 0)


def build_shortlists(pairs: Pairs, orders: JobOrders, candidates: Candidates, weights: Weights) -> Shortlists:
    """Every order's shortlist, exactly as the sequential greedy described above makes them."""
    sizes = list_sizes(orders, weights)
    sequence = greedy_sequence(pairs, candidates)
    listed = _Proposals(pairs, sequence, sizes, allowances(candidates, weights), len(candidates)).run()
    positions = np.sort(listed)  # sequence positions: by order, then best first
    pair = sequence[positions]
    order = pairs.order[pair]
    offsets = np.searchsorted(order, np.arange(len(orders) + 1), side="left").astype(np.int64)
    rank = np.arange(len(pair), dtype=np.int64) - np.repeat(offsets[:-1], np.diff(offsets)) + 1
    return Shortlists(
        order=order,
        candidate=pairs.candidate[pair],
        rank=rank.astype(np.int32),
        score=pairs.score[pair],
        pair=pair,
        order_offsets=offsets,
        short_of=(sizes - np.diff(offsets)).astype(np.int32),
    )


def left_off(
    pairs: Pairs, shortlists: Shortlists, orders: JobOrders, candidates: Candidates, weights: Weights
) -> NDArray[np.int8]:
    """For every pair (in Pairs order), a LeftOff: listed, or why not.

    A pair was left off for the cap when its order's list still had room at
    its turn in the greedy - fewer than k listed pairs of that order rank
    above it - and so only the candidate's allowance stood in the way.
    """
    sequence = greedy_sequence(pairs, candidates)
    on_list = np.zeros(len(pairs), dtype=np.bool_)
    on_list[shortlists.pair] = True
    listed = on_list[sequence].astype(np.int64)
    above = np.cumsum(listed) - listed
    starts = pairs.order_offsets[:-1]
    # ``above`` counted from the start of the order's own pairs.
    above -= np.repeat(np.concatenate([[0], np.cumsum(listed)])[starts], np.diff(pairs.order_offsets))
    room = above < list_sizes(orders, weights)[pairs.order[sequence]]
    outcome = np.where(listed > 0, LeftOff.LISTED, np.where(room, LeftOff.CAPPED, LeftOff.LIST_FULL))
    result = np.empty(len(pairs), dtype=np.int8)
    result[sequence] = outcome
    return result


def greedy_sequence(pairs: Pairs, candidates: Candidates) -> NDArray[np.int64]:
    """Pair positions grouped by order as in Pairs, each order's in greedy order (score desc, candidate row).

    Pairs break equal scores by participant id; when ids do not grow with the
    rows, the orders' lists are re-sorted by row.
    """
    if np.all(candidates.ids[1:] > candidates.ids[:-1]):
        return np.arange(len(pairs), dtype=np.int64)
    n = np.int64(max(len(candidates), 1))
    key = pairs.order.astype(np.int64) * ((MAX_SCORE + 1) * n)
    key += (MAX_SCORE - pairs.score).astype(np.int64) * n + pairs.candidate
    return np.argsort(key).astype(np.int64)


class _Proposals:
    """Deferred acceptance: orders propose along ``sequence``, candidates keep their best.

    Each candidate's held proposals sit in a row of slots, best first, so the
    worst one held (the bar a new proposal must clear) is one lookup.
    """

    def __init__(
        self,
        pairs: Pairs,
        sequence: NDArray[np.int64],
        sizes: NDArray[np.int64],
        allowance: NDArray[np.int64],
        n_candidates: int,
    ) -> None:
        self.pairs, self.sequence, self.sizes = pairs, sequence, sizes
        per_candidate = np.bincount(pairs.candidate, minlength=n_candidates)
        slots = int(min(allowance.max(initial=0), per_candidate.max(initial=0)))
        # A candidate never holds more than its pairs, so the slots need not be wider.
        self.allowance = np.minimum(allowance, slots)
        self.slot_key = np.full((n_candidates, max(slots, 1)), _WORST, dtype=np.int64)
        self.slot_position = np.full((n_candidates, max(slots, 1)), -1, dtype=np.int64)
        self.held = np.zeros(n_candidates, dtype=np.int64)
        self.listed = np.zeros(len(sizes), dtype=np.int64)
        self.next = pairs.order_offsets[:-1].copy()
        self.look = np.full(len(sizes), _LOOKAHEAD, dtype=np.int64)
        self.end = pairs.order_offsets[1:]
        self.span = np.int64((MAX_SCORE + 1) * max(len(sizes), 1))

    def greedy_key(self, pair: NDArray[np.int64]) -> NDArray[np.int64]:
        """Lower is earlier in the greedy; unique among one candidate's pairs."""
        score = (MAX_SCORE - self.pairs.score[pair]).astype(np.int64)
        return score * len(self.sizes) + self.pairs.order[pair]

    def run(self) -> NDArray[np.int64]:
        """The sequence positions of the listed pairs."""
        while True:
            need = self.sizes - self.listed
            active = np.flatnonzero((need > 0) & (self.next < self.end))
            if len(active) == 0:
                break
            position, candidate, key = self.propose(active, need[active])
            self.accept(position, candidate, key)
        return self.slot_position[self.slot_position >= 0]

    def propose(
        self, active: NDArray[np.intp], need: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.int64]]:
        """Each active order's next ``need`` pairs that the candidate would not refuse for sure."""
        start = self.next[active]
        length = np.minimum(self.end[active] - start, 2 * need + self.look[active])
        position = expand_runs(start, length)
        group = np.repeat(np.arange(len(active)), length)
        pair = self.sequence[position]
        candidate = self.pairs.candidate[pair]
        key = self.greedy_key(pair)
        allowance = self.allowance[candidate]
        full = self.held[candidate] >= allowance
        bar = self.slot_key[candidate, np.maximum(allowance - 1, 0)]
        hopeful = (allowance > 0) & (~full | (key < bar))
        seen = np.cumsum(hopeful)
        seen -= np.repeat(np.concatenate([[0], seen])[np.cumsum(length) - length], length)
        take = hopeful & (seen <= need[group])
        # An order that got all it needs resumes after its last proposal; the others after the whole look.
        resume = start + length
        last = take & (seen == need[group])
        resume[group[last]] = position[last] + 1
        self.next[active] = resume
        short = np.ones(len(active), dtype=np.bool_)
        short[group[last]] = False
        self.look[active[short]] = np.minimum(self.look[active[short]] * 2, _LOOKAHEAD_MAX)
        return position[take], candidate[take], key[take]

    def accept(self, position: NDArray[np.int64], candidate: NDArray[np.int32], key: NDArray[np.int64]) -> None:
        """Candidates keep their best proposals, old and new, up to their allowance."""
        touched = np.unique(candidate)
        width = self.slot_key.shape[1]
        old_position = self.slot_position[touched].ravel()
        old = old_position >= 0
        all_position = np.concatenate([old_position[old], position])
        all_candidate = np.concatenate([np.repeat(touched, width)[old], candidate]).astype(np.int64)
        all_key = np.concatenate([self.slot_key[touched].ravel()[old], key])
        is_new = np.concatenate([np.zeros(int(old.sum()), dtype=np.bool_), np.ones(len(position), dtype=np.bool_)])
        by_candidate = np.argsort(all_candidate * self.span + all_key)
        all_position, all_candidate = all_position[by_candidate], all_candidate[by_candidate]
        all_key, is_new = all_key[by_candidate], is_new[by_candidate]
        first = np.searchsorted(all_candidate, all_candidate, side="left")
        rank = np.arange(len(all_candidate)) - first
        keep = rank < self.allowance[all_candidate]
        order = self.pairs.order[self.sequence[all_position]]
        n_orders = len(self.sizes)
        self.listed -= np.bincount(order[~is_new & ~keep], minlength=n_orders)
        self.listed += np.bincount(order[is_new & keep], minlength=n_orders)
        self.slot_key[touched] = _WORST
        self.slot_position[touched] = -1
        self.slot_key[all_candidate[keep], rank[keep]] = all_key[keep]
        self.slot_position[all_candidate[keep], rank[keep]] = all_position[keep]
        self.held[touched] = np.bincount(np.searchsorted(touched, all_candidate[keep]), minlength=len(touched))
