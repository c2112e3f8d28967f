"""Engine inputs for the tests, and the rules written out plainly.

``candidates(...)`` and ``orders(...)`` build columns from one dict per row,
so a test names only what it is about. ``random_case`` crowds the edges:
birthdays around the start dates, readiness lapsing around today, few
distinct values so that scores tie.

The ``plain_*`` functions follow the specification pair by pair in plain
Python and share nothing with the engine, so the engine's vectorized answers
are checked against an independent reading of the same rules.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from typing import Any

import numpy as np

from matching.engine.columns import (
    NO_AGE_LIMIT_MAX,
    NO_AGE_LIMIT_MIN,
    NO_KIND,
    NO_ORGANIZATION,
    NO_TRADE,
    Candidates,
    Constraint,
    FitLevel,
    FitTable,
    JobOrders,
    Weights,
)
from matching.engine.pairs import Pairs

TODAY = 20260315
START = 20260401
SAME, SIMILAR, NONE = FitLevel.SAME, FitLevel.SIMILAR, FitLevel.NONE
# Trades 0 and 1, job kinds 0, 1 and 2.
FIT = FitTable(np.array([[SAME, SIMILAR, NONE], [NONE, SAME, SIMILAR]], dtype=np.int8))

CANDIDATE: dict[str, Any] = {
    "trade": 0,
    "track": 0,
    "language_rank": 20,
    "birth": 20000101,
    "sending_organization": 7,
    "assessment": 0.5,
    "training_hours": 480.0,
    "waiting_days": 100,
    "ready_until": 20270101,
    "live_shortlists": 0,
    "completed_titp_stage": 0,
}
ORDER: dict[str, Any] = {
    "kind": 0,
    "track": 0,
    "min_language_rank": 10,
    "min_age": NO_AGE_LIMIT_MIN,
    "max_age": NO_AGE_LIMIT_MAX,
    "start": START,
    "positions": 1,
    "preferred_trade": NO_TRADE,
    "titp_stage": 1,
}


def candidates(*rows: Mapping[str, Any], ids: list[int] | None = None) -> Candidates:
    full = [CANDIDATE | dict(row) for row in rows]
    return Candidates(
        ids=np.array(ids if ids is not None else range(1, len(rows) + 1), dtype=np.int64),
        **{name: _column(full, name, dtype) for name, dtype in _CANDIDATE_TYPES.items()},
    )


def orders(*rows: Mapping[str, Any]) -> JobOrders:
    """Job orders; ``served`` lists an order's serving LPK/SOs (none: open to all)."""
    full = [ORDER | {"served": []} | dict(row) for row in rows]
    served = [list(row["served"]) for row in full]
    return JobOrders(
        ids=np.arange(1, len(rows) + 1, dtype=np.int64),
        **{name: _column(full, name, dtype) for name, dtype in _ORDER_TYPES.items()},
        served_offsets=np.array([0, *itertools.accumulate(len(s) for s in served)], dtype=np.int64),
        served_by=np.array([organization for s in served for organization in s], dtype=np.int32),
    )


_CANDIDATE_TYPES: dict[str, type[np.generic]] = {
    "trade": np.int16,
    "track": np.int8,
    "language_rank": np.int16,
    "birth": np.int32,
    "sending_organization": np.int32,
    "assessment": np.float32,
    "training_hours": np.float32,
    "waiting_days": np.int32,
    "ready_until": np.int32,
    "live_shortlists": np.int8,
    "completed_titp_stage": np.int8,
}
_ORDER_TYPES: dict[str, type[np.generic]] = {
    "kind": np.int16,
    "track": np.int8,
    "min_language_rank": np.int16,
    "min_age": np.int16,
    "max_age": np.int16,
    "start": np.int32,
    "positions": np.int32,
    "preferred_trade": np.int16,
    "titp_stage": np.int8,
}


def _column(rows: list[dict[str, Any]], name: str, dtype: type[np.generic]) -> np.ndarray[Any, Any]:
    return np.array([row[name] for row in rows], dtype=dtype)


# --- random cases ---------------------------------------------------------------------


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 -- test data, reproducible by seed


STARTS = (20260401, 20261001, 20270101)
# Birthdays the day before, on and after each start date, and a few others.
BIRTHDAYS = (331, 401, 402, 930, 1001, 1002, 101, 1231, 615)


def random_case(
    rng: random.Random, *, n: int, m: int, trades: int = 4, kinds: int = 5
) -> tuple[Candidates, JobOrders, FitTable]:
    """n candidates, m orders and a fit table, most values drawn from a few edge-crowding choices."""
    fit = FitTable(np.array([[rng.choice((0, 0, 1, 2)) for _ in range(kinds)] for _ in range(trades)], dtype=np.int8))
    people = [
        {
            "trade": rng.choice([NO_TRADE, *range(trades)]),
            "track": rng.choice((0, 0, 0, 1, 2)),
            "language_rank": rng.choice((0, 10, 20, 30, 40, 50)),
            "birth": rng.randint(1994, 2009) * 10000 + rng.choice(BIRTHDAYS),
            "sending_organization": rng.choice((NO_ORGANIZATION, 7, 8, 9, 10)),
            "assessment": rng.choice((0.0, 0.25, 0.5, 0.8, 1.0)),
            "training_hours": rng.choice((0.0, 160.0, 480.0, 960.0, 1200.0)),
            "waiting_days": rng.choice((0, 30, 200, 365, 700)),
            "ready_until": rng.choice((TODAY - 1, TODAY, TODAY + 1, 20270101)),
            "live_shortlists": rng.choice((0, 0, 0, 1, 2)),
            "completed_titp_stage": rng.choice((0, 0, 0, 1, 2, 3)),
        }
        for _ in range(n)
    ]
    jobs = [
        {
            "kind": rng.choice([NO_KIND, *range(kinds)]),
            "track": rng.choice((0, 0, 1, 2)),
            "min_language_rank": rng.choice((0, 10, 20, 30)),
            "min_age": rng.choice((NO_AGE_LIMIT_MIN, 18, 20, 22)),
            "max_age": rng.choice((NO_AGE_LIMIT_MAX, 24, 26, 30)),
            "start": rng.choice(STARTS),
            "positions": rng.randint(1, 3),
            "preferred_trade": rng.choice([NO_TRADE, *range(trades)]),
            "served": [] if rng.random() < 0.5 else rng.sample((7, 8, 9, 10, 11), rng.randint(1, 3)),
            "titp_stage": rng.choice((0, 1, 1, 1, 2, 3)),
        }
        for _ in range(m)
    ]
    # Ids not in row order: equal scores go by participant id, not by row.
    return candidates(*people, ids=rng.sample(range(1, 10 * n + 10), n)), orders(*jobs), fit


def random_pairs(rng: random.Random, *, n: int, m: int, density: float, scores: int = 1000) -> Pairs:
    """Pairs drawn directly (for the assignment, which sees only pairs and positions), sorted as Pairs are."""
    found = [(j, i, rng.randint(0, scores)) for j in range(m) for i in range(n) if rng.random() < density]
    found.sort(key=lambda pair: (pair[0], -pair[2], pair[1]))
    order = np.array([pair[0] for pair in found], dtype=np.int32)
    return Pairs(
        candidate=np.array([pair[1] for pair in found], dtype=np.int32),
        order=order,
        score=np.array([pair[2] for pair in found], dtype=np.int32),
        order_offsets=np.searchsorted(order, np.arange(m + 1)).astype(np.int64),
    )


# --- the rules, pair by pair ------------------------------------------------------------


def plain_level(people: Candidates, jobs: JobOrders, fit: FitTable, i: int, j: int) -> FitLevel:
    kind, trade = int(jobs.kind[j]), int(people.trade[i])
    if kind == NO_KIND:
        return FitLevel.NOT_REQUIRED
    if trade == NO_TRADE:
        return FitLevel.NONE
    return FitLevel(int(fit.levels[trade, kind]))


def plain_reason(people: Candidates, jobs: JobOrders, fit: FitTable, i: int, j: int, *, today: int) -> int:
    """0 if eligible, else the first failing constraint."""
    age = (int(jobs.start[j]) - int(people.birth[i])) // 10000
    served = jobs.served_by[jobs.served_offsets[j] : jobs.served_offsets[j + 1]].tolist()
    stage, completed = int(jobs.titp_stage[j]), int(people.completed_titp_stage[i])
    checks = (
        (Constraint.PROGRAMME, int(people.track[i]) == int(jobs.track[j])),
        # Stage ii is never recruited; stage iii takes returnees who completed stage ii.
        (Constraint.TITP_STAGE, stage in (0, 1) or (stage == 3 and completed >= 2)),
        (Constraint.TRADE, plain_level(people, jobs, fit, i, j) != FitLevel.NONE),
        (Constraint.READINESS, int(people.ready_until[i]) >= today),
        (Constraint.LANGUAGE, int(people.language_rank[i]) >= int(jobs.min_language_rank[j])),
        (Constraint.AGE, int(jobs.min_age[j]) <= age <= int(jobs.max_age[j])),
        (Constraint.SENDING_ORGANIZATION, not served or int(people.sending_organization[i]) in served),
    )
    return next((int(constraint) for constraint, passed in checks if not passed), 0)


def plain_parts(people: Candidates, jobs: JobOrders, fit: FitTable, i: int, j: int, *, weights: Weights) -> list[float]:
    def share(value: float, full: int) -> float:
        if full <= 0:
            return 1.0 if value > 0 else 0.0
        return float(np.float32(min(1.0, max(0.0, value / full))))

    level = plain_level(people, jobs, fit, i, j)
    preferred = int(jobs.preferred_trade[j])
    return [
        {FitLevel.SAME: 1.0, FitLevel.SIMILAR: 0.5, FitLevel.NOT_REQUIRED: 0.5}.get(level, 0.0),
        share(float(people.language_rank[i]), weights.language_rank_full),
        float(people.assessment[i]),
        share(float(people.training_hours[i]), weights.training_hours_full),
        share(float(people.waiting_days[i]), weights.waiting_days_full),
        1.0 if preferred != NO_TRADE and int(people.trade[i]) == preferred else 0.0,
    ]


def plain_score(people: Candidates, jobs: JobOrders, fit: FitTable, i: int, j: int, *, weights: Weights) -> int:
    factors = [weights.trade_fit, weights.language, weights.assessment, weights.training, weights.waiting]
    factors.append(weights.preference)
    if sum(factors) == 0:
        return 0
    total = 0.0
    for factor, part in zip(factors, plain_parts(people, jobs, fit, i, j, weights=weights), strict=True):
        total += factor * part
    return round(1000 * total / sum(factors))


def plain_pairs(
    people: Candidates, jobs: JobOrders, fit: FitTable, *, weights: Weights, today: int
) -> list[tuple[int, int, int]]:
    """(order, candidate, score) of every eligible pair, sorted by order, score desc, candidate id."""
    found = [
        (j, i, plain_score(people, jobs, fit, i, j, weights=weights))
        for j in range(len(jobs))
        for i in range(len(people))
        if plain_reason(people, jobs, fit, i, j, today=today) == 0
    ]
    found.sort(key=lambda pair: (pair[0], -pair[2], int(people.ids[pair[1]])))
    return found


def plain_shortlists(
    people: Candidates, jobs: JobOrders, pairs: list[tuple[int, int, int]], *, weights: Weights
) -> tuple[dict[int, list[int]], dict[tuple[int, int], str]]:
    """The sequential greedy itself: order → listed candidates (best first), and (order, candidate) → outcome.

    Outcomes: "listed", "list full" (no room on the list at the pair's turn),
    "capped" (room on the list, none in the candidate's allowance).
    """
    room = {j: weights.shortlist_factor * int(jobs.positions[j]) for j in range(len(jobs))}
    allowance = [weights.shortlist_cap - int(live) for live in people.live_shortlists]
    lists: dict[int, list[int]] = {j: [] for j in range(len(jobs))}
    outcome = {}
    for j, i, _score in sorted(pairs, key=lambda pair: (-pair[2], pair[0], pair[1])):
        if len(lists[j]) >= room[j]:
            outcome[j, i] = "list full"
        elif allowance[i] <= 0:
            outcome[j, i] = "capped"
        else:
            lists[j].append(i)
            allowance[i] -= 1
            outcome[j, i] = "listed"
    return lists, outcome


def plain_furthest(people: Candidates, jobs: JobOrders, fit: FitTable, i: int, *, today: int) -> int:
    """The latest first-failing constraint of candidate i over all orders, in
    the order they are checked (NO_POSITION with no orders)."""
    reasons = [plain_reason(people, jobs, fit, i, j, today=today) for j in range(len(jobs))]
    order = [0, Constraint.PROGRAMME, Constraint.TITP_STAGE, Constraint.TRADE, Constraint.READINESS]
    order += [Constraint.LANGUAGE, Constraint.AGE, Constraint.SENDING_ORGANIZATION]
    return max(reasons, key=order.index, default=Constraint.NO_POSITION)


def plain_best_plan(pairs: Pairs, positions: list[int], n: int) -> tuple[int, int]:
    """(positions filled, total score) of the best plan, by trying every plan."""
    options: list[list[tuple[int, int]]] = [[(-1, 0)] for _ in range(n)]
    for i, j, score in zip(pairs.candidate.tolist(), pairs.order.tolist(), pairs.score.tolist(), strict=True):
        options[i].append((j, score))
    best = (0, 0)
    for plan in itertools.product(*options):
        taken = [j for j, _ in plan if j >= 0]
        if all(taken.count(j) <= positions[j] for j in set(taken)):
            best = max(best, (len(taken), sum(score for j, score in plan if j >= 0)))
    return best
