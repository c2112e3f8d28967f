"""Interviews through the actions: scheduling (a time ahead, no overlap for the
person in any order, only from a published shortlist), criteria, scores in
range, results, cancelling."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from audit.models import AuditEntry
from joborders.models import InterviewMode, JobOrderStatus
from joborders.tests.world import Japan
from matching import actions as matching_actions
from matching.tests.pool import candidate
from participants.models import Status
from placements.actions import interviews
from placements.models import DefaultCriterion, Interview, InterviewResult, InterviewScore, InterviewStatus
from placements.tests.world import (
    TOKYO,
    Selection,
    details,
    in_hours,
    open_order,
    published_list,
    reserve,
    schedule,
)
from tests.cast import Cast


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Refusals are read in English, the source language."""
    with translation.override("en"):
        yield


def _scores(interview: Interview, **by_key: int) -> dict[int, int | None]:
    return {c.pk: by_key.get(c.key) for c in interview.job_order.interview_criteria.all()}


# --- scheduling -------------------------------------------------------------------


def test_it_schedules_an_interview_stored_in_utc_and_starts_interviewing(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    typed = in_hours(30, TOKYO)
    interview = interviews.schedule_interview(
        job_order_id=selection.order.pk, details=details(selection.entry(ana), starts_at=typed), by=cast.company_officer
    )
    interview.refresh_from_db()
    assert interview.starts_at == typed
    assert interview.starts_at.utcoffset() == datetime.timedelta(0)
    assert interview.ends_at - interview.starts_at == datetime.timedelta(minutes=30)
    assert interview.entered_in_zone == TOKYO
    assert interview.panel_names == ["Sato Hanako", "Suzuki Ichiro"]
    selection.order.refresh_from_db()
    assert selection.order.status == JobOrderStatus.INTERVIEWING
    assert selection.order.history.first().reason == "The first interview was scheduled."  # type: ignore[union-attr]
    assert AuditEntry.objects.for_object(interview).filter(action="created").exists()


def test_the_first_interview_gets_the_default_criteria(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    criteria = list(interview.job_order.interview_criteria.values_list("key", "max_score"))
    assert criteria == [("japanese", 20), ("skill_test", 40), ("attitude", 20), ("physical", 20)]


@pytest.mark.parametrize("hours", [-1, -0.01, 0])
def test_it_refuses_a_time_that_has_passed(cast: Cast, selection: Selection, hours: float) -> None:
    with time_machine.travel(timezone.now(), tick=False), pytest.raises(interviews.InterviewInPast):
        schedule(selection, selection.candidates[0], cast.company_officer, hours=hours)
    assert not Interview.objects.exists()
    selection.order.refresh_from_db()
    assert selection.order.status == JobOrderStatus.OPEN


@pytest.mark.parametrize(
    ("other_start", "other_minutes", "overlaps"),
    [
        (0, 30, True),  # the same time
        (0.25, 60, True),  # starts inside
        (-0.25, 30, True),  # ends inside
        (-1, 180, True),  # around it
        (0.5, 30, False),  # starts as the first ends
        (-0.5, 30, False),  # ends as the first starts
    ],
)
def test_it_refuses_two_interviews_of_one_person_at_the_same_time_in_any_order(  # noqa: PLR0917 - fixtures
    cast: Cast, japan: Japan, selection: Selection, other_start: float, other_minutes: int, overlaps: bool
) -> None:
    ana = selection.candidates[0]
    with time_machine.travel(timezone.now(), tick=False):
        schedule(selection, ana, cast.company_officer, hours=24)
        # Ana on a second order's list, of another company's interviewers' choosing.
        second = open_order(cast, japan, positions=1, title="Welder, second line")
        entry = published_list(cast, second, [ana]).entries.get()
        second_details = details(entry, starts_at=in_hours(24 + other_start), minutes=other_minutes)
        if overlaps:
            with pytest.raises(interviews.Overlapping, match="Ana Santoso already has an interview"):
                interviews.schedule_interview(job_order_id=second.pk, details=second_details, by=cast.ministry_officer)
            assert Interview.objects.filter(job_order=second).count() == 0
        else:
            interviews.schedule_interview(job_order_id=second.pk, details=second_details, by=cast.ministry_officer)
            assert Interview.objects.filter(job_order=second).count() == 1


def test_a_cancelled_interview_does_not_block_its_time(cast: Cast, selection: Selection) -> None:
    ana = selection.candidates[0]
    first = schedule(selection, ana, cast.company_officer, hours=24)
    interviews.cancel_interview(interview_id=first.pk, reason="The panel is ill", by=cast.company_officer)
    again = schedule(selection, ana, cast.company_officer, hours=24)
    assert again.is_scheduled
    first.refresh_from_db()
    assert first.status == InterviewStatus.CANCELLED


def test_it_refuses_a_second_interview_for_the_same_candidate_and_order(cast: Cast, selection: Selection) -> None:
    schedule(selection, selection.candidates[0], cast.company_officer, hours=24)
    with pytest.raises(interviews.AlreadyScheduled):
        schedule(selection, selection.candidates[0], cast.company_officer, hours=48)


def test_it_refuses_an_entry_not_on_a_published_shortlist(cast: Cast, japan: Japan, selection: Selection) -> None:
    # A draft list of another order: its candidates are nobody's to interview yet.
    second = open_order(cast, japan, positions=1, title="Welder, draft")
    candidate(cast, selection.pool, japan, "Dewi Draft")
    draft = matching_actions.run_shortlist(job_order_id=second.pk, by=cast.ministry_officer)
    entry = draft.entries.first()
    assert entry is not None
    with pytest.raises(interviews.NotOnShortlist):
        interviews.schedule_interview(job_order_id=second.pk, details=details(entry), by=cast.ministry_officer)
    # Another order's entry is not this order's candidate either.
    with pytest.raises(interviews.NotOnShortlist):
        interviews.schedule_interview(
            job_order_id=second.pk, details=details(selection.entry(selection.candidates[0])), by=cast.ministry_officer
        )


def test_it_refuses_an_entry_taken_off_the_list(cast: Cast, selection: Selection) -> None:
    entry = selection.entry(selection.candidates[0])
    matching_actions.take_off_published(entry_ids=[entry.pk], reason="test", by=cast.ministry_officer)
    with pytest.raises(interviews.NotOnShortlist):
        interviews.schedule_interview(job_order_id=selection.order.pk, details=details(entry), by=cast.ministry_officer)


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"mode": InterviewMode.ONLINE, "link": " "}, interviews.WhereMissing),
        ({"mode": InterviewMode.IN_PERSON, "place": ""}, interviews.WhereMissing),
        ({"panel": "  \n "}, interviews.PanelMissing),
        ({"minutes": 5}, interviews.BadLength),
        ({"minutes": 9 * 60}, interviews.BadLength),
    ],
)
def test_it_refuses_an_incomplete_interview(
    cast: Cast, selection: Selection, overrides: dict[str, Any], refusal: type[Exception]
) -> None:
    with pytest.raises(refusal):
        schedule(selection, selection.candidates[0], cast.company_officer, **overrides)
    assert not Interview.objects.exists()


def test_it_keeps_only_the_place_that_belongs_to_the_mode(cast: Cast, selection: Selection) -> None:
    interview = schedule(
        selection,
        selection.candidates[0],
        cast.company_officer,
        mode=InterviewMode.IN_PERSON,
        place="LPK Sakura, Bekasi",
    )
    assert (interview.place, interview.link) == ("LPK Sakura, Bekasi", "")


def test_it_refuses_an_order_that_no_longer_recruits(cast: Cast, selection: Selection) -> None:
    from joborders import actions as joborder_actions  # noqa: PLC0415

    joborder_actions.change_job_order_status(
        job_order_id=selection.order.pk, to=JobOrderStatus.CANCELLED, by=cast.company_officer, reason="No budget"
    )
    with pytest.raises(interviews.OrderNotInterviewing):
        schedule(selection, selection.candidates[0], cast.company_officer)


def test_it_refuses_someone_no_longer_shortlisted(cast: Cast, selection: Selection) -> None:
    from participants import actions as participant_actions  # noqa: PLC0415

    ana = selection.candidates[0]
    participant_actions.change_status(participant_id=ana.pk, to=Status.READY, by=cast.lpk_officer)
    with pytest.raises(interviews.NotShortlisted):
        schedule(selection, ana, cast.company_officer)


# --- criteria and scores -------------------------------------------------------------------


def test_the_criteria_are_the_companys_until_scoring_starts(cast: Cast, selection: Selection) -> None:
    saved = interviews.set_criteria(
        job_order_id=selection.order.pk,
        criteria=[
            interviews.CriterionDetails(key=DefaultCriterion.JAPANESE, name="", max_score=10),
            interviews.CriterionDetails(key="", name="溶接の実技", max_score=50),
        ],
        by=cast.company_officer,
    )
    assert [(c.key, str(c.label), c.max_score) for c in saved][1:] == [("", "溶接の実技", 50)]
    assert saved[0].label == DefaultCriterion.JAPANESE.label
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    assert interview.job_order.interview_criteria.count() == 2  # the defaults are not added on top
    interviews.score_interview(
        interview_id=interview.pk,
        scores={c.pk: 5 for c in saved},
        notes="",
        expected_version=interview.version,
        by=cast.company_officer,
    )
    with pytest.raises(interviews.CriteriaFixed):
        interviews.set_criteria(
            job_order_id=selection.order.pk, criteria=interviews.default_criteria(), by=cast.company_officer
        )


@pytest.mark.parametrize(
    "criteria",
    [
        [],
        [interviews.CriterionDetails(key="", name="", max_score=10)],
        [interviews.CriterionDetails(key="", name="Welding", max_score=0)],
        [interviews.CriterionDetails(key="", name="Welding", max_score=1001)],
        [
            interviews.CriterionDetails(key="", name="Welding", max_score=10),
            interviews.CriterionDetails(key="", name="welding ", max_score=20),
        ],
    ],
)
def test_it_refuses_criteria_that_cannot_be_scored(
    cast: Cast, selection: Selection, criteria: list[interviews.CriterionDetails]
) -> None:
    with pytest.raises(interviews.CriteriaInvalid):
        interviews.set_criteria(job_order_id=selection.order.pk, criteria=criteria, by=cast.company_officer)


def test_it_scores_each_criterion_and_keeps_the_notes(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    scored = interviews.score_interview(
        interview_id=interview.pk,
        scores=_scores(interview, japanese=15, skill_test=40, attitude=0, physical=18),
        notes="Steady hands.",
        expected_version=interview.version,
        by=cast.company_officer,
    )
    assert sorted(InterviewScore.objects.filter(interview=interview).values_list("score", flat=True)) == [0, 15, 18, 40]
    assert (scored.notes, scored.scored_by) == ("Steady hands.", cast.company_officer)
    assert AuditEntry.objects.for_object(interview).filter(action="updated").exists()


@pytest.mark.parametrize(("key", "score"), [("japanese", 21), ("skill_test", 41), ("physical", 1000)])
def test_it_refuses_a_score_out_of_range_and_writes_nothing(
    cast: Cast, selection: Selection, key: str, score: int
) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    values = {"japanese": 10, "skill_test": 10, "attitude": 10, "physical": 10, key: score}
    with pytest.raises(interviews.ScoreOutOfRange, match=f"{score} is out of range"):
        interviews.score_interview(
            interview_id=interview.pk,
            scores=_scores(interview, **values),
            notes="x",
            expected_version=interview.version,
            by=cast.company_officer,
        )
    assert not InterviewScore.objects.exists()
    interview.refresh_from_db()
    assert interview.notes == ""


def test_it_refuses_a_missing_score(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(interviews.ScoreMissing):
        interviews.score_interview(
            interview_id=interview.pk,
            scores=_scores(interview, japanese=10, skill_test=10, attitude=10),
            notes="",
            expected_version=interview.version,
            by=cast.company_officer,
        )


def test_it_refuses_scores_based_on_an_outdated_page(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    scores = _scores(interview, japanese=10, skill_test=10, attitude=10, physical=10)
    interviews.score_interview(
        interview_id=interview.pk, scores=scores, notes="", expected_version=interview.version, by=cast.company_officer
    )
    with pytest.raises(interviews.EditConflict):
        interviews.score_interview(
            interview_id=interview.pk,
            scores=scores,
            notes="",
            expected_version=interview.version,
            by=cast.ministry_officer,
        )


# --- results ------------------------------------------------------------------------------


def test_reserves_are_ranked_once_each(cast: Cast, selection: Selection) -> None:
    ana, bayu, _citra = selection.candidates
    first = reserve(schedule(selection, ana, cast.company_officer, hours=24), 1, cast.company_officer)
    second = schedule(selection, bayu, cast.company_officer, hours=25)
    with pytest.raises(interviews.RankTaken, match="Reserve rank 1 is already Ana Santoso's"):
        reserve(second, 1, cast.company_officer)
    assert reserve(second, 2, cast.company_officer).reserve_rank == 2
    assert interviews.next_free_rank(selection.order) == 3
    assert (first.result, first.reserve_rank) == (InterviewResult.RESERVE, 1)


def test_not_selected_has_no_rank(cast: Cast, selection: Selection) -> None:
    interview = reserve(schedule(selection, selection.candidates[0], cast.company_officer), 1, cast.company_officer)
    changed = interviews.set_result(
        interview_id=interview.pk,
        result=InterviewResult.NOT_SELECTED,
        reserve_rank=4,
        expected_version=interview.version,
        by=cast.company_officer,
    )
    assert (changed.result, changed.reserve_rank) == (InterviewResult.NOT_SELECTED, None)


def test_a_reserve_needs_a_rank(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(interviews.RankMissing):
        interviews.set_result(
            interview_id=interview.pk,
            result=InterviewResult.RESERVE,
            reserve_rank=None,
            expected_version=interview.version,
            by=cast.company_officer,
        )


def test_selected_is_given_only_by_selecting(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(interviews.AlreadySelected):
        interviews.set_result(
            interview_id=interview.pk,
            result=InterviewResult.SELECTED,
            reserve_rank=None,
            expected_version=interview.version,
            by=cast.company_officer,
        )


def test_cancelling_needs_a_reason(cast: Cast, selection: Selection) -> None:
    interview = schedule(selection, selection.candidates[0], cast.company_officer)
    with pytest.raises(interviews.ReasonRequired):
        interviews.cancel_interview(interview_id=interview.pk, reason=" ", by=cast.company_officer)
    interview.refresh_from_db()
    assert interview.is_scheduled
