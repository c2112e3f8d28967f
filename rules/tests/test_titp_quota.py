"""The TITP yearly quota: basic quota by full-time staff, × the multiplier for
the company's standing and the stage, capped by staff; and the check a job
order's positions must pass when it opens."""

from __future__ import annotations

import pytest

from rules import Answer, RuleInputError, Stage, titp_quota_check, titp_yearly_quota
from rules.tests.conftest import DAY

I, II, III = Stage.I, Stage.II, Stage.III  # noqa: E741 - the stages' own names

# Every band edge of domain README §3, written out by hand:
# staff: ((normal i, ii, iii), (excellent i, ii, iii)).
QUOTA_TABLE = {
    30: ((3, 6, 0), (6, 12, 18)),
    31: ((4, 8, 0), (8, 16, 24)),
    40: ((4, 8, 0), (8, 16, 24)),
    41: ((5, 10, 0), (10, 20, 30)),
    50: ((5, 10, 0), (10, 20, 30)),
    51: ((6, 12, 0), (12, 24, 36)),
    100: ((6, 12, 0), (12, 24, 36)),
    101: ((10, 20, 0), (20, 40, 60)),
    200: ((10, 20, 0), (20, 40, 60)),
    201: ((15, 30, 0), (30, 60, 90)),
    300: ((15, 30, 0), (30, 60, 90)),
    301: ((15, 30, 0), (30, 60, 90)),
    319: ((15, 30, 0), (30, 60, 90)),
    320: ((16, 32, 0), (32, 64, 96)),
    1000: ((50, 100, 0), (100, 200, 300)),
}
QUOTA_CASES = [
    (staff, excellent, stage, by_standing[excellent][index])
    for staff, by_standing in QUOTA_TABLE.items()
    for excellent in (False, True)
    for index, stage in enumerate(Stage)
]

# A company with few staff: basic quota × multiplier is capped at 1×, 2×, 3× staff.
CAP_CASES = [
    (1, False, I, 1),
    (1, False, II, 2),
    (1, True, I, 1),
    (1, True, II, 2),
    (1, True, III, 3),
    (2, False, I, 2),
    (2, False, II, 4),
    (2, True, I, 2),
    (2, True, II, 4),
    (2, True, III, 6),
    (5, True, I, 5),
    (5, True, II, 10),
    (5, True, III, 15),
    # From here on the cap no longer bites.
    (3, False, I, 3),
    (3, False, II, 6),
    (6, True, I, 6),
    (6, True, II, 12),
    (6, True, III, 18),
]


def _case_id(staff: int, excellent: bool, stage: Stage, quota: int) -> str:
    return f"{staff}-staff-{'excellent' if excellent else 'normal'}-stage-{stage}-gets-{quota}"


def _check(
    *,
    new: int,
    in_stage: int = 0,
    total: int | None = None,
    staff: int = 25,
    excellent: bool = False,
    stage: Stage = I,
    construction: bool = False,
    job_category_code: str | None = None,
) -> Answer[bool]:
    return titp_quota_check(
        full_time_staff=staff,
        excellent=excellent,
        stage=stage,
        new_positions=new,
        current_trainees_in_stage=in_stage,
        construction=construction,
        current_trainees_total=in_stage if total is None else total,
        job_category_code=job_category_code,
        on=DAY,
    )


@pytest.mark.parametrize(
    ("staff", "excellent", "stage", "quota"), QUOTA_CASES, ids=[_case_id(*case) for case in QUOTA_CASES]
)
def test_it_gives_the_quota_of_the_table_at_every_band_edge(
    staff: int, excellent: bool, stage: Stage, quota: int
) -> None:
    assert titp_yearly_quota(full_time_staff=staff, excellent=excellent, stage=stage, on=DAY).value == quota


@pytest.mark.parametrize(
    ("staff", "excellent", "stage", "quota"), CAP_CASES, ids=[_case_id(*case) for case in CAP_CASES]
)
def test_it_caps_the_quota_by_full_time_staff(staff: int, excellent: bool, stage: Stage, quota: int) -> None:
    assert titp_yearly_quota(full_time_staff=staff, excellent=excellent, stage=stage, on=DAY).value == quota


def test_it_follows_the_worked_example_of_the_domain_notes() -> None:
    """≤30 staff, normal → 3 per year, 6 in stage ii; excellent → 6 / 12 / 18."""

    def quota(excellent: bool, stage: Stage) -> int | None:
        return titp_yearly_quota(full_time_staff=30, excellent=excellent, stage=stage, on=DAY).value

    assert (quota(False, I), quota(False, II)) == (3, 6)
    assert (quota(True, I), quota(True, II), quota(True, III)) == (6, 12, 18)


def test_it_explains_a_quota_with_its_figures() -> None:
    answer = titp_yearly_quota(full_time_staff=25, excellent=False, stage=I, on=DAY)

    assert str(answer.explanation[0]) == (
        "quota 3: 25 full-time staff ≤ 30, supervising organization and company not both excellent, stage i"
    )
    assert answer.explain() == (
        "quota 3: 25 full-time staff ≤ 30, supervising organization and company not both excellent, stage i; "
        "basic quota 3 for 1–30 full-time staff; "
        "× 1 in stage i, the supervising organization and company not both excellent: 3"
    )
    assert not answer.refused


def test_it_names_the_rule_version_it_used() -> None:
    answer = titp_yearly_quota(full_time_staff=25, excellent=False, stage=I, on=DAY)

    assert answer.rule is not None
    assert (answer.rule.family, answer.rule.label, str(answer.rule.effective_from)) == (
        "titp_quota",
        "2026-initial",
        "2017-11-01",
    )


def test_it_explains_the_band_of_a_middle_band() -> None:
    answer = titp_yearly_quota(full_time_staff=150, excellent=True, stage=II, on=DAY)

    assert answer.explain() == (
        "quota 40: 150 full-time staff ≤ 200, excellent supervising organization and company, stage ii; "
        "basic quota 10 for 101–200 full-time staff; "
        "× 4 for an excellent supervising organization and company in stage ii: 40"
    )


def test_it_explains_the_cap_when_the_cap_decides() -> None:
    answer = titp_yearly_quota(full_time_staff=2, excellent=False, stage=I, on=DAY)

    assert answer.value == 2
    assert "capped at 2: stage i may hold at most 1 × 2 full-time staff" in answer.explain()


def test_it_explains_the_basic_quota_above_the_table_as_staff_divided() -> None:
    answer = titp_yearly_quota(full_time_staff=1000, excellent=False, stage=I, on=DAY)

    assert str(answer.explanation[0]) == (
        "quota 50: 1,000 full-time staff > 300, supervising organization and company not both excellent, stage i"
    )
    assert "basic quota 50: 1,000 full-time staff ÷ 20, rounded down" in answer.explain()


def test_it_gives_a_normal_company_no_stage_iii_and_says_why() -> None:
    answer = titp_yearly_quota(full_time_staff=500, excellent=False, stage=III, on=DAY)

    assert answer.value == 0
    assert "× 0: stage iii needs an excellent supervising organization and company" in answer.explain()


@pytest.mark.parametrize("staff", [0, -1, 2.5, "25", True, None])
def test_it_refuses_a_staff_count_that_is_not_a_positive_whole_number(staff: object) -> None:
    with pytest.raises(RuleInputError, match=r"^Full-time staff must be a whole number of at least 1, not "):
        titp_yearly_quota(full_time_staff=staff, excellent=False, stage=I, on=DAY)  # type: ignore[arg-type]


def test_it_refuses_a_stage_that_does_not_exist() -> None:
    with pytest.raises(RuleInputError, match="There is no TITP stage iv"):
        titp_yearly_quota(full_time_staff=25, excellent=False, stage="iv", on=DAY)  # type: ignore[arg-type]


def test_it_refuses_to_give_nursing_care_a_number_without_its_own_table() -> None:
    answer = titp_yearly_quota(full_time_staff=25, excellent=False, stage=I, job_category_code="7-13", on=DAY)

    assert answer.value is None
    assert answer.refused_by == ("own_tables",)
    assert answer.explain() == (
        "nursing care (job category 7-13) has its own quota table, not configured: "
        "an administrator must enter it before a quota can be given; "
        "caution: rule version 2026-initial marks the job categories with a quota table of their own "
        "as unverified; check it against the official source"
    )


def test_other_job_categories_use_the_general_table() -> None:
    assert titp_yearly_quota(full_time_staff=25, excellent=False, stage=I, job_category_code="3-5", on=DAY).value == 3


def test_a_job_order_that_fills_the_quota_exactly_fits() -> None:
    answer = _check(new=2, in_stage=1)

    assert (answer.value, answer.refusals, answer.would_fit) == (True, (), 2)
    assert "3 stage i trainees (2 new, 1 current) fit the quota of 3" in answer.explain()
    assert "caution" not in answer.explain()  # the unverified cap does not decide this one


def test_one_position_over_the_band_quota_is_refused_naming_the_band_quota_and_what_fits() -> None:
    answer = _check(new=3, in_stage=1)

    assert (answer.value, answer.refused_by, answer.would_fit) == (False, ("bands",), 2)
    assert str(answer.refusals[0].message) == (
        "4 stage i trainees (3 new, 1 current) exceed the quota of 3: basic quota 3 × 1"
    )
    assert answer.explain().endswith("2 of the 3 new positions would fit")


def test_a_refusal_by_the_cap_names_the_cap() -> None:
    answer = _check(new=3, staff=2, excellent=True)

    assert (answer.value, answer.refused_by, answer.would_fit) == (False, ("caps",), 2)
    assert str(answer.refusals[0].message) == (
        "3 stage i trainees (3 new, 0 current) exceed the cap of 2: 1 × 2 full-time staff"
    )


def test_stage_iii_positions_at_a_normal_company_are_refused_by_the_multiplier() -> None:
    answer = _check(new=1, stage=III)

    assert (answer.value, answer.refused_by, answer.would_fit) == (False, ("multipliers",), 0)
    assert str(answer.refusals[0].message) == (
        "stage iii needs an excellent supervising organization and company: "
        "1 stage iii trainees (1 new, 0 current) cannot be taken"
    )


def test_no_position_fits_when_the_stage_is_already_over_its_quota() -> None:
    answer = _check(new=1, in_stage=5)

    assert (answer.value, answer.would_fit) == (False, 0)


def test_construction_counts_trainees_of_every_stage_against_full_time_staff() -> None:
    # 10 staff: stage i quota 3, but 8 trainees already in all stages leave room for 2.
    answer = _check(new=3, in_stage=0, total=8, staff=10, construction=True)

    assert (answer.value, answer.refused_by, answer.would_fit) == (False, ("construction_total_cap",), 2)
    assert str(answer.refusals[0].message) == (
        "construction job categories: 11 trainees in all stages (3 new, 8 current) exceed the limit of 10: "
        "1 × 10 full-time staff"
    )


def test_construction_up_to_the_total_limit_fits() -> None:
    answer = _check(new=3, in_stage=0, total=7, staff=10, construction=True)

    assert (answer.value, answer.would_fit) == (True, 3)


def test_outside_construction_the_total_does_not_limit() -> None:
    assert _check(new=3, in_stage=0, total=8, staff=10, construction=False).value is True


def test_both_limits_are_named_when_both_are_exceeded() -> None:
    answer = _check(new=4, in_stage=0, total=8, staff=10, construction=True)

    assert answer.refused_by == ("bands", "construction_total_cap")
    assert answer.would_fit == 2


def test_a_nursing_care_job_order_is_refused_until_its_table_is_configured() -> None:
    answer = _check(new=1, job_category_code="7-13")

    assert (answer.value, answer.refused_by, answer.would_fit) == (False, ("own_tables",), None)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"new": 0}, "New positions must be a whole number of at least 1, not 0."),
        ({"new": 1, "in_stage": -1}, "Current trainees must be a whole number of at least 0, not -1."),
        ({"new": 1, "in_stage": 3, "total": 2}, "Trainees in all stages must be at least the 3 in the stage, not 2."),
        ({"new": 1, "staff": 0}, "Full-time staff must be a whole number of at least 1, not 0."),
    ],
    ids=["no-positions", "negative-trainees", "fewer-in-total-than-in-stage", "no-staff"],
)
def test_a_check_with_impossible_counts_is_refused_as_bad_input(arguments: dict[str, int], message: str) -> None:
    with pytest.raises(RuleInputError) as refused:
        _check(**arguments)  # type: ignore[arg-type]

    assert str(refused.value) == message
