"""Programme requirements set by each sending programme, such as its age range;
the law's minimum age that none may go below; a start date not yet passed."""

from __future__ import annotations

import datetime

import pytest

from rules import (
    Programme,
    RuleInputError,
    age_on,
    age_within,
    default_rule_book,
    legal_minimum_age,
    minimum_age_applied,
    start_date_ahead,
)
from rules.tests.conftest import DAY

ESD_START = datetime.date(2027, 4, 1)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        ("1996-04-01", "2027-04-01", 31),
        ("1996-04-02", "2027-04-01", 30),
        ("2008-02-29", "2026-02-28", 17),
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-29", 20),
    ],
)
def test_age_grows_on_each_birthday(birth: str, day: str, age: int) -> None:
    assert age_on(datetime.date.fromisoformat(birth), datetime.date.fromisoformat(day)) == age


def test_a_birth_after_the_day_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match=r"The birth date 2 April 2027 is after 1 April 2027."):
        age_on(datetime.date(2027, 4, 2), ESD_START)


@pytest.mark.parametrize(
    ("birth", "within", "explanation"),
    [
        ("1996-04-01", False, "age 31 on 1 April 2027, above the programme's 30"),
        ("1996-04-02", True, "age 30 on 1 April 2027, within the programme's 18–30"),
        ("2009-04-01", True, "age 18 on 1 April 2027, within the programme's 18–30"),
        ("2009-04-02", False, "age 17 on 1 April 2027, below the programme's 18"),
    ],
)
def test_the_age_on_the_day_must_be_within_the_programmes_range(birth: str, within: bool, explanation: str) -> None:
    answer = age_within(birth_date=datetime.date.fromisoformat(birth), on=ESD_START, min_age=18, max_age=30)

    assert (answer.value, answer.explain()) == (within, explanation)
    assert answer.rule is None


def test_a_programme_without_an_upper_age_takes_any_adult() -> None:
    answer = age_within(birth_date=datetime.date(1970, 1, 1), on=ESD_START, min_age=18, max_age=None)

    assert (answer.value, answer.explain()) == (True, "age 57 on 1 April 2027, at least the programme's 18")


def test_a_range_upside_down_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match="A maximum age must be a whole number of at least the minimum 26"):
        age_within(birth_date=datetime.date(2000, 1, 1), on=ESD_START, min_age=26, max_age=18)


# --- the law's minimum age ---------------------------------------------------------

LEGAL_MINIMUMS = [
    (Programme.TITP, 16, False),
    (Programme.TITP, 17, False),
    (Programme.TITP, 18, True),
    (Programme.TITP, 21, True),
    (Programme.SSW, 17, False),
    (Programme.SSW, 18, True),
    (Programme.ESD, 17, False),
    (Programme.ESD, 18, True),
    (Programme.TITP, 0, False),
]


@pytest.mark.parametrize(("programme", "min_age", "allowed"), LEGAL_MINIMUMS)
def test_no_order_may_go_below_the_legal_minimum_age(programme: Programme, min_age: int, allowed: bool) -> None:
    answer = legal_minimum_age(programme=programme, min_age=min_age, on=DAY)

    assert answer.value is allowed
    assert answer.refused_by == (() if allowed else (f"{programme}_minimum_age",))
    assert answer.rule is not None
    assert answer.rule.family == "ages"


def test_a_refusal_says_the_law_and_its_figure() -> None:
    answer = legal_minimum_age(programme=Programme.TITP, min_age=16, on=DAY)

    assert answer.explain() == (
        "a minimum age of 16 is below TITP's legal minimum of 18: workers must be at least 18 on the start date"
    )


def test_an_order_without_a_minimum_age_gets_the_laws() -> None:
    answer = legal_minimum_age(programme=Programme.SSW, min_age=None, on=DAY)

    assert answer.value is True
    assert answer.explain() == "no minimum age given: SSW's legal minimum of 18 applies"


def test_engineers_have_no_legal_minimum_age() -> None:
    answer = legal_minimum_age(programme=Programme.ENGINEER, min_age=16, on=DAY)

    assert answer.value is True
    assert answer.explain() == "Engineer/Specialist sets no legal minimum age"


def test_the_unverified_esd_minimum_comes_with_its_caution() -> None:
    answer = legal_minimum_age(programme=Programme.ESD, min_age=20, on=DAY)

    assert answer.explain() == (
        "a minimum age of 20, at least ESD's legal minimum of 18; caution: rule version 2026-initial marks "
        "ESD's minimum age as unverified; check it against the official source"
    )


@pytest.mark.parametrize(
    ("programme", "min_age", "applied"),
    [
        (Programme.TITP, 16, 18),
        (Programme.TITP, None, 18),
        (Programme.TITP, 20, 20),
        (Programme.ESD, None, 18),
        (Programme.ENGINEER, None, 0),
        (Programme.ENGINEER, 22, 22),
    ],
)
def test_the_minimum_age_applied_is_never_below_the_laws(
    programme: Programme, min_age: int | None, applied: int
) -> None:
    version = default_rule_book().ages[0]

    assert minimum_age_applied(programme=programme, min_age=min_age, version=version) == applied


@pytest.mark.parametrize("programme", ["nurse", "", None])
def test_an_unknown_programme_is_bad_input(programme: object) -> None:
    with pytest.raises(RuleInputError, match="There is no programme"):
        legal_minimum_age(programme=programme, min_age=18, on=DAY)  # type: ignore[arg-type]


# --- the start date ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "allowed"),
    [("2026-05-31", False), ("2026-06-01", True), ("2026-06-02", True), ("2025-06-01", False)],
)
def test_an_order_whose_start_date_has_passed_cannot_open(starts_on: str, allowed: bool) -> None:
    answer = start_date_ahead(starts_on=datetime.date.fromisoformat(starts_on), today=datetime.date(2026, 6, 1))

    assert answer.value is allowed
    assert answer.refused_by == (() if allowed else ("start_date",))
    assert answer.rule is None  # it rests on the dates alone


def test_a_passed_start_date_says_so() -> None:
    answer = start_date_ahead(starts_on=datetime.date(2026, 5, 31), today=datetime.date(2026, 6, 1))

    assert answer.explain() == (
        "the start date 31 May 2026 has passed (today is 1 June 2026): give the date the workers can start"
    )
