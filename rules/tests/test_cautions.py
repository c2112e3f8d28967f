"""A figure the rule data marks unverified is never shown without a caution:
every answer whose explanation rests on such a figure says so, and answers
that do not rest on it say nothing."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from typing import Any

import pytest

from rules import (
    Answer,
    EsdParameters,
    Family,
    Programme,
    SswParameters,
    Stage,
    TitpQuotaParameters,
    TitpStageParameters,
    WageParameters,
    check_monthly_wage,
    default_rule_book,
    esd_entry_language,
    esd_fee_within_cap,
    esd_transfer_allowed,
    programme_open,
    read_version,
    ssw_i_eligibility,
    titp_quota_check,
    titp_stage_end,
    titp_stage_move,
    titp_within_total_limit,
    titp_yearly_quota,
)
from rules.tests.conftest import DAY
from rules.versions import RuleVersion

I, II, III = Stage.I, Stage.II, Stage.III  # noqa: E741 - the stages' own names
CAUTION = "caution: rule version {label} marks {figure} as unverified; check it against the official source"


def _marked(family: Family, kind: type[Any], *names: str) -> RuleVersion[Any]:
    """The packaged version of ``family`` with exactly ``names`` marked unverified."""
    data = copy.deepcopy(getattr(default_rule_book(), family.value)[0].to_dict())
    data["label"] = "test-marked"
    for name, entry in data["parameters"].items():
        entry["unverified"] = name in names
    return read_version(data, family=family, kind=kind)


def _cautions(answer: Answer[Any]) -> list[str]:
    return [str(message) for message in answer.explanation if str(message).startswith("caution:")]


def test_it_cautions_when_the_unverified_cap_decides_the_quota() -> None:
    answer = titp_yearly_quota(full_time_staff=2, excellent=False, stage=I, on=DAY)

    assert answer.value == 2
    assert _cautions(answer) == [CAUTION.format(label="2026-initial", figure="the cap by full-time staff")]


def test_it_cautions_when_the_unverified_cap_refuses_positions() -> None:
    answer = titp_quota_check(
        full_time_staff=2,
        excellent=True,
        stage=I,
        new_positions=3,
        current_trainees_in_stage=0,
        construction=False,
        current_trainees_total=0,
        on=DAY,
    )

    assert answer.refused_by == ("caps",)
    assert _cautions(answer) == [CAUTION.format(label="2026-initial", figure="the cap by full-time staff")]


def test_it_says_nothing_of_the_cap_when_the_cap_does_not_decide() -> None:
    assert _cautions(titp_yearly_quota(full_time_staff=25, excellent=False, stage=I, on=DAY)) == []


QUOTA = _marked(Family.TITP_QUOTA, TitpQuotaParameters, "bands", "multipliers_excellent", "construction_total_cap")


def test_it_cautions_once_for_each_unverified_figure_a_quota_rests_on() -> None:
    answer = titp_quota_check(
        full_time_staff=25,
        excellent=True,
        stage=II,
        new_positions=1,
        current_trainees_in_stage=0,
        construction=True,
        current_trainees_total=0,
        version=QUOTA,
    )

    assert _cautions(answer) == [
        CAUTION.format(label="test-marked", figure="the basic quota by full-time staff"),
        CAUTION.format(
            label="test-marked", figure="the multipliers for an excellent supervising organization and company"
        ),
        CAUTION.format(label="test-marked", figure="the construction limit"),
    ]


def test_it_leaves_out_the_unverified_figures_an_answer_does_not_use() -> None:
    answer = titp_quota_check(
        full_time_staff=25,
        excellent=False,
        stage=I,
        new_positions=1,
        current_trainees_in_stage=0,
        construction=False,
        current_trainees_total=0,
        version=QUOTA,
    )

    assert _cautions(answer) == [CAUTION.format(label="test-marked", figure="the basic quota by full-time staff")]


STAGES = _marked(Family.TITP_STAGES, TitpStageParameters, *TitpStageParameters.__dataclass_fields__)
SSW = _marked(Family.SSW, SswParameters, "japanese_minimum")
ESD = _marked(Family.ESD, EsdParameters, *EsdParameters.__dataclass_fields__)
WAGES = _marked(Family.WAGES, WageParameters, "monthly_minimum")

# Each rule function, asked with a version whose figures are all marked, and
# the figures its answer must caution about.
ASKED: dict[str, tuple[Callable[[], Answer[Any]], list[str]]] = {
    "stage end": (
        lambda: titp_stage_end(started_on=datetime.date(2026, 4, 1), stage=I, version=STAGES),
        ["the length of each stage"],
    ),
    "total limit": (
        lambda: titp_within_total_limit(months_completed=12, months_planned=24, version=STAGES),
        ["TITP's total length"],
    ),
    "move to stage ii": (
        lambda: titp_stage_move(
            from_stage=I,
            to_stage=II,
            passed_test=True,
            job_category_max_stage=3,
            supervising_organization_excellent=False,
            company_excellent=False,
            home_return_left_on=None,
            home_return_back_on=None,
            version=STAGES,
        ),
        ["the tests for moving on to the next stage"],
    ),
    "move to stage iii": (
        lambda: titp_stage_move(
            from_stage=II,
            to_stage=III,
            passed_test=True,
            job_category_max_stage=3,
            supervising_organization_excellent=True,
            company_excellent=True,
            home_return_left_on=datetime.date(2026, 1, 10),
            home_return_back_on=datetime.date(2026, 3, 10),
            version=STAGES,
        ),
        ["the tests for moving on to the next stage", "the shortest home return", "the longest home return"],
    ),
    "SSW i": (
        lambda: ssw_i_eligibility(
            skill_test_passed=True,
            japanese_rank=20,
            completed_titp_ii=False,
            titp_category_in_field=False,
            version=SSW,
        ),
        ["SSW i's Japanese level"],
    ),
    "TITP open": (
        lambda: programme_open(programme=Programme.TITP, starts_on=datetime.date(2026, 10, 1), version=ESD),
        ["ESD's start date"],
    ),
    "SSW open": (
        lambda: programme_open(programme=Programme.SSW, starts_on=datetime.date(2026, 10, 1), version=ESD),
        [],
    ),
    "ESD language": (
        lambda: esd_entry_language(japanese_rank=None, planned_lesson_hours=100, version=ESD),
        ["ESD's Japanese level at entry", "ESD's lesson hours after arrival"],
    ),
    "ESD fee": (
        lambda: esd_fee_within_cap(fee_jpy=100_000, monthly_wage_jpy=200_000, version=ESD),
        ["ESD's fee cap"],
    ),
    "ESD transfer": (
        lambda: esd_transfer_allowed(
            months_with_employer=12,
            field_minimum_months=12,
            abuse_or_unpaid_wages=False,
            same_work_category=True,
            passed_skill_test=True,
            passed_japanese_test=True,
            version=ESD,
        ),
        ["the shortest time before a change of employer", "the longest time before a change of employer"],
    ),
    "wage": (
        lambda: check_monthly_wage(amount=185_000, currency="JPY", version=WAGES),
        ["the lowest plausible monthly wage"],
    ),
}


@pytest.mark.parametrize("asked", ASKED.values(), ids=ASKED.keys())
def test_every_rule_cautions_about_the_unverified_figures_it_rests_on(
    asked: tuple[Callable[[], Answer[Any]], list[str]],
) -> None:
    ask, figures = asked

    assert _cautions(ask()) == [CAUTION.format(label="test-marked", figure=figure) for figure in figures]
