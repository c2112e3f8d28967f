"""The national plan: who goes to which job order, and why the others do not.

``assign`` fills as many positions as possible and, among all ways of
filling that many, takes one with the highest total score: a maximum flow of
minimum cost (OR-Tools' ``SimpleMinCostFlow``) through

    source → candidate (capacity 1) → order (capacity 1, cost −score) → sink (capacity positions).

``unmatched_reasons`` tells every participant left without an order how
close they came.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow  # type: ignore[import-untyped]

from matching.engine.columns import CHECK_RANK, Candidates, Constraint, FitTable, JobOrders
from matching.engine.eligibility import (
    birth_key,
    birth_window,
    fit_lookup,
    is_ready,
    order_fit_language,
    stage_open,
    trade_fits,
)
from matching.engine.pairs import Pairs, candidate_segments, segment_number


class AssignmentError(Exception):
    """The solver did not find the optimum (it reports why)."""


@dataclass(frozen=True)
class Assignment:
    order_of: NDArray[np.int32]  # per candidate row: the order row it goes to, or -1
    matched: int
    total_score: int


def assign(pairs: Pairs, orders: JobOrders, n_candidates: int) -> Assignment:
    """The most positions filled, then the highest total score among such plans."""
    order_of = np.full(n_candidates, -1, dtype=np.int32)
    usable = np.flatnonzero(orders.positions[pairs.order] > 0)
    if len(usable) == 0:
        return Assignment(order_of=order_of, matched=0, total_score=0)
    solver, pair_arcs = _network(pairs.candidate[usable], pairs.order[usable], pairs.score[usable], orders.positions)
    status = solver.solve_max_flow_with_min_cost()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise AssignmentError(f"the min-cost flow solver stopped with status {status.name}")
    chosen = usable[np.asarray(solver.flows(pair_arcs)) > 0]
    del solver, pair_arcs
    order_of[pairs.candidate[chosen]] = pairs.order[chosen]
    return Assignment(order_of=order_of, matched=len(chosen), total_score=int(pairs.score[chosen].sum(dtype=np.int64)))


def _network(
    candidate: NDArray[np.int32], order: NDArray[np.int32], score: NDArray[np.int32], positions: NDArray[np.int32]
) -> tuple[Any, NDArray[np.int32]]:
    """The flow network, its arcs added in one call; returns it and the arcs of the pairs.

    Nodes: the source 0, then the c candidates that have a pair, then the m
    orders, then the sink. Candidates are numbered in the order they first
    appear among the pairs (which come grouped by order), so that candidates
    of the same orders get neighbouring numbers: measured at national scale,
    the solver took a quarter less time than with candidates by row.
    Arrays stay int32 until the call; the temporaries go once the solver has
    copied them.
    """
    first_seen = np.full(int(candidate.max()) + 1, len(candidate), dtype=np.int64)
    np.minimum.at(first_seen, candidate, np.arange(len(candidate), dtype=np.int64))
    rows = np.flatnonzero(first_seen < len(candidate))
    rows = rows[np.argsort(first_seen[rows])]
    del first_seen
    c, m = len(rows), len(positions)
    node = np.full(int(candidate.max()) + 1, -1, dtype=np.int32)
    node[rows] = np.arange(1, c + 1, dtype=np.int32)
    sink = np.int32(c + m + 1)
    order_nodes = np.arange(c + 1, c + m + 1, dtype=np.int32)
    tails = np.concatenate([np.zeros(c, dtype=np.int32), node[candidate], order_nodes])
    heads = np.concatenate([node[rows], order_nodes[order], np.full(m, sink, dtype=np.int32)])
    del node
    capacities = np.concatenate(
        [np.ones(c + len(candidate), dtype=np.int64), np.maximum(positions, 0).astype(np.int64)]
    )
    costs = np.zeros(len(tails), dtype=np.int64)
    costs[c : c + len(candidate)] = -score.astype(np.int64)
    solver = SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    del tails, heads, capacities, costs
    # No more can flow than there are candidates, or positions in the orders they fit.
    has_pair = np.zeros(m, dtype=np.bool_)
    has_pair[order] = True
    supply = min(c, int(np.maximum(positions, 0)[has_pair].sum(dtype=np.int64)))
    solver.set_node_supply(0, supply)
    solver.set_node_supply(int(sink), -supply)
    return solver, np.asarray(arcs[c : c + len(candidate)], dtype=np.int32)


def unmatched_reasons(
    candidates: Candidates,
    orders: JobOrders,
    fit: FitTable,
    pairs: Pairs,
    assignment: Assignment,
    *,
    today: int,
) -> NDArray[np.int8]:
    """Per candidate row: 0 if matched; NO_POSITION if eligible somewhere; else how close they came.

    For a participant eligible for no order, the reason is the furthest
    constraint reached: each order's first failing constraint, the latest of
    these (in ``CHECK_ORDER``) over all orders (right programme and trade for
    some order, but Japanese too low → LANGUAGE). With no orders at all,
    NO_POSITION.
    """
    n = len(candidates)
    reason = np.full(n, Constraint.NO_POSITION, dtype=np.int8)
    reason[assignment.order_of >= 0] = 0
    if len(orders) == 0:
        return reason
    has_pair = np.zeros(n, dtype=np.bool_)
    has_pair[pairs.candidate] = True
    rest = np.flatnonzero(~has_pair)
    if len(rest):
        furthest = _furthest(candidates, orders, fit, rest)
        # Readiness is checked right after programme, stage and trade, against
        # every order alike: whoever lapsed and got past trade somewhere stops there.
        lapsed = ~is_ready(candidates, rest, today=today)
        furthest[lapsed & (CHECK_RANK[furthest] > CHECK_RANK[Constraint.READINESS])] = Constraint.READINESS
        reason[rest] = furthest
    return reason


def _furthest(candidates: Candidates, orders: JobOrders, fit: FitTable, rows: NDArray[np.intp]) -> NDArray[np.int8]:
    """The furthest constraint reached by candidates who pass no order, readiness aside.

    Which orders a candidate can pass the TITP stage of depends on the stage
    they completed: each group of equal completed stage is taken against the
    orders open to it. A candidate whose programme has orders, none of them
    open to them, stops at TITP_STAGE.
    """
    reason = np.empty(len(rows), dtype=np.int8)
    completed = candidates.completed_titp_stage[rows]
    for stage in np.unique(completed):
        group = np.flatnonzero(completed == stage)
        open_rows = np.flatnonzero(stage_open(orders, np.arange(len(orders)), int(stage)))
        found = _furthest_among(candidates, orders.take(open_rows), fit, rows[group])
        closed = (found == Constraint.PROGRAMME) & np.isin(candidates.track[rows[group]], orders.track)
        found[closed] = Constraint.TITP_STAGE
        reason[group] = found
    return reason


def _furthest_among(
    candidates: Candidates, orders: JobOrders, fit: FitTable, rows: NDArray[np.intp]
) -> NDArray[np.int8]:
    """The furthest constraint reached among ``orders``, the stage aside.

    The latest constraint a candidate passes up to, over all orders: it
    passed PROGRAMME somewhere if an order shares its track, TRADE if such an
    order also fits its trade, LANGUAGE if one of those also accepts its
    Japanese, AGE if one of those also takes its age. Reaching a constraint
    means failing it there, and passing all up to AGE leaves only
    SENDING_ORGANIZATION to have failed. Candidates of equal (track, trade,
    language) share all but the age test, which is a search among births.
    """
    table = fit_lookup(fit)
    levels = np.unique(candidates.language_rank[rows])
    segment = candidate_segments(candidates, table, rows, levels)
    order, code, level = order_fit_language(orders, table, np.arange(len(orders), dtype=np.int64), levels)
    combo_segment = segment_number(orders.track[order], code, level, codes=table.shape[0], levels=len(levels))
    track_open = np.isin(candidates.track[rows], orders.track)
    # (track, trade code) is the segment without its language level.
    trade_open = np.isin(segment // len(levels), _fit_groups(orders, table))
    language_open = np.isin(segment, combo_segment)
    age_open = _of_age_somewhere(
        candidates, orders, rows=rows, segment=segment, order=order, combo_segment=combo_segment
    )

    reason = np.full(len(rows), Constraint.PROGRAMME, dtype=np.int8)
    reason[track_open] = Constraint.TRADE
    reason[trade_open] = Constraint.LANGUAGE
    reason[language_open] = Constraint.AGE
    reason[age_open] = Constraint.SENDING_ORGANIZATION
    return reason


def _fit_groups(orders: JobOrders, table: NDArray[np.int8]) -> NDArray[np.int64]:
    """Every (track, trade code) that passes PROGRAMME and TRADE for some order, as one number."""
    track, kind = np.unique(np.stack([orders.track.astype(np.int64), orders.kind.astype(np.int64)]), axis=1)
    at, code = np.nonzero(trade_fits(table[:, kind].T))
    # A segment number with a single language level: the same numbering as ``segment // levels``.
    return segment_number(
        track[at], code.astype(np.int64), np.zeros(len(at), dtype=np.int64), codes=table.shape[0], levels=1
    )


def _of_age_somewhere(
    candidates: Candidates,
    orders: JobOrders,
    *,
    rows: NDArray[np.intp],
    segment: NDArray[np.int64],
    order: NDArray[np.int64],
    combo_segment: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Whether each candidate's birth lies in the birth window of some order fitting its segment.

    The windows are sorted by (segment, first birth); a birth is covered when
    the furthest ``last`` among the windows starting at or before it reaches
    it. Keys carry the segment in their high bits, so a running maximum never
    lets one segment's windows cover another's births; an empty window
    (first > last) ends before it starts and covers nothing.
    """
    first, last = birth_window(orders, order)
    start_key = birth_key(combo_segment, first)
    end_key = birth_key(combo_segment, last)
    by_start = np.argsort(start_key)
    start_key = start_key[by_start]
    reach = np.maximum.accumulate(end_key[by_start]) if len(by_start) else end_key
    point = birth_key(segment, candidates.birth[rows])
    before = np.searchsorted(start_key, point, side="right") - 1
    covered = np.zeros(len(rows), dtype=np.bool_)
    some = before >= 0
    covered[some] = reach[before[some]] >= point[some]
    return covered
