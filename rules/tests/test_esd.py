"""ESD replaces TITP for starts from 2027-04-01: which programme is open by
start date, Japanese at entry, the fee cap and changes of employer."""

from __future__ import annotations

import datetime

import pytest

from rules import (
    Answer,
    Message,
    Programme,
    RuleInputError,
    esd_entry_language,
    esd_fee_within_cap,
    esd_field_open,
    esd_transfer_allowed,
    esd_transfer_cost_share,
    programme_open,
)
from rules.tests.conftest import DAY

LAST_TITP_START = datetime.date(2027, 3, 31)
FIRST_ESD_START = datetime.date(2027, 4, 1)
ESD_DAY = datetime.date(2027, 5, 1)


@pytest.mark.parametrize(
    ("programme", "starts_on", "open_"),
    [
        (Programme.TITP, LAST_TITP_START, True),
        (Programme.TITP, FIRST_ESD_START, False),
        (Programme.ESD, LAST_TITP_START, False),
        (Programme.ESD, FIRST_ESD_START, True),
        (Programme.SSW, LAST_TITP_START, True),
        (Programme.SSW, FIRST_ESD_START, True),
        (Programme.ENGINEER, LAST_TITP_START, True),
        (Programme.ENGINEER, FIRST_ESD_START, True),
    ],
)
def test_esd_takes_over_from_titp_on_2027_04_01(programme: Programme, starts_on: datetime.date, open_: bool) -> None:
    answer = programme_open(programme=programme, starts_on=starts_on, on=DAY)

    assert answer.value is open_
    assert answer.refused_by == (() if open_ else ("starts_on",))


def test_a_titp_start_after_the_switch_is_refused_with_the_reason() -> None:
    answer = programme_open(programme=Programme.TITP, starts_on=FIRST_ESD_START, on=DAY)

    assert answer.explain() == (
        "TITP takes no trainees starting on or after 1 April 2027, when ESD replaces it "
        "(trainees already in TITP finish under TITP); this one starts on 1 April 2027"
    )


def test_an_esd_start_before_the_switch_is_refused_with_the_date() -> None:
    answer = programme_open(programme=Programme.ESD, starts_on=LAST_TITP_START, on=DAY)

    assert answer.explain() == "ESD starts on 1 April 2027; a start on 31 March 2027 is too early"


def test_the_programme_may_be_given_as_its_track_value() -> None:
    assert programme_open(programme="esd", starts_on=FIRST_ESD_START, on=DAY).value is True  # type: ignore[arg-type]


def test_an_unknown_programme_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match="There is no programme visa"):
        programme_open(programme="visa", starts_on=FIRST_ESD_START, on=DAY)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rank", "hours", "allowed"),
    [(10, 0, True), (20, 0, True), (None, 100, True), (None, 99, False), (None, 0, False), (10, 99, True)],
    ids=["a1", "a2", "100-hours", "99-hours", "nothing", "a1-and-some-hours"],
)
def test_esd_entry_needs_japanese_a1_or_100_lesson_hours(rank: int | None, hours: int, allowed: bool) -> None:
    answer = esd_entry_language(japanese_rank=rank, planned_lesson_hours=hours, on=DAY)

    assert answer.value is allowed


def test_it_explains_missing_entry_japanese() -> None:
    answer = esd_entry_language(japanese_rank=None, planned_lesson_hours=99, on=DAY)

    assert answer.explain() == (
        "Japanese below ESD's entry level JLPT N5 or JFT-Basic A1 (rank 10) and 99 hours of lessons planned, "
        "fewer than 100"
    )


@pytest.mark.parametrize(
    ("fee", "wage", "within"),
    [(360_000, 180_000, True), (360_001, 180_000, False), (0, 180_000, True)],
)
def test_the_workers_fee_is_capped_at_two_months_wages(fee: int, wage: int, within: bool) -> None:
    answer = esd_fee_within_cap(fee_jpy=fee, monthly_wage_jpy=wage, on=DAY)

    assert answer.value is within
    assert answer.refused_by == (() if within else ("fee_cap_months",))


def test_a_fee_over_the_cap_says_by_how_much_and_who_bears_the_rest() -> None:
    answer = esd_fee_within_cap(fee_jpy=400_000, monthly_wage_jpy=180_000, on=DAY)

    assert answer.explain() == (
        "fee ¥400,000 exceeds the cap of ¥360,000 (2 months' wages of ¥180,000) by ¥40,000; the employer bears the rest"
    )


def test_a_negative_fee_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match="A fee must be a whole number of yen"):
        esd_fee_within_cap(fee_jpy=-1, monthly_wage_jpy=180_000, on=DAY)


def _transfer(
    months: int,
    *,
    minimum: int = 12,
    abuse: bool = False,
    same_category: bool = True,
    skill: bool = True,
    japanese: bool = True,
) -> tuple[bool, tuple[str, ...]]:
    answer = esd_transfer_allowed(
        months_with_employer=months,
        field_minimum_months=minimum,
        abuse_or_unpaid_wages=abuse,
        same_work_category=same_category,
        passed_skill_test=skill,
        passed_japanese_test=japanese,
        on=DAY,
    )
    return answer.value, answer.refused_by


def test_a_worker_may_change_employer_after_the_fields_minimum() -> None:
    assert _transfer(12, minimum=12) == (True, ())
    assert _transfer(11, minimum=12) == (False, ("field_minimum_months",))
    assert _transfer(23, minimum=24) == (False, ("field_minimum_months",))
    assert _transfer(24, minimum=24) == (True, ())


def test_a_change_at_the_workers_wish_needs_the_same_category_and_both_tests() -> None:
    assert _transfer(30, same_category=False, skill=False, japanese=False) == (
        False,
        ("same_work_category", "skill_test", "japanese_test"),
    )


def test_abuse_or_unpaid_wages_allow_a_change_at_any_time() -> None:
    assert _transfer(0, abuse=True, same_category=False, skill=False, japanese=False) == (True, ())


@pytest.mark.parametrize("minimum", [11, 25])
def test_a_field_minimum_outside_one_to_two_years_is_bad_input(minimum: int) -> None:
    with pytest.raises(RuleInputError, match="is 12 to 24 months, not"):
        _transfer(30, minimum=minimum)


# --- ESD's own field list ------------------------------------------------------------


def _field(status: str = "active", *, unverified: bool = False) -> Answer[bool]:
    return esd_field_open(
        field_name="建設 (Construction)",
        field_status=status,
        list_label="2026-01",
        list_unverified=unverified,
        on=ESD_DAY,
    )


def test_an_active_esd_field_is_open() -> None:
    answer = _field()

    assert answer.value is True
    assert answer.rule is None  # it rests on the ESD field list, not on a rule version
    assert answer.explain() == "ESD field 建設 (Construction) is open on 1 May 2027 (ESD field list 2026-01)"


def test_a_planned_esd_field_is_not_open() -> None:
    answer = _field("planned")

    assert (answer.value, answer.refused_by) == (False, ("field_status",))
    assert str(answer.refusals[0].message) == (
        "ESD field 建設 (Construction) is not open yet: it is planned in the ESD field list 2026-01, "
        "with no opening date"
    )


@pytest.mark.parametrize("status", ["active", "planned"])
def test_an_answer_from_an_unverified_esd_list_says_so(status: str) -> None:
    answer = _field(status, unverified=True)

    assert answer.explanation[-1] == Message(
        "caution: the ESD field list %(label)s is unverified: public summaries disagree on which SSW fields "
        "ESD leaves out, and a ministry administrator has not confirmed it yet",
        label="2026-01",
    )
    assert answer.value is (status == "active")  # the caution never changes the answer


def test_an_esd_field_status_other_than_active_or_planned_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match="active or planned"):
        _field("closed")


def _share(months: int, *, unavoidable: bool = False, on: datetime.date = ESD_DAY) -> Answer[int]:
    return esd_transfer_cost_share(
        initial_costs_jpy=360_000, months_with_first_employer=months, unavoidable=unavoidable, on=on
    )


@pytest.mark.parametrize(("months", "share"), [(0, 360_000), (12, 240_000), (35, 10_000), (36, 0), (40, 0)])
def test_the_new_employer_repays_the_first_employers_costs_for_the_months_left_of_the_plan(
    months: int, share: int
) -> None:
    answer = _share(months)

    assert answer.value == share
    assert answer.rule is not None
    assert answer.rule.label == "2027-04"


def test_after_an_unavoidable_change_the_first_employer_bears_its_costs() -> None:
    answer = _share(3, unavoidable=True)

    assert answer.value == 0
    assert "bears its initial costs of ¥360,000 itself" in answer.explain()


def test_the_sharing_says_it_is_unverified() -> None:
    assert "caution: rule version 2027-04 marks the sharing of the first employer's costs" in _share(12).explain()


def test_a_version_before_esd_shares_nothing_and_says_so() -> None:
    answer = _share(12, on=DAY)

    assert answer.value == 0
    assert (
        answer.explain()
        == "rule version 2026-initial shares none of the first employer's costs on a change of employer"
    )


@pytest.mark.parametrize(("costs", "months"), [(-1, 3), (1000, -1)])
def test_negative_costs_or_months_are_bad_input(costs: int, months: int) -> None:
    with pytest.raises(RuleInputError):
        esd_transfer_cost_share(initial_costs_jpy=costs, months_with_first_employer=months, unavoidable=False, on=DAY)
