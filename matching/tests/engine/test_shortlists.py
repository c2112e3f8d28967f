"""Every order's shortlist at once: k = factor × positions each, every candidate on a few lists at most."""

from __future__ import annotations

import numpy as np
import pytest

from matching.engine.columns import Weights
from matching.engine.pairs import build_pairs
from matching.engine.shortlists import LeftOff, Shortlists, build_shortlists, left_off

from .cases import FIT, TODAY, candidates, orders, plain_shortlists, random_case, seeded

OUTCOMES = {LeftOff.LISTED: "listed", LeftOff.LIST_FULL: "list full", LeftOff.CAPPED: "capped"}


def lists(shortlists: Shortlists, m: int) -> list[list[int]]:
    return [shortlists.candidate[shortlists.for_order(j)].tolist() for j in range(m)]


def ranked(n: int, **extra: object) -> list[dict[str, object]]:
    """n candidates, row 0 the strongest, each weaker than the one before."""
    return [{"assessment": 1 - i / (n + 1)} | extra for i in range(n)]


def test_it_lists_factor_times_positions_best_first() -> None:
    people = candidates(*ranked(10))
    jobs = orders({"positions": 2}, {"positions": 1, "served": [7]})
    pairs = build_pairs(people, jobs, FIT, Weights(), today=TODAY)
    found = build_shortlists(pairs, jobs, people, Weights(shortlist_factor=3, shortlist_cap=10))
    assert lists(found, 2) == [[0, 1, 2, 3, 4, 5], [0, 1, 2]]
    assert found.rank.tolist() == [1, 2, 3, 4, 5, 6, 1, 2, 3]
    assert found.short_of.tolist() == [0, 0]


def test_it_says_how_many_places_stay_empty() -> None:
    people = candidates(*ranked(4))
    jobs = orders({"positions": 2})
    found = build_shortlists(build_pairs(people, jobs, FIT, Weights(), today=TODAY), jobs, people, Weights())
    assert lists(found, 1) == [[0, 1, 2, 3]]
    assert found.short_of.tolist() == [2]


def test_it_counts_live_shortlists_against_the_cap() -> None:
    people = candidates({"assessment": 0.9, "live_shortlists": 2}, {"assessment": 0.8, "live_shortlists": 1}, {})
    jobs = orders({"min_age": 18}, {"max_age": 40}, {})
    weights = Weights(shortlist_factor=1, shortlist_cap=2)
    found = build_shortlists(build_pairs(people, jobs, FIT, weights, today=TODAY), jobs, people, weights)
    # Row 0 is on as many lists as allowed already; row 1 may go on one more, row 2 on two.
    assert lists(found, 3) == [[1], [2], [2]]


def test_a_strong_candidate_does_not_block_everyone() -> None:
    people = candidates({"assessment": 1.0}, {"assessment": 0.6}, {"assessment": 0.5}, {"assessment": 0.4})
    jobs = orders({}, {}, {})
    weights = Weights(shortlist_factor=1, shortlist_cap=1)
    found = build_shortlists(build_pairs(people, jobs, FIT, weights, today=TODAY), jobs, people, weights)
    # Equal scores: the lowest order row takes the strongest candidate first.
    assert lists(found, 3) == [[0], [1], [2]]


@pytest.mark.parametrize("seed", range(150))
def test_it_equals_the_sequential_greedy(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=rng.randint(0, 80), m=rng.randint(0, 12), trades=2, kinds=2)
    weights = Weights(shortlist_factor=rng.choice((1, 2, 3)), shortlist_cap=rng.choice((0, 1, 2, 3)))
    pairs = build_pairs(people, jobs, fit, weights, today=TODAY)
    found = build_shortlists(pairs, jobs, people, weights)
    triples = list(zip(pairs.order.tolist(), pairs.candidate.tolist(), pairs.score.tolist(), strict=True))
    expected, outcome = plain_shortlists(people, jobs, triples, weights=weights)
    assert lists(found, len(jobs)) == [expected[j] for j in range(len(jobs))]
    for j in range(len(jobs)):
        assert found.rank[found.for_order(j)].tolist() == list(range(1, len(expected[j]) + 1))
    reasons = left_off(pairs, found, jobs, people, weights)
    assert [OUTCOMES[LeftOff(value)] for value in reasons.tolist()] == [outcome[j, i] for j, i, _ in triples]


def test_the_random_cases_list_cap_and_fill_lists() -> None:
    # Guards the test above: its cases do list, cap and fill.
    seen = set()
    for seed in range(30):
        rng = seeded(seed)
        people, jobs, fit = random_case(rng, n=80, m=12, trades=2, kinds=2)
        pairs = build_pairs(people, jobs, fit, Weights(), today=TODAY)
        seen |= set(left_off(pairs, build_shortlists(pairs, jobs, people, Weights()), jobs, people, Weights()).tolist())
    assert seen == {LeftOff.LISTED, LeftOff.LIST_FULL, LeftOff.CAPPED}


def test_it_tells_capped_candidates_from_those_behind_a_full_list() -> None:
    people = candidates({"assessment": 1.0}, {"assessment": 0.8}, {"assessment": 0.6})
    jobs = orders({}, {})
    weights = Weights(shortlist_factor=1, shortlist_cap=1)
    pairs = build_pairs(people, jobs, FIT, weights, today=TODAY)
    found = build_shortlists(pairs, jobs, people, weights)
    reasons = dict(
        zip(
            zip(pairs.order.tolist(), pairs.candidate.tolist(), strict=True),
            left_off(pairs, found, jobs, people, weights).tolist(),
            strict=True,
        )
    )
    # Order 0 lists row 0. Order 1 would have taken row 0 (capped), lists row 1; row 2 finds both lists full.
    assert reasons == {
        (0, 0): LeftOff.LISTED,
        (0, 1): LeftOff.LIST_FULL,
        (0, 2): LeftOff.LIST_FULL,
        (1, 0): LeftOff.CAPPED,
        (1, 1): LeftOff.LISTED,
        (1, 2): LeftOff.LIST_FULL,
    }


def test_it_breaks_ties_by_candidate_row_even_when_ids_run_the_other_way() -> None:
    people = candidates({}, {}, {}, ids=[30, 20, 10])
    jobs = orders({"positions": 1})
    weights = Weights(shortlist_factor=2)
    pairs = build_pairs(people, jobs, FIT, weights, today=TODAY)
    assert pairs.candidate.tolist() == [2, 1, 0]  # pairs: by participant id
    found = build_shortlists(pairs, jobs, people, weights)
    assert lists(found, 1) == [[0, 1]]  # the greedy: by row
    assert np.array_equal(found.pair, [2, 1])
