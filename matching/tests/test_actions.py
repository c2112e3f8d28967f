"""Shortlists through the actions: who is on, in what order, who is left
off and why; review (taking someone off) and publishing under row locks."""

from __future__ import annotations

import datetime

import pytest

from joborders import actions as joborder_actions
from joborders.models import JobOrder, JobOrderStatus
from joborders.tests.world import Japan, order_details
from matching import actions
from matching.engine.columns import Constraint, FitLevel
from matching.models import ScoreWeights, Shortlist, ShortlistStatus
from matching.tests.pool import Pool, candidate
from participants import actions as participant_actions
from participants.models import Participant, Status
from participants.tests.records import days_from_today
from tests.cast import Cast


def _names(shortlist: Shortlist) -> list[str]:
    entries = shortlist.kept_entries().select_related("participant").order_by("rank")
    return [entry.participant.full_name for entry in entries]


def test_it_lists_eligible_candidates_best_first_and_counts_the_rest_by_reason(
    cast: Cast, japan: Japan, pool: Pool
) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")
    candidate(cast, pool, japan, "Citra Similar", trade=pool.machining)
    candidate(cast, pool, japan, "Dedi Cook", trade=pool.cooking)
    candidate(cast, pool, japan, "Eka Beginner", level=pool.n5)
    candidate(cast, pool, japan, "Fajar Older", birth_date=datetime.date(1990, 1, 1))
    candidate(cast, pool, japan, "Gita Ssw", programme=pool.ssw)
    candidate(cast, pool, japan, "Hadi Fuji", lpk=cast.other_lpk)

    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)

    assert _names(shortlist) == ["Ana Strong", "Bayu Fits", "Citra Similar"]
    assert shortlist.eligible_count == 3
    assert shortlist.ruled_out == {
        str(Constraint.PROGRAMME.value): 1,
        str(Constraint.TRADE.value): 1,
        str(Constraint.LANGUAGE.value): 1,
        str(Constraint.AGE.value): 1,
        str(Constraint.SENDING_ORGANIZATION.value): 1,
    }
    fits = list(shortlist.entries.order_by("rank").values_list("fit", flat=True))
    assert fits == [FitLevel.SAME, FitLevel.SAME, FitLevel.SIMILAR]


def test_the_list_holds_three_candidates_per_position(cast: Cast, japan: Japan, pool: Pool) -> None:
    for number in range(5):
        candidate(cast, pool, japan, f"Candidate {number}")
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    assert shortlist.kept_entries().count() == 3
    assert shortlist.eligible_count == 5


def test_a_score_keeps_its_parts_and_the_weights_it_was_made_with(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    entry = shortlist.entries.get()
    trade_fit, language, *_ = entry.parts
    assert (trade_fit, language) == (1.0, 0.6)  # same trade; N3 (rank 30) of N1 (50)
    assert shortlist.weights == ScoreWeights().as_dict()
    weights = shortlist.weights
    total = sum(weights[name] for name in ("trade_fit", "language", "assessment", "training", "waiting", "preference"))
    expected = sum(
        w * p
        for w, p in zip(
            [weights[n] for n in ("trade_fit", "language", "assessment", "training", "waiting", "preference")],
            entry.parts,
            strict=True,
        )
    )
    assert entry.score == round(1000 * expected / total)


def test_a_candidate_on_enough_live_shortlists_is_left_off(cast: Cast, japan: Japan, pool: Pool) -> None:
    actions.set_weights(values={**ScoreWeights().as_dict(), "shortlist_cap": 1}, note="", by=cast.ministry_admin)
    busy = candidate(cast, pool, japan, "Ana Busy", level=pool.n3)
    other = joborder_actions.create_job_order(
        details=order_details(cast, japan, positions=1), by=cast.supervising_officer
    )
    joborder_actions.change_job_order_status(job_order_id=other.pk, to=JobOrderStatus.OPEN, by=cast.supervising_officer)
    first = actions.run_shortlist(job_order_id=other.pk, by=cast.ministry_officer)
    actions.publish_shortlist(shortlist_id=first.pk, expected_version=first.version, by=cast.ministry_officer)

    candidate(cast, pool, japan, "Bayu Free")  # ready after the first list was published

    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)

    assert _names(shortlist) == ["Bayu Free"]
    assert shortlist.capped_count == 1
    assert Participant.objects.get(pk=busy.pk).status == Status.SHORTLISTED


def test_readiness_that_lapsed_since_ready_rules_a_candidate_out(cast: Cast, japan: Japan, pool: Pool) -> None:
    # The programme wants the passport valid 18 months ahead; this one has 12 left.
    candidate(cast, pool, japan, "Ana Lapsed", passport_expires=days_from_today(365))
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    assert shortlist.ruled_out == {str(Constraint.READINESS.value): 1}


def test_a_candidate_taken_off_stays_off_when_matching_runs_again(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Bayu Fits")
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    first = shortlist.entries.get(rank=1)

    actions.exclude_entry(
        entry_id=first.pk, reason="Declined the interview", expected_version=shortlist.version, by=cast.ministry_officer
    )
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)

    assert _names(shortlist) == ["Bayu Fits"]
    taken_off = shortlist.entries.get(participant__full_name="Ana Strong")
    assert taken_off.excluded_reason == "Declined the interview"


def test_taking_someone_off_needs_a_reason_and_the_current_version(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong")
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    entry = shortlist.entries.get()
    with pytest.raises(actions.ReasonRequired):
        actions.exclude_entry(
            entry_id=entry.pk, reason="  ", expected_version=shortlist.version, by=cast.ministry_officer
        )
    with pytest.raises(actions.EditConflict):
        actions.exclude_entry(
            entry_id=entry.pk, reason="x", expected_version=shortlist.version - 1, by=cast.ministry_officer
        )
    assert not shortlist.entries.get().is_excluded


def test_publishing_shortlists_the_candidates_and_closes_the_draft(cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)

    published = actions.publish_shortlist(
        shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
    )

    assert published.status == ShortlistStatus.PUBLISHED
    assert Participant.objects.get(pk=ana.pk).status == Status.SHORTLISTED
    with pytest.raises(actions.AlreadyPublished):
        actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    with pytest.raises(actions.NotADraft):
        actions.publish_shortlist(
            shortlist_id=shortlist.pk, expected_version=published.version, by=cast.ministry_officer
        )


def test_publishing_refuses_when_a_candidate_left_the_pool_meanwhile(cast: Cast, japan: Japan, pool: Pool) -> None:
    ana = candidate(cast, pool, japan, "Ana Strong")
    bayu = candidate(cast, pool, japan, "Bayu Fits")
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    participant_actions.change_status(
        participant_id=bayu.pk, to=Status.WITHDRAWN, by=cast.lpk_officer, reason="moved away"
    )

    with pytest.raises(actions.CandidatesNotFree) as refused:
        actions.publish_shortlist(
            shortlist_id=shortlist.pk, expected_version=shortlist.version, by=cast.ministry_officer
        )

    assert refused.value.names == ["Bayu Fits"]
    assert Participant.objects.get(pk=ana.pk).status == Status.READY
    assert shortlist.__class__.objects.get(pk=shortlist.pk).status == ShortlistStatus.DRAFT


def test_only_an_open_order_is_matched(cast: Cast, japan: Japan, pool: Pool) -> None:
    joborder_actions.change_job_order_status(
        job_order_id=pool.order.pk, to=JobOrderStatus.CANCELLED, by=cast.supervising_officer, reason="no budget"
    )
    with pytest.raises(actions.OrderNotOpen):
        actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)


def test_age_is_taken_on_the_start_date(cast: Cast, japan: Japan, pool: Pool) -> None:
    # The order takes 18 to 30 year olds on its start date, 1 October 2026.
    candidate(cast, pool, japan, "Still Thirty", birth_date=datetime.date(1995, 10, 2))
    candidate(cast, pool, japan, "Thirty One That Day", birth_date=datetime.date(1995, 10, 1))
    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)
    assert _names(shortlist) == ["Still Thirty"]
    assert shortlist.ruled_out == {str(Constraint.AGE.value): 1}


def test_drafts_for_every_open_order_share_out_the_candidates(cast: Cast, japan: Japan, pool: Pool) -> None:
    actions.set_weights(values={**ScoreWeights().as_dict(), "shortlist_cap": 1}, note="", by=cast.ministry_admin)
    for number in range(4):
        candidate(cast, pool, japan, f"Candidate {number}")
    other = joborder_actions.create_job_order(
        details=order_details(cast, japan, positions=1), by=cast.supervising_officer
    )
    joborder_actions.change_job_order_status(job_order_id=other.pk, to=JobOrderStatus.OPEN, by=cast.supervising_officer)

    made = actions.draft_all_shortlists(by=cast.ministry_officer)

    assert made == 2
    lists = {shortlist.job_order_id: _names(shortlist) for shortlist in Shortlist.objects.all()}
    # Everyone fits both orders equally; with a cap of one list each, three go
    # on the first order's list and the one left on the second's.
    assert sorted(len(names) for names in lists.values()) == [1, 3]
    everyone = [name for names in lists.values() for name in names]
    assert sorted(everyone) == [f"Candidate {number}" for number in range(4)]
    assert sum(shortlist.capped_count for shortlist in Shortlist.objects.all()) == 3
    assert actions.draft_all_shortlists(by=cast.ministry_officer) == 0  # each order has its draft now


def test_a_stage_iii_order_matches_nobody_from_the_pool_and_says_why(cast: Cast, japan: Japan, pool: Pool) -> None:
    candidate(cast, pool, japan, "Ana Strong", level=pool.n3)
    candidate(cast, pool, japan, "Dedi Cook", trade=pool.cooking)
    candidate(cast, pool, japan, "Gita Ssw", programme=pool.ssw)
    JobOrder.objects.filter(pk=pool.order.pk).update(titp_stage=3)

    shortlist = actions.run_shortlist(job_order_id=pool.order.pk, by=cast.ministry_officer)

    assert _names(shortlist) == []
    assert shortlist.eligible_count == 0
    # The stage is checked right after the programme: the cook is ruled out by it, not by the trade.
    assert shortlist.ruled_out == {str(Constraint.PROGRAMME.value): 1, str(Constraint.TITP_STAGE.value): 2}
