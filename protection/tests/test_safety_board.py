"""The board's counts: safe, needs help and no answer for the whole check,
per prefecture and per company, over the questions the reader sees."""

from __future__ import annotations

import pytest

from accounts import access
from protection.actions.safety import Answer, answer_safety, open_safety_check
from protection.models import AnsweredVia, SafetyAnswer, SafetyQuestion
from protection.safety_board import Tally, board_of, people_of
from protection.tests.safety_world import Placed, place, placed, worker
from tests.cast import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Cast) -> Placed:
    """Budi and siti in Miyagi, two more at Sendai Steel there and one at
    Sendai Steel in Fukushima; the check covers both prefectures."""
    world = placed(cast)
    for serial, where in ((31, world.miyagi), (32, world.miyagi), (33, world.fukushima)):
        place(cast, worker(cast, f"Pekerja {serial}", serial=serial), at=where)
    return world


def _answer(question: SafetyQuestion, answer: SafetyAnswer) -> None:
    answer_safety(question_id=question.pk, answer=Answer(answer), via=AnsweredVia.PARTICIPANT, by=None)


def test_it_counts_each_answer_per_prefecture_and_company(cast: Cast, world: Placed) -> None:
    check = open_safety_check(
        event="Topan", prefecture_ids=[world.miyagi.pk, world.fukushima.pk], by=cast.ministry_officer
    ).check
    questions = SafetyQuestion.objects.filter(safety_check=check).order_by("pk")
    budi, siti, first, second, fukushima = questions
    _answer(budi, SafetyAnswer.SAFE)
    _answer(first, SafetyAnswer.NEEDS_HELP)
    _answer(siti, SafetyAnswer.NEEDS_HELP)
    _answer(fukushima, SafetyAnswer.SAFE)

    board = board_of(
        access.safety_questions_visible_to(cast.ministry_viewer).filter(safety_check=check), page_number=None
    )

    assert board.totals == Tally(total=5, safe=2, needs_help=2, no_answer=1)
    assert {row.name: row.tally for row in board.prefectures} == {
        "Miyagi": Tally(total=4, safe=1, needs_help=2, no_answer=1),
        "Fukushima": Tally(total=1, safe=1, needs_help=0, no_answer=0),
    }
    # Most in need first: both Miyagi companies have one worker who needs help; Sendai Steel also one without an answer.
    assert [(row.name, row.prefecture, row.tally) for row in board.companies] == [
        ("Sendai Steel", "Miyagi", Tally(total=3, safe=1, needs_help=1, no_answer=1)),
        ("Ishinomaki Foods", "Miyagi", Tally(total=1, safe=0, needs_help=1, no_answer=0)),
        ("Sendai Steel", "Fukushima", Tally(total=1, safe=1, needs_help=0, no_answer=0)),
    ]
    assert list(people_of(questions, shown="needs_help", company="")) == [siti, first]  # the latest answer first
    assert list(people_of(questions, shown="no_answer", company=str(cast.company.pk))) == [second]


def test_it_counts_for_a_company_only_its_own_workers(cast: Cast, world: Placed) -> None:
    check = open_safety_check(event="Topan", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check

    def totals(persona: str) -> Tally:
        seen = access.safety_questions_visible_to(getattr(cast, persona)).filter(safety_check=check)
        return board_of(seen, page_number=None).totals

    assert totals("embassy_officer").total == 4
    assert totals("company_officer").total == 3  # budi and the two others of Sendai Steel, not siti
    assert totals("support_officer").total == 1  # siti, an SSW worker it supports
    assert totals("other_lpk_officer").total == 1  # siti, its own worker
    assert totals("prefecture_officer").total == 0


@pytest.mark.parametrize("typed", ["", "abc", "²", "٣", "1" * 19, "-1", "1.5"])
def test_it_ignores_a_company_filter_that_is_no_record_number(cast: Cast, world: Placed, typed: str) -> None:
    check = open_safety_check(event="Topan", prefecture_ids=[world.miyagi.pk], by=cast.ministry_officer).check
    questions = SafetyQuestion.objects.filter(safety_check=check)

    assert people_of(questions, shown="", company=typed).count() == 4
