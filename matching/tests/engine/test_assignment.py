"""The national plan: the most positions filled, then the highest total score; and why others are left."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow  # type: ignore[import-untyped]
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # type: ignore[import-untyped]

from matching.engine.assignment import AssignmentError, assign, unmatched_reasons
from matching.engine.columns import Constraint, Weights
from matching.engine.pairs import Pairs, build_pairs

from .cases import FIT, TODAY, candidates, orders, plain_best_plan, plain_furthest, random_case, random_pairs, seeded


def positions(*counts: int):
    return orders(*({"positions": count} for count in counts))


def check_plan(pairs: Pairs, jobs, n: int) -> None:
    """The plan uses only pairs, fills no order beyond its positions, and adds up."""
    plan = assign(pairs, jobs, n)
    matched = np.flatnonzero(plan.order_of >= 0)
    keys = set(zip(pairs.candidate.tolist(), pairs.order.tolist(), strict=True))
    assert all((i, int(plan.order_of[i])) in keys for i in matched)
    assert np.all(np.bincount(plan.order_of[matched], minlength=len(jobs)) <= jobs.positions)
    score = {
        (i, j): s for i, j, s in zip(pairs.candidate.tolist(), pairs.order.tolist(), pairs.score.tolist(), strict=True)
    }
    assert plan.matched == len(matched)
    assert plan.total_score == sum(score[i, int(plan.order_of[i])] for i in matched)


@pytest.mark.parametrize("seed", range(120))
def test_it_fills_the_most_positions_then_scores_highest(seed: int) -> None:
    rng = seeded(seed)
    n, m = rng.randint(1, 6), rng.randint(1, 3)
    jobs = positions(*(rng.randint(1, 2) for _ in range(m)))
    # Few distinct scores: many plans tie on the total, and the count must still come first.
    pairs = random_pairs(rng, n=n, m=m, density=rng.choice((0.3, 0.6, 0.9)), scores=rng.choice((3, 1000)))
    plan = assign(pairs, jobs, n)
    assert (plan.matched, plan.total_score) == plain_best_plan(pairs, jobs.positions.tolist(), n)
    check_plan(pairs, jobs, n)


def test_it_fills_more_positions_rather_than_scoring_higher() -> None:
    # Candidate 0 is best for order 0, but only candidate 0 can fill order 1.
    pairs = Pairs(
        candidate=np.array([0, 1, 0], dtype=np.int32),
        order=np.array([0, 0, 1], dtype=np.int32),
        score=np.array([1000, 10, 1], dtype=np.int32),
        order_offsets=np.array([0, 2, 3], dtype=np.int64),
    )
    plan = assign(pairs, positions(1, 1), 2)
    assert plan.order_of.tolist() == [1, 0]
    assert (plan.matched, plan.total_score) == (2, 11)


def test_it_fills_an_order_with_more_positions_than_candidates() -> None:
    people = candidates({}, {}, {"track": 1})
    jobs = orders({"positions": 5})
    plan = assign(build_pairs(people, jobs, FIT, Weights(), today=TODAY), jobs, len(people))
    assert plan.order_of.tolist() == [0, 0, -1]
    assert plan.matched == 2


def test_it_leaves_everyone_unmatched_when_nobody_is_eligible() -> None:
    people = candidates({"track": 1}, {"ready_until": TODAY - 1})
    jobs = orders({})
    pairs = build_pairs(people, jobs, FIT, Weights(), today=TODAY)
    plan = assign(pairs, jobs, len(people))
    assert (plan.order_of.tolist(), plan.matched, plan.total_score) == ([-1, -1], 0, 0)
    reasons = unmatched_reasons(people, jobs, FIT, pairs, plan, today=TODAY)
    assert reasons.tolist() == [Constraint.PROGRAMME, Constraint.READINESS]


def test_it_raises_when_the_solver_does_not_reach_the_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    real = SimpleMinCostFlow

    class Stalled:
        OPTIMAL = real.OPTIMAL

        def __init__(self) -> None:
            self.solver = real()

        def __getattr__(self, name: str) -> object:
            return getattr(self.solver, name)

        def solve_max_flow_with_min_cost(self) -> object:
            return real.BAD_COST_RANGE

    monkeypatch.setattr("matching.engine.assignment.SimpleMinCostFlow", Stalled)
    people = candidates({})
    jobs = orders({})
    with pytest.raises(AssignmentError, match="BAD_COST_RANGE"):
        assign(build_pairs(people, jobs, FIT, Weights(), today=TODAY), jobs, 1)


def test_it_skips_orders_without_open_positions() -> None:
    people = candidates({})
    jobs = orders({"positions": 0})
    pairs = build_pairs(people, jobs, FIT, Weights(), today=TODAY)
    plan = assign(pairs, jobs, 1)
    assert plan.matched == 0
    assert unmatched_reasons(people, jobs, FIT, pairs, plan, today=TODAY).tolist() == [Constraint.NO_POSITION]


def test_it_tells_how_close_an_unmatched_candidate_came() -> None:
    people = candidates(
        {"track": 2},  # no order of its programme
        {"trade": 1},  # programme fits, trade does not
        {"language_rank": 0},  # trade fits, Japanese too low for every order that fits
        {"birth": 19700101},  # too old for the orders it otherwise fits
        {"sending_organization": 99},  # served by nobody listed
        {},  # eligible, but the positions went to someone better
        {"assessment": 1.0},  # matched
    )
    # Order 1 asks more Japanese than anyone has: it only ever fails on LANGUAGE.
    jobs = orders(
        {"kind": 0, "min_language_rank": 10, "max_age": 30, "served": [7]}, {"kind": 0, "min_language_rank": 30}
    )
    pairs = build_pairs(people, jobs, FIT, Weights(), today=TODAY)
    plan = assign(pairs, jobs, len(people))
    assert unmatched_reasons(people, jobs, FIT, pairs, plan, today=TODAY).tolist() == [
        Constraint.PROGRAMME,
        Constraint.TRADE,
        Constraint.LANGUAGE,
        Constraint.AGE,
        Constraint.SENDING_ORGANIZATION,
        Constraint.NO_POSITION,
        0,
    ]


@pytest.mark.parametrize("seed", range(80))
def test_its_unmatched_reasons_equal_the_rules_checked_against_every_order(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=rng.randint(1, 50), m=rng.randint(0, 10), trades=3, kinds=4)
    pairs = build_pairs(people, jobs, fit, Weights(), today=TODAY)
    plan = assign(pairs, jobs, len(people))
    with_pairs = set(pairs.candidate.tolist())
    expected = [
        0
        if plan.order_of[i] >= 0
        else Constraint.NO_POSITION
        if i in with_pairs
        else plain_furthest(people, jobs, fit, i, today=TODAY)
        for i in range(len(people))
    ]
    assert unmatched_reasons(people, jobs, fit, pairs, plan, today=TODAY).tolist() == expected
    check_plan(pairs, jobs, len(people))


def test_the_random_cases_reach_every_reason() -> None:
    # Guards the test above: its cases produce every reason.
    seen = set()
    for seed in range(80):
        rng = seeded(seed)
        people, jobs, fit = random_case(rng, n=rng.randint(1, 50), m=rng.randint(0, 10), trades=3, kinds=4)
        pairs = build_pairs(people, jobs, fit, Weights(), today=TODAY)
        seen |= set(unmatched_reasons(people, jobs, fit, pairs, assign(pairs, jobs, len(people)), today=TODAY).tolist())
    reasons = {*range(Constraint.PROGRAMME, Constraint.SENDING_ORGANIZATION + 1), Constraint.TITP_STAGE}
    assert seen == {0, *reasons, Constraint.NO_POSITION}


def scipy_best_plan(pairs: Pairs, counts: np.ndarray, n: int) -> tuple[int, int]:
    """(filled, total score) of scipy's minimum-weight full matching of the positions.

    One row per position, one column per candidate plus one "unfilled"
    column per position, costing more than any score could make up for.
    """
    first = np.concatenate([[0], np.cumsum(counts)])
    rows, columns, costs = [], [], []
    for i, j, score in zip(pairs.candidate.tolist(), pairs.order.tolist(), pairs.score.tolist(), strict=True):
        for row in range(first[j], first[j + 1]):
            rows.append(row)
            columns.append(i)
            costs.append(1001.0 - score)
    slots = int(first[-1])
    for row in range(slots):
        rows.append(row)
        columns.append(n + row)
        costs.append(1001.0 + 1000.0 * slots)
    graph = csr_matrix((costs, (rows, columns)), shape=(slots, n + slots))
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    filled = matched_columns < n
    total = sum(1001 - int(graph[r, c]) for r, c in zip(matched_rows[filled], matched_columns[filled], strict=True))
    return int(filled.sum()), total


@pytest.mark.parametrize("seed", range(3))
def test_it_reaches_scipys_optimum_on_a_few_hundred_candidates(seed: int) -> None:
    rng = seeded(seed)
    n, m = 300, 60
    jobs = positions(*(rng.randint(1, 4) for _ in range(m)))
    pairs = random_pairs(rng, n=n, m=m, density=0.03)
    plan = assign(pairs, jobs, n)
    assert (plan.matched, plan.total_score) == scipy_best_plan(pairs, jobs.positions, n)
    assert plan.matched < n  # some are left: the count is a real maximum, not everyone
