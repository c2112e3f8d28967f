"""SSW i: a field takes workers only once open; a candidate needs the field's
skill test and Japanese at JLPT N4 / JFT-Basic A2, and a good completion of TITP
stage ii exempts from the Japanese test, and from the skill test when the TITP
job category belongs to the field."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

import pytest

from rules import RuleInputError, TitpSswTable, ssw_field_open, ssw_i_eligibility, titp_category_in_ssw_field
from rules.tests.conftest import DAY

N5, N4, N3 = 10, 20, 30


def test_an_active_field_is_open() -> None:
    answer = ssw_field_open(field_name="建設", field_status="active", opens_on=None, on=DAY)

    assert answer.value is True
    assert answer.explain() == "SSW field 建設 is open on 1 June 2026"


def test_a_planned_field_is_not_open_yet_and_names_its_date() -> None:
    answer = ssw_field_open(field_name="物流倉庫", field_status="planned", opens_on=datetime.date(2027, 4, 1), on=DAY)

    assert (answer.value, answer.refused_by) == (False, ("field_status",))
    assert answer.explain() == "SSW field 物流倉庫 is not open yet: it is planned, to open on 1 April 2027"


def test_a_planned_field_without_a_date_is_not_open() -> None:
    answer = ssw_field_open(field_name="資源循環", field_status="planned", opens_on=None, on=DAY)

    assert answer.explain() == "SSW field 資源循環 is not open yet: it is planned, with no opening date"


@pytest.mark.parametrize(("on", "open_"), [(datetime.date(2027, 3, 31), False), (datetime.date(2027, 4, 1), True)])
def test_an_active_field_opens_on_its_opening_date(on: datetime.date, open_: bool) -> None:
    answer = ssw_field_open(field_name="鉄道", field_status="active", opens_on=datetime.date(2027, 4, 1), on=on)

    assert answer.value is open_


def test_an_unknown_field_status_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match=r"An SSW field's status is active or planned, not closed."):
        ssw_field_open(field_name="鉄道", field_status="closed", opens_on=None, on=DAY)


@dataclass(frozen=True)
class Candidate:
    skill_test_passed: bool
    japanese_rank: int | None
    completed_titp_ii: bool = False
    titp_category_in_field: bool = False


# A candidate → (eligible, the rules that refuse).
ELIGIBILITY = {
    "skill-test-and-n4": (Candidate(True, N4), True, ()),
    "skill-test-and-n3": (Candidate(True, N3), True, ()),
    "skill-test-and-only-n5": (Candidate(True, N5), False, ("japanese_minimum",)),
    "skill-test-and-no-japanese": (Candidate(True, None), False, ("japanese_minimum",)),
    "n4-without-skill-test": (Candidate(False, N4), False, ("skill_test",)),
    "a-category-in-the-field-alone-exempts-nothing": (
        Candidate(False, None, titp_category_in_field=True),
        False,
        ("japanese_minimum", "skill_test"),
    ),
    "titp-ii-exempts-the-japanese-test": (Candidate(True, None, completed_titp_ii=True), True, ()),
    "titp-ii-in-the-field-exempts-both-tests": (
        Candidate(False, None, completed_titp_ii=True, titp_category_in_field=True),
        True,
        (),
    ),
    "titp-ii-outside-the-field-still-needs-the-skill-test": (
        Candidate(False, N5, completed_titp_ii=True),
        False,
        ("skill_test",),
    ),
}


@pytest.mark.parametrize(("candidate", "eligible", "refused_by"), ELIGIBILITY.values(), ids=ELIGIBILITY.keys())
def test_ssw_i_needs_the_skill_test_and_n4_unless_titp_ii_exempts(
    candidate: Candidate, eligible: bool, refused_by: tuple[str, ...]
) -> None:
    answer = ssw_i_eligibility(**dataclasses.asdict(candidate), on=DAY)

    assert (answer.value, answer.refused_by) == (eligible, refused_by)


def test_it_explains_the_titp_ii_exemptions() -> None:
    answer = ssw_i_eligibility(
        skill_test_passed=False, japanese_rank=None, completed_titp_ii=True, titp_category_in_field=True, on=DAY
    )

    assert answer.explain() == (
        "Japanese test exempt: TITP stage ii completed in good standing; "
        "skill test exempt: TITP stage ii completed in a job category of the field's business category"
    )


def test_it_names_the_japanese_level_a_candidate_lacks() -> None:
    answer = ssw_i_eligibility(
        skill_test_passed=True, japanese_rank=N5, completed_titp_ii=False, titp_category_in_field=False, on=DAY
    )

    assert str(answer.refusals[0].message) == ("Japanese at rank 10 is below SSW i's JLPT N4 or JFT-Basic A2 (rank 20)")


def test_a_negative_japanese_rank_is_bad_input() -> None:
    with pytest.raises(RuleInputError, match=r"A Japanese level rank is a whole number of at least 1, not -5."):
        ssw_i_eligibility(
            skill_test_passed=True, japanese_rank=-5, completed_titp_ii=False, titp_category_in_field=False, on=DAY
        )


@pytest.mark.parametrize(
    ("code", "field", "belongs"),
    [
        ("1-1", "農業", True),
        ("2-2", "漁業", True),
        ("3-5", "建設", True),
        ("3-5", "農業", False),
        ("6-4", "工業製品製造業", False),
    ],
)
def test_the_configured_mapping_says_whether_a_titp_category_belongs_to_an_ssw_field(
    code: str, field: str, belongs: bool
) -> None:
    assert titp_category_in_ssw_field(job_category_code=code, field_name=field, on=DAY).value is belongs


def test_the_mapping_answer_warns_that_the_mapping_is_unverified() -> None:
    answer = titp_category_in_ssw_field(job_category_code="6-4", field_name="工業製品製造業", on=DAY)

    assert answer.explain() == (
        "no TITP job categories are mapped to SSW field 工業製品製造業; "
        "the TITP to SSW mapping is unverified: check it against the official table"
    )


TABLE = TitpSswTable(
    label="2026-initial",
    rows={("1-1", "農業"): True, ("3-5", "建設"): True, ("7-13", "介護"): False},
)


@pytest.mark.parametrize(
    ("code", "field", "belongs"),
    [("1-1", "農業", True), ("3-5", "建設", True), ("7-13", "介護", True), ("3-5", "農業", False)],
)
def test_the_reference_table_decides_when_the_caller_gives_one(code: str, field: str, belongs: bool) -> None:
    answer = titp_category_in_ssw_field(job_category_code=code, field_name=field, table=TABLE, on=DAY)

    assert answer.value is belongs
    assert answer.refused_by == (() if belongs else ("titp_ssw_table",))
    assert "TITP→SSW table 2026-initial" in answer.explain()


def test_an_answer_on_a_confirmed_row_carries_no_caution() -> None:
    answer = titp_category_in_ssw_field(job_category_code="1-1", field_name="農業", table=TABLE, on=DAY)

    assert answer.explain() == "TITP job category 1-1 belongs to SSW field 農業 (TITP→SSW table 2026-initial)"


def test_an_answer_on_an_unverified_row_says_so() -> None:
    answer = titp_category_in_ssw_field(job_category_code="7-13", field_name="介護", table=TABLE, on=DAY)

    assert answer.value is True
    assert "the row of the TITP→SSW table 2026-initial that maps 7-13 to 介護 is unverified" in answer.explain()


def test_a_no_for_a_field_the_table_confirms_nothing_of_says_the_table_may_be_incomplete() -> None:
    answer = titp_category_in_ssw_field(job_category_code="6-4", field_name="工業製品製造業", table=TABLE, on=DAY)

    assert answer.value is False
    assert "confirms no job category for SSW field 工業製品製造業 yet" in answer.explain()
    confirmed_field = titp_category_in_ssw_field(job_category_code="3-5", field_name="農業", table=TABLE, on=DAY)
    assert "caution" not in confirmed_field.explain()
