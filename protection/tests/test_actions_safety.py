"""Opening a safety check, asking everyone placed there once, answers,
follow-up calls and closing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from protection.actions.safety import (
    Answer,
    SafetyError,
    answer_safety,
    ask_newcomers,
    close_safety_check,
    open_safety_check,
    record_follow_up,
)
from protection.models import AnsweredVia, FollowUpCall, SafetyAnswer, SafetyCheck, SafetyQuestion
from protection.tests.safety_world import Placed, place, placed, worker
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Placed:
    return placed(cast)


def _open(cast: Cast, world: Placed, event: str = "Gempa Miyagi 6 Desember") -> SafetyCheck:
    return open_safety_check(event=event, prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check


def test_it_asks_everyone_in_japan_in_the_prefectures_and_nobody_else(cast: Cast, world: Placed) -> None:
    opened = open_safety_check(
        event="Gempa Miyagi", prefecture_ids=[world.miyagi.pk, world.fukushima.pk], by=cast.embassy_officer
    )

    assert opened.created
    assert opened.asked == 2
    asked = {q.participant_id: q for q in SafetyQuestion.objects.filter(safety_check=opened.check)}
    assert set(asked) == {cast.budi.pk, cast.siti.pk}  # not rina in Tokyo, not dewi still preparing
    budi, siti = asked[cast.budi.pk], asked[cast.siti.pk]
    assert (budi.placement, budi.company, budi.supervising_organization) == (world.budi, cast.company, cast.supervising)
    assert (budi.sending_organization, budi.prefecture, budi.answer) == (cast.lpk, world.miyagi, "")
    assert (siti.company, siti.support_organization, siti.supervising_organization) == (
        world.ishinomaki_foods,
        cast.support_organization,
        None,
    )
    assert siti.sending_organization == cast.other_lpk


def test_it_asks_nobody_twice_when_the_same_check_is_opened_again(cast: Cast, world: Placed) -> None:
    first = _open(cast, world, "Gempa Miyagi")
    again = open_safety_check(event="  gempa   MIYAGI ", prefecture_ids=[world.miyagi.pk], by=cast.embassy_officer)

    assert again.check == first
    assert (again.created, again.asked) == (False, 0)
    assert SafetyCheck.objects.count() == 1
    assert SafetyQuestion.objects.count() == 2


def test_it_asks_only_those_placed_there_since_when_run_again(cast: Cast, world: Placed) -> None:
    check = _open(cast, world)
    place(cast, worker(cast, "Agus Salim", serial=21), at=world.miyagi)

    assert ask_newcomers(check_id=check.pk) == 1
    assert ask_newcomers(check_id=check.pk) == 0
    assert SafetyQuestion.objects.filter(safety_check=check).count() == 3


def test_it_opens_a_new_check_for_the_same_event_once_the_first_is_closed(cast: Cast, world: Placed) -> None:
    first = _open(cast, world)
    close_safety_check(check_id=first.pk, by=cast.ministry_officer)

    second = open_safety_check(event=first.event, prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer)

    assert second.created
    assert second.check != first
    assert second.asked == 2
    assert ask_newcomers(check_id=first.pk) == 0  # a closed check asks nobody


@pytest.mark.parametrize(
    ("event", "prefectures", "field"),
    [("   ", "miyagi", "event"), ("Topan", "", "prefectures"), ("Topan", "missing", "prefectures")],
)
def test_it_refuses_a_check_without_an_event_or_prefectures(
    cast: Cast, world: Placed, event: str, prefectures: str, field: str
) -> None:
    ids = {"miyagi": [world.miyagi.pk], "": [], "missing": [world.miyagi.pk, 999_999]}[prefectures]
    with pytest.raises(SafetyError) as refused:
        open_safety_check(event=event, prefecture_ids=ids, by=cast.ministry_officer)

    assert refused.value.field == field
    assert not SafetyCheck.objects.exists()


def test_it_records_an_answer_that_may_change_and_masks_the_words_in_the_audit(cast: Cast, world: Placed) -> None:
    question = SafetyQuestion.objects.get(safety_check=_open(cast, world), participant=cast.budi)

    answer_safety(
        question_id=question.pk, answer=Answer(SafetyAnswer.SAFE), via=AnsweredVia.PARTICIPANT, by=cast.participant_user
    )
    words = Answer(SafetyAnswer.NEEDS_HELP, message="Asrama roboh, saya di luar.", whereabouts="Taman Tsutsujigaoka")
    answer_safety(question_id=question.pk, answer=words, via=AnsweredVia.EMAIL_LINK, by=None)

    question.refresh_from_db()
    assert question.answer == SafetyAnswer.NEEDS_HELP
    assert question.answered_via == AnsweredVia.EMAIL_LINK
    assert question.answered_by is None
    assert question.whereabouts == "Taman Tsutsujigaoka"
    entries = AuditEntry.objects.filter(target_type="protection.safetyquestion", target_id=str(question.pk))
    assert [entry.changes["answer"] for entry in entries.order_by("pk")] == [["", "safe"], ["safe", "needs_help"]]
    assert "Asrama" not in str([entry.changes for entry in entries])


def test_it_takes_no_answer_once_the_check_is_closed(cast: Cast, world: Placed) -> None:
    check = _open(cast, world)
    question = SafetyQuestion.objects.get(safety_check=check, participant=cast.budi)
    close_safety_check(check_id=check.pk, by=cast.embassy_officer)

    with pytest.raises(SafetyError):
        answer_safety(question_id=question.pk, answer=Answer(SafetyAnswer.SAFE), via=AnsweredVia.COMPANY, by=None)
    with pytest.raises(SafetyError):
        close_safety_check(check_id=check.pk, by=cast.embassy_officer)
    question.refresh_from_db()
    assert question.answer == ""


def test_it_counts_a_call_for_help_as_followed_up_only_once_a_call_reaches_the_worker(
    cast: Cast, world: Placed
) -> None:
    question = SafetyQuestion.objects.get(safety_check=_open(cast, world), participant=cast.budi)
    answer_safety(question_id=question.pk, answer=Answer(SafetyAnswer.NEEDS_HELP), via=AnsweredVia.PARTICIPANT, by=None)
    waiting = SafetyQuestion.objects.help_not_followed_up()

    record_follow_up(
        question_id=question.pk,
        reached=False,
        note="Tidak diangkat.",
        answer=None,
        by=cast.lpk_officer,
        organization=cast.lpk,
    )
    assert waiting.filter(pk=question.pk).exists()
    record_follow_up(
        question_id=question.pk,
        reached=True,
        note="Di tempat pengungsian.",
        answer=None,
        by=cast.lpk_officer,
        organization=cast.lpk,
    )
    assert not waiting.filter(pk=question.pk).exists()
    # Asking for help again is new work.
    answer_safety(question_id=question.pk, answer=Answer(SafetyAnswer.NEEDS_HELP), via=AnsweredVia.PARTICIPANT, by=None)
    assert waiting.filter(pk=question.pk).exists()
    assert FollowUpCall.objects.filter(question=question).count() == 2


def test_it_records_the_answer_a_call_heard_and_refuses_one_from_a_call_that_reached_nobody(
    cast: Cast, world: Placed
) -> None:
    question = SafetyQuestion.objects.get(safety_check=_open(cast, world), participant=cast.siti)

    with pytest.raises(SafetyError) as refused:
        record_follow_up(
            question_id=question.pk,
            reached=False,
            note="",
            answer=Answer(SafetyAnswer.SAFE),
            by=cast.embassy_officer,
            organization=None,
        )
    assert refused.value.field == "answer"
    assert not FollowUpCall.objects.exists()
    now = timezone.now() + datetime.timedelta(hours=3)
    record_follow_up(
        question_id=question.pk,
        reached=True,
        note="Aman.",
        answer=Answer(SafetyAnswer.SAFE),
        by=cast.embassy_officer,
        organization=cast.embassy,
        now=now,
    )
    question.refresh_from_db()
    assert (question.answer, question.answered_via, question.answered_at) == (
        SafetyAnswer.SAFE,
        AnsweredVia.FOLLOW_UP_CALL,
        now,
    )


def test_it_asks_any_number_of_workers_in_the_same_few_statements(cast: Cast, world: Placed) -> None:
    def statements(event: str) -> int:
        with CaptureQueriesContext(connection) as run:
            open_safety_check(event=event, prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer)
        return len(run.captured_queries)

    few = statements("Gempa 1")
    for serial in range(40, 60):
        place(cast, worker(cast, f"Pekerja {serial}", serial=serial), at=world.miyagi)
    many = statements("Gempa 2")

    assert SafetyQuestion.objects.filter(safety_check__event="Gempa 2").count() == 22
    assert many == few
