"""TITP stages: i → ii needs the test; ii → iii also needs excellent
organizations, a job type with stage iii and a home return of at least a month
and under a year; stages are never skipped or taken backwards."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules import (
    Answer,
    RuleInputError,
    Stage,
    titp_job_category_max_stage,
    titp_recruitment,
    titp_stage_end,
    titp_stage_move,
    titp_within_total_limit,
)
from rules.tests.conftest import DAY

I, II, III = Stage.I, Stage.II, Stage.III  # noqa: E741 - the stages' own names
LEFT = datetime.date(2026, 1, 10)
BACK = datetime.date(2026, 3, 10)


def _move(
    start: Stage,
    target: Stage,
    *,
    passed_test: bool = True,
    max_stage: int = 3,
    organization_excellent: bool = True,
    company_excellent: bool = True,
    left_on: datetime.date | None = LEFT,
    back_on: datetime.date | None = BACK,
) -> Answer[bool]:
    return titp_stage_move(
        from_stage=start,
        to_stage=target,
        passed_test=passed_test,
        job_category_max_stage=max_stage,
        supervising_organization_excellent=organization_excellent,
        company_excellent=company_excellent,
        home_return_left_on=left_on,
        home_return_back_on=back_on,
        on=DAY,
    )


def test_stage_i_moves_on_to_ii_after_the_test() -> None:
    answer = _move(I, II, organization_excellent=False, company_excellent=False, left_on=None, back_on=None)

    assert answer.value is True
    assert answer.explain() == (
        "the job category allows stage ii; "
        "技能検定 基礎級 (Trade Skill Test, basic grade) or equivalent passed, as stage ii requires"
    )
    assert answer.rule is not None
    assert answer.rule.family == "titp_stages"


def test_stage_ii_moves_on_to_iii_when_every_condition_is_met() -> None:
    answer = _move(II, III, max_stage=3)

    assert answer.value is True
    assert answer.refusals == ()
    assert (
        "home return from 10 January 2026 to 10 March 2026: "
        "back on or after 10 February 2026 and before 10 January 2027" in (answer.explain())
    )


@pytest.mark.parametrize(
    ("arguments", "refused_by"),
    [
        ({"start": I, "target": II, "passed_test": False}, ("passed_test",)),
        ({"start": II, "target": III, "passed_test": False}, ("passed_test",)),
        ({"start": II, "target": III, "max_stage": 2}, ("job_category_max_stage",)),
        ({"start": II, "target": III, "organization_excellent": False}, ("supervising_organization_excellent",)),
        ({"start": II, "target": III, "company_excellent": False}, ("company_excellent",)),
        ({"start": II, "target": III, "left_on": None, "back_on": None}, ("home_return",)),
        (
            {"start": II, "target": III, "company_excellent": False, "organization_excellent": False},
            ("supervising_organization_excellent", "company_excellent"),
        ),
        ({"start": I, "target": III}, ("stage_order",)),
        ({"start": II, "target": I}, ("stage_order",)),
        ({"start": III, "target": II}, ("stage_order",)),
        ({"start": III, "target": I}, ("stage_order",)),
        ({"start": II, "target": II}, ("stage_order",)),
    ],
    ids=[
        "i-to-ii-without-the-test",
        "ii-to-iii-without-the-test",
        "ii-to-iii-in-a-job-type-without-stage-iii",
        "ii-to-iii-with-a-normal-supervising-organization",
        "ii-to-iii-with-a-normal-company",
        "ii-to-iii-without-a-home-return",
        "ii-to-iii-with-both-organizations-normal",
        "skipping-stage-ii",
        "back-from-ii-to-i",
        "back-from-iii-to-ii",
        "back-from-iii-to-i",
        "staying-in-stage-ii",
    ],
)
def test_a_forbidden_move_is_refused_naming_each_unmet_rule(
    arguments: dict[str, object], refused_by: tuple[str, ...]
) -> None:
    answer = _move(**arguments)  # type: ignore[arg-type]

    assert (answer.value, answer.refused_by) == (False, refused_by)


def test_it_says_why_a_stage_cannot_be_skipped() -> None:
    assert _move(I, III).explain() == "stage i → stage iii skips a stage: stages are taken in order"


def test_it_says_why_a_trainee_cannot_go_back() -> None:
    assert _move(III, II).explain() == "stage iii → stage ii goes back: a trainee only moves on to the next stage"


def test_it_says_which_stage_a_job_category_stops_at() -> None:
    answer = _move(II, III, max_stage=2)

    assert str(answer.refusals[0].message) == "the job category goes up to stage ii only, not stage iii"


# Calendar months from the day the trainee left, as the Civil Code counts a
# period (art. 143): a month from 10 January is over at the end of 9 February,
# a month from 31 January at the end of 28 February (there is no 31st); the
# trainee may be back the day after, and must be back before a year is over.
HOME_RETURNS = [
    ("2026-01-10", "2026-02-09", False, "one day short of a month"),
    ("2026-01-10", "2026-02-10", True, "exactly a month"),
    ("2026-01-31", "2026-02-28", False, "the last day of a month that ends on the month's end"),
    ("2026-01-31", "2026-03-01", True, "the day after a month that ends on the month's end"),
    ("2028-01-31", "2028-02-29", False, "the last day of such a month in a leap year"),
    ("2027-12-31", "2028-02-29", True, "across a year end into a leap february"),
    ("2026-01-10", "2027-01-09", True, "a day short of a year"),
    ("2026-01-10", "2027-01-10", False, "exactly a year"),
    ("2024-02-29", "2025-02-28", True, "the last day of a year from a leap day"),
    ("2024-02-29", "2025-03-01", False, "a year from a leap day"),
]


@pytest.mark.parametrize(
    ("left_on", "back_on", "allowed"),
    [case[:3] for case in HOME_RETURNS],
    ids=[case[3] for case in HOME_RETURNS],
)
def test_the_home_return_lasts_at_least_a_month_and_less_than_a_year(left_on: str, back_on: str, allowed: bool) -> None:
    answer = _move(II, III, left_on=datetime.date.fromisoformat(left_on), back_on=datetime.date.fromisoformat(back_on))

    assert answer.value is allowed
    assert answer.refused_by == (() if allowed else ("home_return",))


def test_a_home_return_too_short_says_the_earliest_day_back() -> None:
    answer = _move(II, III, left_on=datetime.date(2026, 1, 31), back_on=datetime.date(2026, 2, 27))

    assert str(answer.refusals[0].message) == (
        "home return from 31 January 2026 to 27 February 2026 is too short: "
        "the trainee may come back on 1 March 2026 at the earliest"
    )


def test_a_home_return_too_long_says_the_day_it_had_to_end_before() -> None:
    answer = _move(II, III, left_on=datetime.date(2026, 1, 10), back_on=datetime.date(2027, 1, 10))

    assert str(answer.refusals[0].message) == (
        "home return from 10 January 2026 to 10 January 2027 is too long: "
        "the trainee had to come back before 10 January 2027"
    )


def test_a_home_return_that_ends_before_it_starts_is_bad_input() -> None:
    with pytest.raises(
        RuleInputError, match=r"The home return ends on 9 January 2026, before it starts on 10 January 2026."
    ):
        _move(II, III, left_on=datetime.date(2026, 1, 10), back_on=datetime.date(2026, 1, 9))


@pytest.mark.parametrize("max_stage", [1, 4, "3", None])
def test_a_highest_stage_other_than_2_or_3_is_bad_input(max_stage: object) -> None:
    with pytest.raises(RuleInputError, match="A job category's highest stage is 2 or 3"):
        _move(I, II, max_stage=max_stage)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stage", "started_on", "last_day"),
    [
        (I, "2026-04-01", "2027-03-31"),
        (II, "2027-04-01", "2029-03-31"),
        (III, "2029-05-15", "2031-05-14"),
        (I, "2027-02-28", "2028-02-27"),
        # No 29 February in 2025: the stage ends on the month's last day (Civil Code art. 143(2)).
        (I, "2024-02-29", "2025-02-28"),
        (II, "2024-02-29", "2026-02-28"),
        (II, "2026-02-28", "2028-02-27"),
        (III, "2027-08-31", "2029-08-30"),
        (I, "2026-03-31", "2027-03-30"),
    ],
)
def test_a_stage_ends_the_day_before_its_months_are_up(stage: Stage, started_on: str, last_day: str) -> None:
    answer = titp_stage_end(started_on=datetime.date.fromisoformat(started_on), stage=stage, on=DAY)

    assert answer.value == datetime.date.fromisoformat(last_day)


# Starts crowded onto month ends and 29 February, where the arithmetic can slip.
_LEAP_DAYS = st.integers(2000, 2096).map(lambda year: datetime.date(year - year % 4, 2, 29))
_STARTS = st.one_of(
    st.dates(datetime.date(2017, 11, 1), datetime.date(2099, 12, 31)),
    _LEAP_DAYS,
    st.builds(
        lambda year, month: datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1),
        st.integers(2018, 2098),
        st.integers(1, 12),
    ),
)


@given(started_on=_STARTS, stage=st.sampled_from(Stage))
def test_it_ends_every_stage_the_day_before_the_same_date_its_years_later(
    started_on: datetime.date, stage: Stage
) -> None:
    """Stages last whole years (12, 24, 24 months): the day after the last day
    is the same date that many years on, or 1 March where it is 29 February in
    a common year (Civil Code art. 143(2): the stage ends on 28 February)."""
    years = {I: 1, II: 2, III: 2}[stage]
    last_day = titp_stage_end(started_on=started_on, stage=stage, on=DAY).value

    year = started_on.year + years
    if (started_on.month, started_on.day) == (2, 29) and year % 4 != 0:
        assert last_day == datetime.date(year, 2, 28)
    else:
        assert last_day + datetime.timedelta(days=1) == started_on.replace(year=year)


def test_it_explains_a_stage_end() -> None:
    answer = titp_stage_end(started_on=datetime.date(2026, 4, 1), stage=I, on=DAY)

    assert answer.explain() == "stage i started on 1 April 2026 lasts at most 12 months: last day 31 March 2027"


@pytest.mark.parametrize(
    ("completed", "planned", "within"),
    [(36, 24, True), (37, 24, False), (0, 12, True), (12, 48, True), (12, 49, False)],
)
def test_titp_lasts_five_years_in_total_at_most(completed: int, planned: int, within: bool) -> None:
    answer = titp_within_total_limit(months_completed=completed, months_planned=planned, on=DAY)

    assert answer.value is within
    assert answer.refused_by == (() if within else ("total_months",))


def test_it_explains_the_total_limit() -> None:
    answer = titp_within_total_limit(months_completed=37, months_planned=24, on=DAY)

    assert answer.explain() == "37 months completed + 24 planned = 61, above the 60-month limit"


def test_it_reads_the_highest_stage_of_a_listed_job_category() -> None:
    assert titp_job_category_max_stage(code="3-23", list_label="2025", max_stages={"3-5": 3, "3-23": 2}) == 2


def test_a_job_category_missing_from_the_list_in_force_is_bad_input() -> None:
    with pytest.raises(RuleInputError) as refused:
        titp_job_category_max_stage(code="9-9", list_label="2025", max_stages={"3-5": 3})

    assert str(refused.value) == "Job category 9-9 is not in the TITP job category list 2025."


# --- which stages a job order recruits for ------------------------------------------


@pytest.mark.parametrize(("stage", "allowed"), [(I, True), (II, False), (III, True)])
def test_job_orders_recruit_for_stage_i_and_iii_only(stage: Stage, allowed: bool) -> None:
    answer = titp_recruitment(stage=stage, on=DAY)

    assert answer.value is allowed
    assert answer.refused_by == (() if allowed else ("recruited_stage",))
    assert answer.rule is not None
    assert answer.rule.family == "titp_stages"


def test_stage_ii_recruitment_is_refused_saying_why() -> None:
    assert titp_recruitment(stage=II, on=DAY).explain() == (
        "stage ii is not recruited: it is the same trainee moving on from stage i at the same company. "
        "Recruit for stage i, or for stage iii (returnees who completed stage ii, with an excellent "
        "supervising organization and company)"
    )


def test_stage_iii_recruits_returnees_of_stage_ii() -> None:
    assert titp_recruitment(stage=III, on=DAY).explain() == (
        "stage iii takes returnees who completed stage ii, for an excellent supervising organization and company"
    )
