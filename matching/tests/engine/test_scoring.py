"""The score: six parts from 0 to 1, weighted, scaled to 0..1000 and rounded."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pytest

from matching.engine.columns import NO_KIND, NO_TRADE, FitLevel, FitTable, Weights
from matching.engine.pairs import build_pairs
from matching.engine.scoring import PART_NAMES, score_parts, scores

from .cases import FIT, TODAY, candidates, orders, plain_parts, plain_score, random_case, seeded

ONLY = dict.fromkeys(PART_NAMES, 0)


def parts_of(
    candidate: Mapping[str, object], order: Mapping[str, object], weights: Weights | None = None
) -> dict[str, float]:
    row = score_parts(candidates(candidate), orders(order), FIT, np.array([0]), np.array([0]), weights or Weights())
    return dict(zip(PART_NAMES, row[0].tolist(), strict=True))


def score_of(candidate: Mapping[str, object], order: Mapping[str, object], weights: Weights) -> int:
    return int(scores(candidates(candidate), orders(order), FIT, np.array([0]), np.array([0]), weights)[0])


@pytest.mark.parametrize(("trade", "kind", "part"), [(0, 0, 1.0), (0, 1, 0.5), (1, NO_KIND, 0.5)])
def test_it_scores_the_same_trade_full_and_a_similar_or_unnamed_one_half(trade: int, kind: int, part: float) -> None:
    assert parts_of({"trade": trade}, {"kind": kind})["trade_fit"] == part


def test_it_scales_language_training_and_waiting_to_their_full_figures() -> None:
    parts = parts_of({"language_rank": 20, "training_hours": 240.0, "waiting_days": 73, "assessment": 0.75}, {})
    assert parts["language"] == pytest.approx(20 / 50)
    assert parts["training"] == pytest.approx(240 / 960)
    assert parts["waiting"] == pytest.approx(73 / 365)
    assert parts["assessment"] == 0.75


def test_it_stops_each_part_at_one_nobody_waits_forever() -> None:
    parts = parts_of({"language_rank": 50, "training_hours": 2000.0, "waiting_days": 3000}, {})
    assert (parts["language"], parts["training"], parts["waiting"]) == (1.0, 1.0, 1.0)


def test_it_counts_any_amount_as_full_when_the_full_figure_is_zero() -> None:
    weights = Weights(training_hours_full=0, waiting_days_full=0, language_rank_full=0)
    some = parts_of({"training_hours": 8.0, "waiting_days": 1, "language_rank": 10}, {}, weights)
    none = parts_of({"training_hours": 0.0, "waiting_days": 0, "language_rank": 0}, {}, weights)
    assert (some["training"], some["waiting"], some["language"]) == (1.0, 1.0, 1.0)
    assert (none["training"], none["waiting"], none["language"]) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("trade", "preferred", "part"), [(1, 1, 1.0), (0, 1, 0.0), (NO_TRADE, NO_TRADE, 0.0), (0, NO_TRADE, 0.0)]
)
def test_it_adds_the_preference_only_for_the_named_trade(trade: int, preferred: int, part: float) -> None:
    assert parts_of({"trade": trade}, {"kind": NO_KIND, "preferred_trade": preferred})["preference"] == part


def test_it_weighs_the_parts_into_a_score_out_of_1000() -> None:
    # trade 1.0·30 + language 0.4·20 + assessment 0.5·20 + training 0.5·10 + waiting 0.2·10
    # + preference 0·10 = 55 of 100
    candidate = {"trade": 0, "language_rank": 20, "assessment": 0.5, "training_hours": 480.0, "waiting_days": 73}
    assert score_of(candidate, {"kind": 0}, Weights()) == 550


def test_it_scores_zero_when_every_weight_is_zero() -> None:
    assert score_of({"assessment": 1.0}, {}, Weights(**ONLY)) == 0


@pytest.mark.parametrize(
    ("assessment", "expected"),
    [
        (0.3334, 333),  # 333.4 rounds down
        (0.3336, 334),  # 333.6 rounds up
        (0.0625, 62),  # exactly 62.5: halves go to the even number, as Python's round
        (0.1875, 188),  # exactly 187.5
    ],
)
def test_it_rounds_to_the_nearest_point(assessment: float, expected: int) -> None:
    assert score_of({"assessment": assessment}, {}, Weights(**ONLY | {"assessment": 1})) == expected


def test_it_refuses_negative_weights() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        score_of({}, {}, Weights(language=-1))


@pytest.mark.parametrize("seed", range(10))
def test_it_shows_parts_that_give_the_score(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=60, m=8)
    weights = Weights(**{name: rng.randint(0, 40) for name in PART_NAMES}, waiting_days_full=rng.choice((0, 30, 365)))
    pairs = build_pairs(people, jobs, fit, weights, today=TODAY)
    parts = score_parts(people, jobs, fit, pairs.candidate, pairs.order, weights).astype(np.float64)
    factors = [getattr(weights, name) for name in PART_NAMES]
    for row, score in zip(parts, pairs.score.tolist(), strict=True):
        total = 0.0
        for factor, part in zip(factors, row.tolist(), strict=True):
            total += factor * part
        assert score == (round(1000 * total / sum(factors)) if sum(factors) else 0)


@pytest.mark.parametrize("seed", range(10))
def test_it_agrees_with_the_score_computed_pair_by_pair(seed: int) -> None:
    rng = seeded(seed)
    people, jobs, fit = random_case(rng, n=30, m=6)
    weights = Weights(**{name: rng.randint(0, 40) for name in PART_NAMES}, training_hours_full=rng.choice((0, 500)))
    cand, order = np.meshgrid(np.arange(len(people)), np.arange(len(jobs)), indexing="ij")
    found = scores(people, jobs, fit, cand.ravel(), order.ravel(), weights).tolist()
    parts = score_parts(people, jobs, fit, cand.ravel(), order.ravel(), weights).tolist()
    pairs = list(zip(cand.ravel().tolist(), order.ravel().tolist(), strict=True))
    assert found == [plain_score(people, jobs, fit, i, j, weights=weights) for i, j in pairs]
    assert parts == [plain_parts(people, jobs, fit, i, j, weights=weights) for i, j in pairs]


# A returnee's row (matching.japan): row 2 is trade 0 with a year in Japan in job kind 2, row 3 the
# same with under a year, row 4 no trade with a completed stage ii in job kind 1.
WITH_JAPAN = FitTable(
    np.array(
        [
            [FitLevel.SAME, FitLevel.SIMILAR, FitLevel.NONE],
            [FitLevel.NONE, FitLevel.SAME, FitLevel.SIMILAR],
            [FitLevel.SAME, FitLevel.SIMILAR, FitLevel.JAPAN],
            [FitLevel.SAME, FitLevel.SIMILAR, FitLevel.JAPAN_BRIEF],
            [FitLevel.NONE, FitLevel.JAPAN_EXEMPT, FitLevel.NONE],
        ],
        dtype=np.int8,
    ),
    base=np.array([0, 1, 0, 0, NO_TRADE], dtype=np.int16),
)


@pytest.mark.parametrize(("trade", "kind", "part"), [(2, 2, 1.0), (3, 2, 0.75), (4, 1, 1.0), (2, 0, 1.0)])
def test_it_scores_a_returnees_japan_record_like_a_trade(trade: int, kind: int, part: float) -> None:
    row = score_parts(
        candidates({"trade": trade}), orders({"kind": kind}), WITH_JAPAN, np.array([0]), np.array([0]), Weights()
    )
    assert row[0][0] == part


@pytest.mark.parametrize(("trade", "preferred", "part"), [(2, 0, 1.0), (3, 1, 0.0), (4, 0, 0.0), (NO_TRADE, 0, 0.0)])
def test_it_reads_a_returnees_preferred_trade_from_their_own_trade(trade: int, preferred: int, part: float) -> None:
    row = score_parts(
        candidates({"trade": trade}),
        orders({"kind": NO_KIND, "preferred_trade": preferred}),
        WITH_JAPAN,
        np.array([0]),
        np.array([0]),
        Weights(),
    )
    assert row[0][PART_NAMES.index("preference")] == part


def test_it_lets_a_returnees_record_pass_the_trade_constraint() -> None:
    people = candidates({"trade": 0}, {"trade": 2}, {"trade": 4})
    jobs = orders({"kind": 2})
    pairs = build_pairs(people, jobs, WITH_JAPAN, Weights(), today=TODAY)
    assert sorted(people.ids[pairs.candidate].tolist()) == [2]
