"""Programme requirements set by each sending programme, such as its age range."""

from __future__ import annotations

import datetime

import pytest

from rules import RuleInputError, age_on, age_within

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
    with pytest.raises(RuleInputError, match=r"The birth date 2027-04-02 is after 2027-04-01."):
        age_on(datetime.date(2027, 4, 2), ESD_START)


@pytest.mark.parametrize(
    ("birth", "within", "explanation"),
    [
        ("1996-04-01", False, "age 31 on 2027-04-01, above the programme's 30"),
        ("1996-04-02", True, "age 30 on 2027-04-01, within the programme's 18–30"),
        ("2009-04-01", True, "age 18 on 2027-04-01, within the programme's 18–30"),
        ("2009-04-02", False, "age 17 on 2027-04-01, below the programme's 18"),
    ],
)
def test_the_age_on_the_day_must_be_within_the_programmes_range(birth: str, within: bool, explanation: str) -> None:
    answer = age_within(birth_date=datetime.date.fromisoformat(birth), on=ESD_START, min_age=18, max_age=30)

    assert (answer.value, answer.explain()) == (within, explanation)
    assert answer.rule is None


def test_a_programme_without_an_upper_age_takes_any_adult() -> None:
    answer = age_within(birth_date=datetime.date(1970, 1, 1), on=ESD_START, min_age=18, max_age=None)

    assert (answer.value, answer.explain()) == (True, "age 57 on 2027-04-01, at least the programme's 18")


def test_a_range_upside_down_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match="A maximum age must be a whole number of at least the minimum 26"):
        age_within(birth_date=datetime.date(2000, 1, 1), on=ESD_START, min_age=26, max_age=18)
