"""The rule of which check-in answers signal a problem, at its edges."""

from __future__ import annotations

import dataclasses

import pytest

from protection.checkin_signals import (
    FEWEST_DAYS_OFF_PER_MONTH,
    MOST_HOURS_PER_WEEK,
    Answers,
    case_category,
    signals_of,
)
from protection.models import Category

ALL_WELL = Answers(
    wages_paid_in_full=True,
    documents_in_own_hands=True,
    hours_per_week=40,
    days_off_per_month=8,
    safe_at_work=True,
    safe_at_home=True,
    anything_to_report="",
)


def categories(answers: Answers) -> list[Category]:
    return [signal.category for signal in signals_of(answers)]


def test_it_finds_nothing_in_answers_that_are_all_well() -> None:
    assert signals_of(ALL_WELL) == []


@pytest.mark.parametrize(
    ("change", "category"),
    [
        ({"wages_paid_in_full": False}, Category.WAGES),
        ({"documents_in_own_hands": False}, Category.DOCUMENTS_WITHHELD),
        ({"safe_at_work": False}, Category.UNSAFE_WORK),
        ({"safe_at_home": False}, Category.HOUSING),
        ({"anything_to_report": "Atasan sering marah."}, Category.OTHER),
    ],
)
def test_it_signals_each_no_and_a_written_report(change: dict[str, object], category: Category) -> None:
    assert categories(dataclasses.replace(ALL_WELL, **change)) == [category]  # type: ignore[arg-type]


def test_it_signals_hours_only_beyond_the_limit() -> None:
    assert categories(dataclasses.replace(ALL_WELL, hours_per_week=MOST_HOURS_PER_WEEK)) == []
    assert categories(dataclasses.replace(ALL_WELL, hours_per_week=MOST_HOURS_PER_WEEK + 1)) == [Category.OVERTIME]


def test_it_signals_days_off_only_below_the_least() -> None:
    assert categories(dataclasses.replace(ALL_WELL, days_off_per_month=FEWEST_DAYS_OFF_PER_MONTH)) == []
    assert categories(dataclasses.replace(ALL_WELL, days_off_per_month=FEWEST_DAYS_OFF_PER_MONTH - 1)) == [
        Category.OVERTIME
    ]


def test_it_reads_an_unanswered_question_and_blank_words_as_no_signal() -> None:
    unanswered = Answers(
        wages_paid_in_full=None,
        documents_in_own_hands=None,
        hours_per_week=None,
        days_off_per_month=None,
        safe_at_work=None,
        safe_at_home=None,
        anything_to_report="  \n ",
    )
    assert signals_of(unanswered) == []


def test_it_puts_the_most_pressing_problem_first() -> None:
    answers = dataclasses.replace(
        ALL_WELL, wages_paid_in_full=False, safe_at_home=False, documents_in_own_hands=False, hours_per_week=70
    )
    signals = signals_of(answers)
    assert [signal.category for signal in signals] == [
        Category.DOCUMENTS_WITHHELD,
        Category.WAGES,
        Category.OVERTIME,
        Category.HOUSING,
    ]
    assert case_category(signals) == Category.DOCUMENTS_WITHHELD
