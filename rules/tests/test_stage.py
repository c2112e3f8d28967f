"""Stages are named as whole words in every sentence ("stage ii", which
Japanese translates as 2号), never as a bare "ii" inside a sentence that adds
its own word for stage: that is how Japanese came to read "ii号"."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

from rules import (
    Answer,
    Message,
    Stage,
    titp_quota_check,
    titp_stage_end,
    titp_stage_move,
    titp_yearly_quota,
)
from rules.tests.conftest import DAY

BARE_CODES = {"i", "ii", "iii"}


def _figures(message: Message) -> list[Any]:
    found: list[Any] = []
    for _name, value in message.params:
        found.append(value)
        if isinstance(value, Message):
            found += _figures(value)
    return found


def _answers() -> list[Answer[Any]]:
    answers: list[Answer[Any]] = []
    for stage, excellent, staff in itertools.product(Stage, (False, True), (2, 25, 400)):
        answers.append(titp_yearly_quota(full_time_staff=staff, excellent=excellent, stage=stage, on=DAY))
        for new in (1, 50):
            answers.append(
                titp_quota_check(
                    full_time_staff=staff,
                    excellent=excellent,
                    stage=stage,
                    new_positions=new,
                    current_trainees_in_stage=1,
                    construction=True,
                    current_trainees_total=1,
                    on=DAY,
                )
            )
        answers.append(titp_stage_end(started_on=datetime.date(2026, 4, 1), stage=stage, on=DAY))
    for start, target, max_stage in itertools.product(Stage, Stage, (2, 3)):
        answers.append(
            titp_stage_move(
                from_stage=start,
                to_stage=target,
                passed_test=False,
                job_category_max_stage=max_stage,
                supervising_organization_excellent=False,
                company_excellent=False,
                home_return_left_on=None,
                home_return_back_on=None,
                on=DAY,
            )
        )
    return answers


def test_no_explanation_names_a_stage_by_its_bare_code() -> None:
    for answer in _answers():
        for message in answer.explanation:
            bare = [value for value in _figures(message) if isinstance(value, str) and value in BARE_CODES]
            assert not bare, f"{message.msgid!r} names a stage as {bare}"


@pytest.mark.parametrize(("stage", "name"), [(Stage.I, "stage i"), (Stage.II, "stage ii"), (Stage.III, "stage iii")])
def test_a_stage_is_named_as_a_whole_word(stage: Stage, name: str) -> None:
    assert stage.named == Message(name)
    assert str(stage.named) == name
