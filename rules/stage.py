"""The stages of technical intern training."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """A TITP stage (技能実習 1号, 2号, 3号)."""

    I = "i"  # noqa: E741 - the stage's own name
    II = "ii"
    III = "iii"

    @property
    def number(self) -> int:
        return _STAGE_NUMBERS[self]

    @classmethod
    def numbered(cls, number: int) -> Stage:
        return next(stage for stage, stage_number in _STAGE_NUMBERS.items() if stage_number == number)


_STAGE_NUMBERS = {Stage.I: 1, Stage.II: 2, Stage.III: 3}
