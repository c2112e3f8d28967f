"""Every eligible pair, scored, without testing every pair: same as testing every pair."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine.columns import Weights
from matching.engine.pairs import Pairs, build_pairs
from matching.engine.scoring import PART_NAMES

from .cases import FIT, TODAY, candidates, orders, plain_pairs, random_case, seeded


def as_list(pairs: Pairs) -> list[tuple[int, int, int]]:
    return list(zip(pairs.order.tolist(), pairs.candidate.tolist(), pairs.score.tolist(), strict=True))


@pytest.mark.parametrize("seed", range(30))
def test_it_finds_exactly_the_pairs_checked_one_by_one(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=rng.randint(0, 90), m=rng.randint(0, 14))
    weights = Weights(**{name: rng.randint(0, 30) for name in PART_NAMES})
    pairs = build_pairs(people, jobs, fit, weights, today=TODAY)
    assert as_list(pairs) == plain_pairs(people, jobs, fit, weights=weights, today=TODAY)


def test_it_finds_pairs_in_the_random_cases_at_all() -> None:
    # Guards the test above against passing on empty results.
    found = [len(build_pairs(*random_case(seeded(seed), n=90, m=14), Weights(), today=TODAY)) for seed in range(10)]
    assert min(found) > 0


def test_it_sorts_by_order_then_best_score_then_participant_id() -> None:
    people = candidates(
        {"assessment": 0.2}, {"assessment": 0.9}, {"assessment": 0.2}, {"assessment": 0.5}, ids=[40, 10, 30, 20]
    )
    pairs = build_pairs(people, orders({}, {}), FIT, Weights(), today=TODAY)
    by_order = [pairs.candidate[pairs.for_order(j)].tolist() for j in range(2)]
    # Rows 0 and 2 tie: participant 30 (row 2) before participant 40 (row 0).
    assert by_order == [[1, 3, 2, 0], [1, 3, 2, 0]]
    assert pairs.order.tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    assert np.all(np.diff(pairs.score[pairs.for_order(0)]) <= 0)


def test_it_delimits_each_orders_pairs_even_for_orders_without_any() -> None:
    people = candidates({}, {"track": 1})
    pairs = build_pairs(people, orders({"track": 2}, {}, {"track": 2}, {"track": 1}), FIT, Weights(), today=TODAY)
    assert pairs.order_offsets.tolist() == [0, 0, 1, 1, 2]
    assert pairs.candidate[pairs.for_order(1)].tolist() == [0]
    assert pairs.candidate[pairs.for_order(3)].tolist() == [1]


def test_it_pairs_an_organization_only_with_the_orders_it_serves() -> None:
    people = candidates({"sending_organization": 7}, {"sending_organization": 8}, {"sending_organization": 9})
    jobs = orders({"served": [8, 9]}, {"served": [7, 7]}, {})
    pairs = build_pairs(people, jobs, FIT, Weights(), today=TODAY)
    assert [sorted(pairs.candidate[pairs.for_order(j)].tolist()) for j in range(3)] == [[1, 2], [0], [0, 1, 2]]


def test_it_handles_no_candidates_and_no_orders() -> None:
    assert len(build_pairs(candidates(), orders({}), FIT, Weights(), today=TODAY)) == 0
    empty = build_pairs(candidates({}), orders(), FIT, Weights(), today=TODAY)
    assert len(empty) == 0
    assert empty.order_offsets.tolist() == [0]
