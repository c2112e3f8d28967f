"""Benchmark: national matching, 200,000 participants × 20,000 job orders, against a Python loop and scipy.

    .venv/bin/python bench/bench_matching.py [--participants 200000] [--job-orders 20000]

No database: the data are generated with a fixed seed directly as the
engine's columns (matching.engine.columns), as ``matching.loader`` would fill
them, and every measured step is the engine alone (time.perf_counter):

* ``pairs_s``: ``build_pairs``, every eligible pair with its score (no cut);
* ``shortlist_s``: ``build_shortlists``, every order's list at once, each
  candidate on at most ``shortlist_cap`` lists;
* ``assign_s``: ``assign``, the most positions filled, then the highest total
  score (OR-Tools min-cost flow);
* ``reasons_s``: ``unmatched_reasons`` for everyone left without an order.

``peak_mb`` is the process's peak resident memory (``ru_maxrss``) right after
these steps, before any baseline runs.

Baselines, in the same run, on samples drawn from the same data:

* pairs: a plain Python loop over one dict per participant and per job order
  (a random tenth of each side: 20,000 × 2,000), checking the same rules in
  the same order (stopping at the first that fails) and computing the same
  score (parts rounded to float32 as the engine does); making the dicts is
  not timed. Both must give identical pairs. ``sample_pairs_s`` is
  ``build_pairs`` on that sample, ``pairs_ratio`` = loop time / that.
* assignment: ``scipy.sparse.csgraph.min_weight_full_bipartite_matching``
  (a random twentieth of each side: 10,000 × 1,000), building its matrix
  included: one row per open position, one column per participant
  plus one "unfilled" column per position. A participant's edge costs
  ``1001 − score``; the unfilled edge costs more than any possible gain in
  score, so the minimum fills the most positions, then maximizes the score:
  the same problem. Matched counts must be equal; ``score_vs_scipy`` is our
  total score over scipy's (1.000000 = the same optimum). ``sample_assign_s``
  is ``assign`` on that sample, ``assign_ratio`` = scipy's time / that.

The data, and why:

* trades and job kinds are the reference files': 22 BLK trades
  (``vocational_programmes-2026-initial.csv``) fitting the TITP job
  categories (``titp_job_categories-2025.csv``) and SSW fields as SAME or
  SIMILAR; popular trades (welding, automotive, machining, food processing,
  caregiving, construction) are many times more common than rare ones, and
  job orders favour the big sectors (food, construction, machinery);
* tracks: 80 % TITP, 15 % SSW, 5 % ESD, for participants and orders alike;
* Japanese: half N5 (rank 10), a third N4, few N3 and above, 3 % none yet
  (SSW participants at least N4); orders ask N5 or N4 mostly, sometimes N3,
  rarely nothing (SSW orders at least N4);
* ages 18-35 today (the early twenties most common) against order ranges
  such as 18-26 or 20-30 on start dates 2 to 8 months ahead;
* 300 LPK/SOs of unequal size (the k-th largest ∝ k^-0.6). Most orders in
  practice come through a supervising organization's partner LPK/SOs, so
  93 % of orders list 1-5 serving LPK/SOs (a few hundred eligible each);
  the 7 % open to all, like the government-to-government schemes, see the
  whole country (several thousand eligible each). Together ~11.6 million
  eligible pairs, ~580 per order: inside the 8-15 million planned, where the
  flow network fits the 30 s / 3 GB target (OR-Tools measured here: ~8 s /
  0.75 GB at 5 M arcs, ~32 s / 2.7 GB at 20 M); an all-open market would
  give about 136 million;
* 1-6 positions per order (mean 3, ~60,000 in all); preferred trades on a
  third of the orders; most participants on no live shortlist yet; about
  2 % whose readiness (health check, passport) lapsed.

The last line is ``BENCH matching ...``.
"""

from __future__ import annotations

import argparse
import csv
import resource
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # type: ignore[import-untyped]

from matching.engine.assignment import assign, unmatched_reasons
from matching.engine.columns import (
    NO_AGE_LIMIT_MAX,
    NO_AGE_LIMIT_MIN,
    NO_KIND,
    NO_TRADE,
    Candidates,
    FitLevel,
    FitTable,
    JobOrders,
    Weights,
)
from matching.engine.pairs import Pairs, build_pairs
from matching.engine.shortlists import build_shortlists

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference" / "data"
TODAY = 20260315
TITP, SSW, ESD = 0, 1, 2
ORGANIZATIONS = 300
SERVED_SHARE = 0.93  # orders that list their serving LPK/SOs
PAIRS_SAMPLE = (20_000, 2_000)
ASSIGN_SAMPLE = (10_000, 1_000)

# How common each BLK trade is among participants (relative).
TRADE_WEIGHTS = {
    "LAS": 12,
    "MFK": 8,
    "MEK": 4,
    "OTO": 10,
    "LIS": 7,
    "ELK": 4,
    "REF": 3,
    "BGN": 8,
    "SIP": 3,
    "KYU": 2,
    "CAT": 2,
    "GAR": 7,
    "TKS": 2,
    "PHP": 8,
    "BOG": 6,
    "PTN": 6,
    "PKN": 2,
    "HUT": 1,
    "PAR": 3,
    "KBR": 2,
    "CGV": 8,
    "LOG": 3,
}
# How common each TITP sector (the job category's first number) is among orders.
SECTOR_WEIGHTS = {"1": 10, "2": 2, "3": 22, "4": 25, "5": 6, "6": 18, "7": 15, "99": 2}
# SSW orders by field (relative); fields not named are rare.
SSW_FIELD_WEIGHTS = {"介護": 25, "飲食料品製造業": 20, "工業製品製造業": 15, "建設": 12, "農業": 8, "外食業": 8}

BENCH_FIELDS = (
    "participants",
    "job_orders",
    "positions",
    "pairs",
    "pairs_s",
    "shortlist_s",
    "assign_s",
    "reasons_s",
    "matched",
    "peak_mb",
    "baseline_pairs_s",
    "baseline_pairs_sample",
    "pairs_ratio",
    "baseline_assign_s",
    "baseline_assign_size",
    "assign_ratio",
    "score_vs_scipy",
)

_T = TypeVar("_T")


@dataclass(frozen=True)
class Reference:
    trades: list[str]
    kinds: list[str]  # TITP job category codes, then SSW fields
    fit: FitTable
    ssw_kinds: list[int]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=200_000)
    parser.add_argument("--job-orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    reference = load_reference()
    rng = np.random.default_rng(args.seed)
    candidates, orders = generate(reference, rng, participants=args.participants, job_orders=args.job_orders)
    positions = int(orders.positions.sum())
    print(f"generated {len(candidates)} participants, {len(orders)} job orders, {positions} positions")
    fields: dict[str, object] = {"participants": len(candidates), "job_orders": len(orders), "positions": positions}
    fields |= run_engine(reference, candidates, orders)
    # The samples are a tenth and a twentieth of each side (20,000 × 2,000 and 10,000 × 1,000 at full scale).
    fields |= run_pairs_baseline(reference, *subset(candidates, orders, rng, divide_by=10))
    fields |= run_assign_baseline(reference, *subset(candidates, orders, rng, divide_by=20))
    # The agreed fields first, in their order; the others after.
    ordered = {key: fields.pop(key) for key in BENCH_FIELDS} | fields
    print("BENCH matching " + " ".join(f"{key}={value}" for key, value in ordered.items()))


# --- the engine at full size ---------------------------------------------------------


def run_engine(reference: Reference, candidates: Candidates, orders: JobOrders) -> dict[str, object]:
    weights = Weights()
    pairs, pairs_s = timed(lambda: build_pairs(candidates, orders, reference.fit, weights, today=TODAY))
    print(f"build_pairs: {len(pairs)} pairs in {pairs_s:.2f} s")
    lists, shortlist_s = timed(lambda: build_shortlists(pairs, orders, candidates, weights))
    print(f"build_shortlists: {len(lists)} listed in {shortlist_s:.2f} s, {int(lists.short_of.sum())} places empty")
    plan, assign_s = timed(lambda: assign(pairs, orders, len(candidates)))
    print(f"assign: {plan.matched} matched, total score {plan.total_score}, in {assign_s:.2f} s")
    reasons, reasons_s = timed(lambda: unmatched_reasons(candidates, orders, reference.fit, pairs, plan, today=TODAY))
    print(f"unmatched_reasons in {reasons_s:.2f} s; candidates by reason 0..8: {np.bincount(reasons, minlength=9)}")
    # Before any baseline runs, so that only the engine's steps count.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "pairs": len(pairs),
        "pairs_s": f"{pairs_s:.2f}",
        "shortlist_s": f"{shortlist_s:.2f}",
        "assign_s": f"{assign_s:.2f}",
        "reasons_s": f"{reasons_s:.2f}",
        "matched": plan.matched,
        "total_score": plan.total_score,
        "listed": len(lists),
        "peak_mb": f"{peak_mb:.0f}",
    }


def timed(step: Callable[[], _T]) -> tuple[_T, float]:
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


# --- baseline: pairs by a Python loop ------------------------------------------------------


def run_pairs_baseline(reference: Reference, candidates: Candidates, orders: JobOrders) -> dict[str, object]:
    weights = Weights()
    size = f"{len(candidates)}x{len(orders)}"
    ours, ours_s = timed(lambda: build_pairs(candidates, orders, reference.fit, weights, today=TODAY))
    people, jobs, levels = row_dicts(candidates, orders, reference.fit)
    found, loop_s = timed(lambda: loop_pairs(people, jobs, levels, weights, today=TODAY))
    identical = found == list(zip(ours.order.tolist(), ours.candidate.tolist(), ours.score.tolist(), strict=True))
    print(f"pairs at {size}: build_pairs {ours_s:.3f} s, Python loop {loop_s:.1f} s, {len(found)} pairs")
    if not identical:
        raise SystemExit("the Python loop and build_pairs disagree")
    return {
        "baseline_pairs_s": f"{loop_s:.2f}",
        "baseline_pairs_sample": size,
        "sample_pairs": len(found),
        "sample_pairs_s": f"{ours_s:.3f}",
        "pairs_ratio": f"{loop_s / ours_s:.1f}",
    }


def row_dicts(
    candidates: Candidates, orders: JobOrders, fit: FitTable
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[tuple[int, int], int]]:
    """One dict per participant and per job order, as a row-at-a-time program would hold them."""
    people = [
        {name: value.item() for name, value in zip(CANDIDATE_FIELDS, row, strict=True)}
        for row in zip(*(getattr(candidates, name) for name in CANDIDATE_FIELDS), strict=True)
    ]
    jobs = []
    for j in range(len(orders)):
        job = {name: getattr(orders, name)[j].item() for name in ORDER_FIELDS}
        job["served_by"] = set(orders.served_by[orders.served_offsets[j] : orders.served_offsets[j + 1]].tolist())
        jobs.append(job)
    trades, kinds = fit.levels.shape
    levels = {(t, k): int(fit.levels[t, k]) for t in range(trades) for k in range(kinds)}
    return people, jobs, levels


CANDIDATE_FIELDS = (
    "ids",
    "trade",
    "track",
    "language_rank",
    "birth",
    "sending_organization",
    "assessment",
    "training_hours",
    "waiting_days",
    "ready_until",
)
ORDER_FIELDS = ("kind", "track", "min_language_rank", "min_age", "max_age", "start", "preferred_trade")


def loop_pairs(
    people: list[dict[str, Any]],
    jobs: list[dict[str, Any]],
    levels: dict[tuple[int, int], int],
    weights: Weights,
    *,
    today: int,
) -> list[tuple[int, int, int]]:
    """(order row, candidate row, score) of every eligible pair, checked one pair at a time."""
    found = []
    for j, job in enumerate(jobs):
        for i, person in enumerate(people):
            if person["ready_until"] < today or person["track"] != job["track"]:
                continue
            level: int
            if job["kind"] == NO_KIND:
                level = FitLevel.NOT_REQUIRED
            elif person["trade"] == NO_TRADE:
                continue
            else:
                level = levels[person["trade"], job["kind"]]
            if level == FitLevel.NONE or person["language_rank"] < job["min_language_rank"]:
                continue
            if not job["min_age"] <= (job["start"] - person["birth"]) // 10000 <= job["max_age"]:
                continue
            if job["served_by"] and person["sending_organization"] not in job["served_by"]:
                continue
            found.append((j, i, loop_score(person, job, level, weights)))
    found.sort(key=lambda pair: (pair[0], -pair[2], people[pair[1]]["ids"]))
    return found


def loop_score(person: dict[str, Any], job: dict[str, Any], level: int, weights: Weights) -> int:
    parts = (
        TRADE_FIT_PART[level],
        float32_share(person["language_rank"], weights.language_rank_full),
        min(1.0, max(0.0, person["assessment"])),
        float32_share(person["training_hours"], weights.training_hours_full),
        float32_share(person["waiting_days"], weights.waiting_days_full),
        1.0 if job["preferred_trade"] != NO_TRADE and person["trade"] == job["preferred_trade"] else 0.0,
    )
    factors = [weights.trade_fit, weights.language, weights.assessment, weights.training, weights.waiting]
    factors.append(weights.preference)
    if sum(factors) == 0:
        return 0
    total = 0.0
    for factor, part in zip(factors, parts, strict=True):
        total += factor * part
    return round(1000 * total / sum(factors))


TRADE_FIT_PART: dict[int, float] = {FitLevel.SAME: 1.0, FitLevel.SIMILAR: 0.5, FitLevel.NOT_REQUIRED: 0.5}


def float32_share(value: float, full: int) -> float:
    """``value / full`` within 0..1, rounded to float32 like the engine's parts."""
    if full <= 0:
        return 1.0 if value > 0 else 0.0
    share: float = struct.unpack("f", struct.pack("f", min(1.0, max(0.0, value / full))))[0]
    return share


# --- baseline: the assignment by scipy --------------------------------------------------


def run_assign_baseline(reference: Reference, candidates: Candidates, orders: JobOrders) -> dict[str, object]:
    size = f"{len(candidates)}x{len(orders)}"
    pairs = build_pairs(candidates, orders, reference.fit, Weights(), today=TODAY)
    plan, ours_s = timed(lambda: assign(pairs, orders, len(candidates)))
    (matched, score), scipy_s = timed(lambda: scipy_assign(pairs, orders, len(candidates)))
    print(
        f"assignment at {size}, {len(pairs)} pairs: ours {ours_s:.3f} s, {plan.matched} matched, "
        f"score {plan.total_score}; scipy {scipy_s:.3f} s, {matched} matched, score {score}"
    )
    if matched != plan.matched:
        raise SystemExit("scipy fills a different number of positions")
    return {
        "baseline_assign_s": f"{scipy_s:.3f}",
        "baseline_assign_size": size,
        "sample_assign_s": f"{ours_s:.3f}",
        "assign_ratio": f"{scipy_s / ours_s:.1f}",
        "score_vs_scipy": f"{plan.total_score / max(score, 1):.6f}",
    }


def scipy_assign(pairs: Pairs, orders: JobOrders, n_candidates: int) -> tuple[int, int]:
    """Matched positions and total score of scipy's minimum-weight full matching of the positions."""
    positions = np.maximum(orders.positions, 0).astype(np.int64)
    first_row = np.concatenate([[0], np.cumsum(positions)])
    slots = int(first_row[-1])
    # Each pair becomes one edge per position of its order.
    per_pair = positions[pairs.order]
    pair_of_edge = np.repeat(np.arange(len(pairs)), per_pair)
    row = first_row[pairs.order[pair_of_edge]] + (
        np.arange(len(pair_of_edge)) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    )
    # Leaving a position unfilled costs more than any score could make up for.
    unfilled = 1001.0 + 1000.0 * slots
    cost = np.concatenate([1001.0 - pairs.score[pair_of_edge], np.full(slots, unfilled)])
    rows = np.concatenate([row, np.arange(slots)])
    columns = np.concatenate([pairs.candidate[pair_of_edge].astype(np.int64), n_candidates + np.arange(slots)])
    graph = csr_matrix((cost, (rows, columns)), shape=(slots, n_candidates + slots))
    matched_rows, matched_columns = min_weight_full_bipartite_matching(graph)
    filled = matched_columns < n_candidates
    edge_cost = np.asarray(graph[matched_rows[filled], matched_columns[filled]]).ravel()
    return int(filled.sum()), round(float((1001.0 - edge_cost).sum()))


# --- the data ---------------------------------------------------------------------------


def load_reference() -> Reference:
    """Trades, job kinds and how they fit, from the reference files the loader reads too."""
    with (REFERENCE / "vocational_programmes-2026-initial.csv").open(encoding="utf-8") as file:
        programmes = list(csv.DictReader(file))
    with (REFERENCE / "titp_job_categories-2025.csv").open(encoding="utf-8") as file:
        categories = list(dict.fromkeys(row["job_category_code"] for row in csv.DictReader(file)))
    with (REFERENCE / "ssw_fields-2026-01.csv").open(encoding="utf-8") as file:
        fields = [row["field_ja"] for row in csv.DictReader(file)]
    kinds = categories + fields
    column = {kind: k for k, kind in enumerate(kinds)}
    levels = np.zeros((len(programmes), len(kinds)), dtype=np.int8)
    for t, programme in enumerate(programmes):
        for heading, level in (
            ("titp_job_category_codes_similar", FitLevel.SIMILAR),
            ("titp_job_category_codes_same", FitLevel.SAME),
            ("ssw_fields_same", FitLevel.SAME),
        ):
            for code in filter(None, programme[heading].split(";")):
                levels[t, column[code]] = level
    return Reference(
        trades=[programme["programme_code"] for programme in programmes],
        kinds=kinds,
        fit=FitTable(levels),
        ssw_kinds=[column[field] for field in fields],
    )


def generate(
    reference: Reference, rng: np.random.Generator, *, participants: int, job_orders: int
) -> tuple[Candidates, JobOrders]:
    organizations = 1001 + np.arange(ORGANIZATIONS, dtype=np.int32)
    # LPK/SOs of very unequal size.
    organization_share = normalized(1.0 / np.arange(1, ORGANIZATIONS + 1) ** 0.6)
    return (
        generate_candidates(reference, rng, participants, organizations, organization_share),
        generate_orders(reference, rng, job_orders, organizations, organization_share),
    )


def generate_candidates(
    reference: Reference,
    rng: np.random.Generator,
    n: int,
    organizations: NDArray[np.int32],
    organization_share: NDArray[np.float64],
) -> Candidates:
    track = rng.choice([TITP, SSW, ESD], size=n, p=[0.8, 0.15, 0.05]).astype(np.int8)
    trade_share = normalized(np.array([TRADE_WEIGHTS[code] for code in reference.trades], dtype=np.float64))
    trade = rng.choice(len(reference.trades), size=n, p=trade_share).astype(np.int16)
    trade[rng.random(n) < 0.02] = NO_TRADE
    rank = rng.choice([0, 10, 20, 30, 40, 50], size=n, p=[0.03, 0.5, 0.32, 0.1, 0.04, 0.01]).astype(np.int16)
    rank[track == SSW] = np.maximum(rank[track == SSW], 20)  # SSW asks JFT-Basic A2 or N4
    age_days = (18 + 17 * rng.beta(1.6, 3.0, size=n)) * 365.25
    ready_until = days_after(TODAY, rng.integers(1, 400, size=n))
    lapsed = rng.random(n) < 0.02
    ready_until[lapsed] = days_after(TODAY, -rng.integers(1, 60, size=int(lapsed.sum())))
    return Candidates(
        ids=np.arange(1, n + 1, dtype=np.int64),
        trade=trade,
        track=track,
        language_rank=rank,
        birth=days_after(TODAY, -age_days.astype(np.int64)),
        sending_organization=rng.choice(organizations, size=n, p=organization_share).astype(np.int32),
        assessment=np.round(np.clip(rng.normal(0.72, 0.12, size=n), 0, 1), 2).astype(np.float32),
        training_hours=(8 * rng.integers(20, 160, size=n)).astype(np.float32),
        waiting_days=np.minimum(rng.exponential(120, size=n), 900).astype(np.int32),
        ready_until=ready_until,
        live_shortlists=rng.choice([0, 1, 2], size=n, p=[0.85, 0.12, 0.03]).astype(np.int8),
        # Until placements exist nobody is on record as a returnee of a TITP stage.
        completed_titp_stage=np.zeros(n, dtype=np.int8),
    )


def generate_orders(
    reference: Reference,
    rng: np.random.Generator,
    m: int,
    organizations: NDArray[np.int32],
    organization_share: NDArray[np.float64],
) -> JobOrders:
    track = rng.choice([TITP, SSW, ESD], size=m, p=[0.8, 0.15, 0.05]).astype(np.int8)
    kind = np.empty(m, dtype=np.int16)
    ssw = track == SSW
    kind[~ssw] = rng.choice(len(reference.kinds), size=int((~ssw).sum()), p=category_share(reference, rng))
    field_share = normalized(
        np.array([SSW_FIELD_WEIGHTS.get(reference.kinds[k], 2) for k in reference.ssw_kinds], dtype=np.float64)
    )
    kind[ssw] = rng.choice(reference.ssw_kinds, size=int(ssw.sum()), p=field_share)
    kind[rng.random(m) < 0.03] = NO_KIND
    minimum = rng.choice([0, 10, 20, 30], size=m, p=[0.03, 0.37, 0.45, 0.15]).astype(np.int16)
    minimum[ssw] = np.maximum(minimum[ssw], 20)
    served = [
        rng.choice(organizations, size=rng.integers(1, 6), replace=False, p=organization_share)
        if rng.random() < SERVED_SHARE
        else np.zeros(0, dtype=np.int32)
        for _ in range(m)
    ]
    return JobOrders(
        ids=np.arange(1, m + 1, dtype=np.int64),
        kind=kind,
        track=track,
        min_language_rank=minimum,
        min_age=rng.choice([NO_AGE_LIMIT_MIN, 18, 20], size=m, p=[0.1, 0.6, 0.3]).astype(np.int16),
        max_age=rng.choice([24, 26, 28, 30, 35, NO_AGE_LIMIT_MAX], size=m, p=[0.2, 0.25, 0.2, 0.25, 0.07, 0.03]).astype(
            np.int16
        ),
        start=days_after(TODAY, rng.integers(60, 240, size=m)),
        positions=(1 + rng.binomial(5, 0.4, size=m)).astype(np.int32),
        preferred_trade=preferred_trades(reference, rng, kind),
        served_offsets=np.concatenate([[0], np.cumsum([len(s) for s in served])]).astype(np.int64),
        served_by=np.concatenate(served).astype(np.int32),
        # TITP orders recruit for stage i, a few for stage iii (returnees only); others have no stage.
        titp_stage=np.where(track == TITP, rng.choice([1, 3], size=m, p=[0.97, 0.03]), 0).astype(np.int8),
    )


def category_share(reference: Reference, rng: np.random.Generator) -> NDArray[np.float64]:
    """How often orders name each job kind: by sector, and unevenly within a sector (SSW fields: never)."""
    weights = np.zeros(len(reference.kinds), dtype=np.float64)
    titp = [k for k in range(len(reference.kinds)) if k not in reference.ssw_kinds]
    sectors = [reference.kinds[k].split("-")[0] for k in titp]
    for k, sector in zip(titp, sectors, strict=True):
        weights[k] = SECTOR_WEIGHTS[sector] / sectors.count(sector) * rng.lognormal(0, 0.8)
    return normalized(weights)


def preferred_trades(reference: Reference, rng: np.random.Generator, kind: NDArray[np.int16]) -> NDArray[np.int16]:
    """A third of the orders prefer one of the trades the same as their job kind."""
    preferred = np.full(len(kind), NO_TRADE, dtype=np.int16)
    for j in np.flatnonzero((rng.random(len(kind)) < 1 / 3) & (kind != NO_KIND)):
        same = np.flatnonzero(reference.fit.levels[:, kind[j]] == FitLevel.SAME)
        if len(same):
            preferred[j] = rng.choice(same)
    return preferred


def subset(
    candidates: Candidates, orders: JobOrders, rng: np.random.Generator, *, divide_by: int
) -> tuple[Candidates, JobOrders]:
    """A random sample of ``1 / divide_by`` of the participants and of the job orders."""
    rows = np.sort(rng.choice(len(candidates), size=len(candidates) // divide_by, replace=False))
    picked = np.sort(rng.choice(len(orders), size=len(orders) // divide_by, replace=False))
    served = [orders.served_by[orders.served_offsets[j] : orders.served_offsets[j + 1]] for j in picked]
    return (
        Candidates(**{name: getattr(candidates, name)[rows] for name in Candidates.__dataclass_fields__}),
        JobOrders(
            **{
                name: getattr(orders, name)[picked]
                for name in JobOrders.__dataclass_fields__
                if name not in {"served_offsets", "served_by"}
            },
            served_offsets=np.concatenate([[0], np.cumsum([len(s) for s in served])]).astype(np.int64),
            served_by=np.concatenate([np.zeros(0, dtype=np.int32), *served]).astype(np.int32),
        ),
    )


def days_after(day: int, days: NDArray[np.integer[Any]]) -> NDArray[np.int32]:
    """YYYYMMDD of ``day`` plus each number of days."""
    base = np.datetime64(f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}", "D")
    dates = base + np.asarray(days, dtype=np.int64).astype("timedelta64[D]")
    years = dates.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days_of_month = (dates - dates.astype("datetime64[M]")).astype(np.int64) + 1
    yyyymmdd: NDArray[np.int32] = (years * 10000 + months * 100 + days_of_month).astype(np.int32)
    return yyyymmdd


def normalized(weights: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
    share: NDArray[np.float64] = np.asarray(weights / weights.sum(), dtype=np.float64)
    return share


if __name__ == "__main__":
    main()
