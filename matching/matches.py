"""Matching one job order, or one participant, against the other side.

Both read the same columns and ask the engine the same questions as the
national planning run (matching.engine), so a list, a participant's page and
the plan can never disagree about who is eligible or why.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from django.db.models import Q
from numpy.typing import NDArray

from joborders.models import JobOrder, JobOrderQuerySet
from lib.dates import yyyymmdd
from matching.engine.columns import Candidates, Constraint, JobOrders, Weights
from matching.engine.eligibility import fit_levels, fit_lookup, reasons_for_candidate, reasons_for_order
from matching.engine.scoring import score_parts, scores
from matching.loader import POOL, Trades, job_kind, load_candidates, load_job_orders, load_trades
from participants.models import Participant, ParticipantQuerySet


@dataclass(frozen=True)
class Candidate:
    participant_id: int
    score: int
    parts: list[float]
    fit: int  # a FitLevel


@dataclass(frozen=True)
class OrderMatch:
    chosen: list[Candidate]  # best first, at most k
    eligible: int
    capped: int  # eligible, but already on as many live shortlists as allowed
    ruled_out: dict[Constraint, int]  # by first failing constraint


def match_order(
    *,
    job_order: JobOrder,
    weights: Weights,
    today: datetime.date,
    leave_out: Collection[int] = (),
    among: ParticipantQuerySet | None = None,
    keep: int | None = None,
) -> OrderMatch:
    """The best ``keep`` (by default ``shortlist_factor × positions``)
    eligible candidates for one order, skipping those on ``shortlist_cap``
    live shortlists already; ``among`` narrows the pool (an LPK/SO's own
    candidates)."""
    trades = load_trades()
    orders = load_job_orders(JobOrder.objects.filter(pk=job_order.pk), trades)
    # Programme and trade are checked first (Constraint), so whoever fails
    # them is only counted here; the rest of the pool is loaded and checked.
    pool = (Participant.objects.all() if among is None else among).filter(status__in=POOL)
    in_programme = pool.filter(sending_programme__track=job_order.programme)
    loaded = in_programme
    fitting = trades.fitting_trades(job_kind(*orders_kind(job_order)))
    # The TITP stage is checked before the trade: for an order of a later
    # stage, whoever fails both must be counted under the stage.
    if fitting is not None and (job_order.titp_stage or 0) <= 1:
        # Returnees come too, whatever their trade: their record in Japan may fit (matching.japan).
        loaded = in_programme.filter(Q(vocational_programme__code__in=fitting) | Q(pk__in=list(trades.japan_rows)))
    candidates = load_candidates(loaded, trades, today=today)
    reasons = reasons_for_order(candidates, orders, trades.table, 0, today=yyyymmdd(today))
    in_programme_count = in_programme.count()
    ruled_out = _counts(reasons) | {
        Constraint.PROGRAMME: pool.count() - in_programme_count,
        Constraint.TRADE: in_programme_count - len(candidates),
    }
    ruled_out = {constraint: count for constraint, count in ruled_out.items() if count}
    eligible = np.flatnonzero(reasons == 0)
    eligible = eligible[~np.isin(candidates.ids[eligible], np.fromiter(leave_out, dtype=np.int64))]
    capped = candidates.live_shortlists[eligible] >= weights.shortlist_cap
    free = eligible[~capped]
    ranked = _best_first(candidates, orders, trades, free, weights)
    chosen = ranked[: weights.shortlist_factor * job_order.positions if keep is None else keep]
    return OrderMatch(
        chosen=_described(candidates, orders, trades, chosen, weights),
        eligible=len(eligible),
        capped=int(capped.sum()),
        ruled_out=ruled_out,
    )


def orders_kind(job_order: JobOrder) -> tuple[str | None, str | None]:
    category, field = job_order.job_category, job_order.ssw_field or job_order.esd_field
    return (category.code if category else None), (field.name_ja if field else None)


def _counts(reasons: NDArray[np.int8]) -> dict[Constraint, int]:
    values, counts = np.unique(reasons[reasons > 0], return_counts=True)
    return {Constraint(int(value)): int(count) for value, count in zip(values, counts, strict=True)}


def _best_first(
    candidates: Candidates, orders: JobOrders, trades: Trades, rows: NDArray[np.intp], weights: Weights
) -> NDArray[np.intp]:
    """Candidate rows by score, highest first; equal scores by participant id, so reruns agree."""
    points = scores(candidates, orders, trades.table, rows, np.zeros(len(rows), dtype=np.intp), weights)
    return rows[np.lexsort((candidates.ids[rows], -points.astype(np.int64)))]


def _described(
    candidates: Candidates, orders: JobOrders, trades: Trades, rows: NDArray[np.intp], weights: Weights
) -> list[Candidate]:
    order_rows = np.zeros(len(rows), dtype=np.intp)
    points = scores(candidates, orders, trades.table, rows, order_rows, weights)
    parts = score_parts(candidates, orders, trades.table, rows, order_rows, weights)
    fits = fit_levels(candidates, orders, fit_lookup(trades.table), rows, order_rows)
    return [
        Candidate(
            participant_id=int(candidates.ids[row]),
            score=int(score),
            parts=[round(float(value), 4) for value in part],
            fit=int(fit),
        )
        for row, score, part, fit in zip(rows, points, parts, fits, strict=True)
    ]


# --- one participant ---------------------------------------------------------------


@dataclass(frozen=True)
class OrderFit:
    job_order: JobOrder
    score: int
    parts: list[float]
    fit: int


@dataclass(frozen=True)
class ParticipantMatches:
    in_pool: bool
    fitting: list[OrderFit]  # best first
    ruled_out: dict[Constraint, int]  # open orders, by the first constraint they fail
    live_shortlists: int
    # The returnee's record in Japan in words (matching.japan), "" for someone who has none.
    japan: str = ""


def match_participant(
    *, participant: Participant, orders: JobOrderQuerySet, weights: Weights, today: datetime.date
) -> ParticipantMatches:
    """The open job orders a participant fits, best first, and why the others do not."""
    trades = load_trades()
    candidates = load_candidates(Participant.objects.filter(pk=participant.pk), trades, today=today)
    job_orders = load_job_orders(orders, trades)
    reasons = reasons_for_candidate(candidates, job_orders, trades.table, 0, today=yyyymmdd(today))
    rows = np.flatnonzero(reasons == 0)
    candidate_rows = np.zeros(len(rows), dtype=np.intp)
    points = scores(candidates, job_orders, trades.table, candidate_rows, rows, weights)
    parts = score_parts(candidates, job_orders, trades.table, candidate_rows, rows, weights)
    fits = fit_levels(candidates, job_orders, fit_lookup(trades.table), candidate_rows, rows)
    related = ("company", "workplace_prefecture", "job_category", "operation", "ssw_field", "esd_field")
    by_pk = orders.select_related(*related).in_bulk([int(pk) for pk in job_orders.ids[rows]])
    fitting = [
        OrderFit(
            job_order=by_pk[int(job_orders.ids[row])],
            score=int(score),
            parts=[round(float(value), 4) for value in part],
            fit=int(fit),
        )
        for row, score, part, fit in zip(rows, points, parts, fits, strict=True)
    ]
    fitting.sort(key=lambda found: (-found.score, found.job_order.start_date, found.job_order.pk))
    return ParticipantMatches(
        in_pool=participant.status in POOL,
        fitting=fitting,
        ruled_out=_counts(reasons),
        live_shortlists=int(candidates.live_shortlists[0]),
        japan=trades.japan[participant.pk].explained() if participant.pk in trades.japan else "",
    )
