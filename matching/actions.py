"""Matching workflows: the views, the planning task and the commands call these.

* ``run_shortlist``: the best candidates for one job order, as a draft;
* ``exclude_entry``: a reviewer takes a candidate off the draft, with a reason;
* ``publish_shortlist``: the company and its supervising organization see it,
  and the candidates become "shortlisted";
* ``start_planning`` / ``compute_plan``: the optimal assignment of the whole
  pool to every open job order, for the ministry's planning;
* ``set_weights``: the ministry's weights for the score.

Each state change locks its row, checks the allowed step, and writes the audit
row in the same transaction.
"""

from __future__ import annotations

import datetime
import time

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from numpy.typing import NDArray

from accounts.models import User
from audit import actions as audit
from audit.models import AuditAction
from config.celery import enqueue_on_commit
from joborders.models import HOLDING_POSITIONS, JobOrder, JobOrderStatus
from lib.bulk_insert import insert_rows
from lib.dates import yyyymmdd
from matching.engine import columns
from matching.engine.assignment import assign, unmatched_reasons
from matching.engine.columns import Candidates, JobOrders
from matching.engine.eligibility import fit_levels, fit_lookup
from matching.engine.pairs import Pairs, build_pairs
from matching.engine.scoring import score_parts
from matching.engine.shortlists import LeftOff, Shortlists, build_shortlists, left_off
from matching.loader import POOL, Trades, load_candidates, load_job_orders, load_trades
from matching.matches import OrderMatch, match_order
from matching.models import (
    ENGINE_FIELDS,
    PlannedPlacement,
    PlanningRun,
    PlanningStatus,
    ScoreWeights,
    Shortlist,
    ShortlistEntry,
    ShortlistStatus,
    UnmatchedParticipant,
)
from participants.actions import change_status
from participants.models import Participant, ParticipantQuerySet, Status


class MatchingError(Exception):
    pass


class OrderNotOpen(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("Only an open or interviewing job order is matched."))


class AlreadyPublished(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("This job order's shortlist is already published."))


class NotADraft(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("Only a draft shortlist can be changed or published."))


class EditConflict(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("Someone changed this shortlist in the meantime. Review it again, then repeat."))


class ReasonRequired(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("Say why the candidate is taken off the list."))


class EmptyShortlist(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("The shortlist has no candidates to publish."))


class PlanNotDone(MatchingError):
    def __init__(self) -> None:
        super().__init__(_("Only a finished planning run can be turned into shortlists."))


class CandidatesNotFree(MatchingError):
    """Some candidates left the pool, or reached their cap, since the draft was made."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        super().__init__(
            _("No longer free to be shortlisted: %(names)s. Run matching again, then publish.")
            % {"names": ", ".join(names)}
        )


# --- weights ------------------------------------------------------------------


def set_weights(*, values: dict[str, int], note: str, by: User) -> ScoreWeights:
    """A new setting of the weights; earlier ones stay, as shortlists refer to them."""
    before = ScoreWeights.objects.current().as_dict()
    weights = ScoreWeights(**{name: values[name] for name in ENGINE_FIELDS}, note=note.strip(), set_by=by)
    weights.full_clean()
    weights.save()
    audit.record(
        actor=by,
        action=AuditAction.CREATED,
        target=weights,
        changes=audit.changed_fields(before, weights.as_dict()),
    )
    return weights


# --- one job order's shortlist ---------------------------------------------------


def _locked_order(job_order_id: int) -> JobOrder:
    job_order = JobOrder.objects.select_for_update().get(pk=job_order_id)
    if job_order.status not in HOLDING_POSITIONS:
        raise OrderNotOpen
    return job_order


def _locked_shortlist(shortlist_id: int, *, expected_version: int) -> Shortlist:
    shortlist = Shortlist.objects.select_for_update().select_related("job_order").get(pk=shortlist_id)
    if not shortlist.is_draft:
        raise NotADraft
    if shortlist.version != expected_version:
        raise EditConflict
    return shortlist


@transaction.atomic
def run_shortlist(
    *,
    job_order_id: int,
    by: User,
    today: datetime.date | None = None,
    among: ParticipantQuerySet | None = None,
) -> Shortlist:
    """Make (or make again) the draft shortlist of a job order.

    Candidates a reviewer took off stay off; everyone else is chosen afresh,
    so a new run sees who became ready, or lapsed, since the last one.
    ``among`` narrows the choice (the candidates a planning run proposed).
    """
    today = today or timezone.localdate()
    job_order = _locked_order(job_order_id)
    shortlist = Shortlist.objects.filter(job_order=job_order).exclude(status=ShortlistStatus.CLOSED).first()
    if shortlist is not None and not shortlist.is_draft:
        raise AlreadyPublished
    weights = ScoreWeights.objects.current()
    if shortlist is None:
        shortlist = Shortlist(job_order=job_order, computed_by=by, weights={}, computed_on=today)
    excluded = (
        set(shortlist.entries.filter(excluded_at__isnull=False).values_list("participant_id", flat=True))
        if shortlist.pk
        else set()
    )
    match = match_order(job_order=job_order, weights=weights.as_engine(), today=today, leave_out=excluded, among=among)
    shortlist.weights = weights.as_dict()
    shortlist.computed_on, shortlist.computed_at, shortlist.computed_by = today, timezone.now(), by
    shortlist.eligible_count = match.eligible
    shortlist.capped_count = match.capped
    shortlist.ruled_out = {str(constraint.value): count for constraint, count in match.ruled_out.items()}
    shortlist.version += 0 if shortlist.pk is None else 1
    shortlist.save()
    shortlist.entries.filter(excluded_at__isnull=True).delete()
    _add_entries(shortlist, match, first_rank=len(excluded) + 1)
    audit.record(
        actor=by,
        action=AuditAction.CREATED if shortlist.version == 1 else AuditAction.UPDATED,
        target=shortlist,
        changes={"candidates": [None, len(match.chosen)], "eligible": [None, match.eligible]},
    )
    return shortlist


def _add_entries(shortlist: Shortlist, match: OrderMatch, *, first_rank: int) -> None:
    # Ranks continue after the ones taken off, which keep theirs for the record.
    ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            shortlist=shortlist,
            participant_id=candidate.participant_id,
            rank=first_rank + position,
            score=candidate.score,
            parts=candidate.parts,
            fit=candidate.fit,
        )
        for position, candidate in enumerate(match.chosen)
    )


@transaction.atomic
def exclude_entry(*, entry_id: int, reason: str, expected_version: int, by: User) -> ShortlistEntry:
    entry = ShortlistEntry.objects.get(pk=entry_id)
    shortlist = _locked_shortlist(entry.shortlist_id, expected_version=expected_version)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    entry.refresh_from_db()
    if entry.is_excluded:
        return entry
    entry.excluded_at, entry.excluded_by, entry.excluded_reason = timezone.now(), by, reason
    entry.save(update_fields=["excluded_at", "excluded_by", "excluded_reason"])
    shortlist.version += 1
    shortlist.save(update_fields=["version"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATED,
        target=shortlist,
        changes={"taken_off": [None, entry.participant_id], "reason": [None, reason]},
    )
    return entry


@transaction.atomic
def publish_shortlist(*, shortlist_id: int, expected_version: int, by: User) -> Shortlist:
    """Publish the draft: its candidates become "shortlisted", and the company
    and supervising organization see their limited profiles.

    Everyone on it is checked again under a row lock: still in the pool and
    below the cap of live shortlists. If anyone is not, nothing is published.
    """
    shortlist = _locked_shortlist(shortlist_id, expected_version=expected_version)
    _locked_order(shortlist.job_order_id)
    kept = list(shortlist.kept_entries().order_by("rank"))
    if not kept:
        raise EmptyShortlist
    # In id order, as every action that locks several participants does, so two publishers never deadlock.
    participants = {
        participant.pk: participant
        for participant in Participant.objects.select_for_update()
        .filter(pk__in=[entry.participant_id for entry in kept])
        .order_by("pk")
    }
    cap = int(shortlist.weights["shortlist_cap"])
    live = _live_counts(list(participants))
    not_free = [
        participants[entry.participant_id].full_name
        for entry in kept
        if participants[entry.participant_id].status not in POOL or live.get(entry.participant_id, 0) >= cap
    ]
    if not_free:
        raise CandidatesNotFree(not_free)
    for participant in participants.values():
        if participant.status == Status.READY:
            change_status(
                participant_id=participant.pk,
                to=Status.SHORTLISTED,
                by=by,
                reason=_("Shortlisted for job order #%(id)s") % {"id": shortlist.job_order_id},
            )
    shortlist.status, shortlist.published_at, shortlist.published_by = ShortlistStatus.PUBLISHED, timezone.now(), by
    shortlist.version += 1
    shortlist.save(update_fields=["status", "published_at", "published_by", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=shortlist,
        changes={"status": [ShortlistStatus.DRAFT, ShortlistStatus.PUBLISHED], "candidates": [None, len(kept)]},
    )
    return shortlist


def _live_counts(participant_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for participant_id in (
        ShortlistEntry.objects.live()
        .filter(participant_id__in=participant_ids)
        .values_list("participant_id", flat=True)
    ):
        counts[participant_id] = counts.get(participant_id, 0) + 1
    return counts


# --- a planning run's proposals, as drafts ----------------------------------------


def start_shortlists_from_plan(*, run_id: int, by: User, today: datetime.date | None = None) -> None:
    """Queue ``draft_shortlists_from_plan`` for the background (in-process without Redis)."""
    run = PlanningRun.objects.get(pk=run_id)
    if run.status != PlanningStatus.DONE:
        raise PlanNotDone
    day = today or timezone.localdate()
    enqueue_on_commit("matching.tasks.draft_shortlists_from_plan", run.pk, by.pk, day.isoformat())


def draft_shortlists_from_plan(*, run_id: int, by: User, today: datetime.date | None = None) -> int:
    """A draft shortlist of the proposed candidates for each order of a planning
    run that still holds positions and has no published list, for the ministry
    to review and publish as usual. Everyone is checked again on ``today``: a
    proposal that has lapsed since the run is left out. Returns the drafts made."""
    run = PlanningRun.objects.get(pk=run_id)
    if run.status != PlanningStatus.DONE:
        raise PlanNotDone
    proposed: dict[int, list[int]] = {}
    for order_id, participant_id in run.placements.values_list("job_order_id", "participant_id"):
        proposed.setdefault(order_id, []).append(participant_id)
    published = Shortlist.objects.filter(status=ShortlistStatus.PUBLISHED).values("job_order_id")
    open_orders = JobOrder.objects.filter(pk__in=proposed, status__in=HOLDING_POSITIONS).exclude(pk__in=published)
    made = 0
    # One transaction per order: a long run is not one long lock, and an order
    # that changed meanwhile (published, closed) is skipped, not the whole run.
    for order_id in open_orders.order_by("pk").values_list("pk", flat=True):
        try:
            run_shortlist(
                job_order_id=order_id, by=by, today=today, among=Participant.objects.filter(pk__in=proposed[order_id])
            )
        except (OrderNotOpen, AlreadyPublished):
            continue
        made += 1
    return made


# --- every open order at once ------------------------------------------------------


def start_all_shortlists(*, by: User, today: datetime.date | None = None) -> None:
    """Queue ``draft_all_shortlists`` for the background (in-process without Redis)."""
    day = today or timezone.localdate()
    enqueue_on_commit("matching.tasks.draft_all_shortlists", by.pk, day.isoformat())


@transaction.atomic
def draft_all_shortlists(*, by: User, today: datetime.date | None = None) -> int:
    """A draft shortlist for every open order that has none, made together:
    each candidate goes on at most ``shortlist_cap`` lists (counting the live
    ones), and a higher-scoring pair is never displaced by a lower one
    (matching.engine.shortlists). Returns the number of drafts made."""
    today = today or timezone.localdate()
    weights_row = ScoreWeights.objects.current()
    weights = weights_row.as_engine()
    taken = Shortlist.objects.exclude(status=ShortlistStatus.CLOSED).values("job_order_id")
    # Locked, so a single order's run cannot add a second open list meanwhile.
    open_orders = JobOrder.objects.filter(status__in=HOLDING_POSITIONS).exclude(pk__in=taken)
    locked = list(open_orders.select_for_update().values_list("pk", flat=True))
    trades = load_trades()
    orders = load_job_orders(JobOrder.objects.filter(pk__in=locked), trades)
    if not len(orders):
        return 0
    candidates = load_candidates(Participant.objects.filter(status__in=POOL), trades, today=today)
    pairs = build_pairs(candidates, orders, trades.table, weights, today=yyyymmdd(today))
    lists = build_shortlists(pairs, orders, candidates, weights)
    left = left_off(pairs, lists, orders, candidates, weights)
    capped = np.bincount(pairs.order[left == LeftOff.CAPPED], minlength=len(orders))
    shortlists = Shortlist.objects.bulk_create(
        Shortlist(
            job_order_id=int(job_order_id),
            weights=weights_row.as_dict(),
            computed_on=today,
            computed_by=by,
            eligible_count=int(eligible),
            capped_count=int(capped_count),
        )
        for job_order_id, eligible, capped_count in zip(orders.ids, np.diff(pairs.order_offsets), capped, strict=True)
    )
    _add_listed(shortlists, lists=lists, candidates=candidates, orders=orders, trades=trades, weights=weights)
    audit.record_for_each(
        actor=by,
        action=AuditAction.CREATED,
        model=Shortlist,
        targets=(
            audit.TargetChanges(shortlist.pk, str(shortlist)[:200], {"candidates": [None, int(size)]})
            for shortlist, size in zip(shortlists, np.diff(lists.order_offsets), strict=True)
        ),
    )
    return len(shortlists)


def _add_listed(
    shortlists: list[Shortlist],
    *,
    lists: Shortlists,
    candidates: Candidates,
    orders: JobOrders,
    trades: Trades,
    weights: columns.Weights,
) -> None:
    parts = score_parts(candidates, orders, trades.table, lists.candidate, lists.order, weights)
    fits = fit_levels(candidates, orders, fit_lookup(trades.table), lists.candidate, lists.order)
    ShortlistEntry.objects.bulk_create(
        (
            ShortlistEntry(
                shortlist_id=shortlists[order].pk,
                participant_id=participant_id,
                rank=rank,
                score=score,
                parts=[round(value, 4) for value in part],
                fit=fit,
            )
            for order, participant_id, rank, score, part, fit in zip(
                lists.order.tolist(),
                candidates.ids[lists.candidate].tolist(),
                lists.rank.tolist(),
                lists.score.tolist(),
                parts.tolist(),
                fits.tolist(),
                strict=True,
            )
        ),
        batch_size=2000,
    )


# --- planning: the optimal assignment ----------------------------------------------


def start_planning(*, by: User, today: datetime.date | None = None, queue: bool = True) -> PlanningRun:
    """A new planning run, queued for the background (in-process without
    Redis); ``queue=False`` leaves running it to the caller (compute_plan)."""
    with transaction.atomic():
        run = PlanningRun.objects.create(
            started_by=by,
            computed_on=today or timezone.localdate(),
            weights=ScoreWeights.objects.current().as_dict(),
        )
        audit.record(actor=by, action=AuditAction.CREATED, target=run)
        if queue:
            enqueue_on_commit("matching.tasks.compute_plan", run.pk)
    return run


def compute_plan(*, run_id: int) -> PlanningRun:
    """Assign the pool to every open job order: fill the most positions, then
    the highest total score. Proposes only; nobody's status changes."""
    with transaction.atomic():
        run = PlanningRun.objects.select_for_update().get(pk=run_id)
        if run.status != PlanningStatus.QUEUED:
            return run  # a task delivered twice: the first delivery does the work
        run.status = PlanningStatus.RUNNING
        run.save(update_fields=["status"])
    started = time.perf_counter()
    try:
        with transaction.atomic():
            _plan(run)
            run.status = PlanningStatus.DONE
    except Exception as error:
        run.status, run.error = PlanningStatus.FAILED, str(error) or error.__class__.__name__
    run.seconds = time.perf_counter() - started
    run.finished_at = timezone.now()
    run.save()
    return run


def _plan(run: PlanningRun) -> None:
    trades = load_trades()
    orders = load_job_orders(JobOrder.objects.filter(status=JobOrderStatus.OPEN), trades)
    candidates = load_candidates(Participant.objects.filter(status__in=POOL), trades, today=run.computed_on)
    weights = columns.Weights(**run.weights)
    today = yyyymmdd(run.computed_on)
    pairs = build_pairs(candidates, orders, trades.table, weights, today=today)
    assignment = assign(pairs, orders, len(candidates))
    reasons = unmatched_reasons(candidates, orders, trades.table, pairs, assignment, today=today)
    matched_rows = np.flatnonzero(assignment.order_of >= 0)
    scores = _assigned_scores(pairs, assignment.order_of, matched_rows)
    insert_rows(
        PlannedPlacement,
        fields=("participant_id", "job_order_id", "score"),
        rows=zip(
            candidates.ids[matched_rows].tolist(),
            orders.ids[assignment.order_of[matched_rows]].tolist(),
            scores.tolist(),
            strict=True,
        ),
        same_for_all={"run_id": run.pk},
    )
    unmatched_rows = np.flatnonzero(assignment.order_of < 0)
    insert_rows(
        UnmatchedParticipant,
        fields=("participant_id", "reason"),
        rows=zip(candidates.ids[unmatched_rows].tolist(), reasons[unmatched_rows].tolist(), strict=True),
        same_for_all={"run_id": run.pk},
    )
    run.participants, run.job_orders = len(candidates), len(orders)
    run.positions, run.pairs = int(orders.positions.sum()), len(pairs.candidate)
    run.matched, run.total_score = assignment.matched, assignment.total_score


def _assigned_scores(pairs: Pairs, order_of: NDArray[np.int32], rows: NDArray[np.intp]) -> NDArray[np.int32]:
    """The score of each given candidate row's pair with the order it was assigned."""
    width = np.int64(len(order_of))
    keys = pairs.order.astype(np.int64) * width + pairs.candidate
    wanted = order_of[rows].astype(np.int64) * width + rows
    by_key = np.argsort(keys, kind="stable")
    return pairs.score[by_key[np.searchsorted(keys, wanted, sorter=by_key)]]


# --- when selection takes candidates off -------------------------------------------
#
# Called by the placements actions inside their own transactions: selecting a
# candidate takes them off the other orders' lists, and an order filled closes
# its own.


@transaction.atomic
def take_off_published(*, entry_ids: list[int], reason: str, by: User) -> int:
    """Take candidates off published lists (selected for another order, an
    offer declined or withdrawn); they stop counting against the cap and the
    list shows why. Returns how many were taken off."""
    entries = list(
        ShortlistEntry.objects.select_for_update().filter(pk__in=entry_ids, excluded_at__isnull=True).order_by("pk")
    )
    now = timezone.now()
    for entry in entries:
        entry.excluded_at, entry.excluded_by, entry.excluded_reason = now, by, reason
        entry.save(update_fields=["excluded_at", "excluded_by", "excluded_reason"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATED,
            target=entry.shortlist,
            changes={"taken_off": [None, entry.participant_id], "reason": [None, reason]},
        )
    return len(entries)


@transaction.atomic
def close_shortlist(*, shortlist_id: int, by: User) -> Shortlist:
    """Close the list of an order that no longer recruits (all its positions accepted)."""
    shortlist = Shortlist.objects.select_for_update().get(pk=shortlist_id)
    if shortlist.status == ShortlistStatus.CLOSED:
        return shortlist
    before = ShortlistStatus(shortlist.status)
    shortlist.status = ShortlistStatus.CLOSED
    shortlist.version += 1
    shortlist.save(update_fields=["status", "version"])
    audit.record(
        actor=by,
        action=AuditAction.STATUS_CHANGED,
        target=shortlist,
        changes={"status": [before.value, ShortlistStatus.CLOSED.value]},
    )
    return shortlist
