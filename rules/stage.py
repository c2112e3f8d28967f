"""The stages of technical intern training."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_noop as _

from rules.answers import Message


class Stage(StrEnum):
    """A TITP stage (技能実習 1号, 2号, 3号)."""

    I = "i"  # noqa: E741 - the stage's own name
    II = "ii"
    III = "iii"

    @property
    def number(self) -> int:
        return _STAGE_NUMBERS[self]

    @property
    def named(self) -> Message:
        """The stage as a sentence names it, in the reader's language: "stage
        ii" in English, "2号" in Japanese. A whole name rather than "stage" and
        a figure, so that Japanese never reads "ii号"."""
        return Message(_STAGE_NAMES[self])

    @classmethod
    def numbered(cls, number: int) -> Stage:
        return next(stage for stage, stage_number in _STAGE_NUMBERS.items() if stage_number == number)


_STAGE_NUMBERS = {Stage.I: 1, Stage.II: 2, Stage.III: 3}
_STAGE_NAMES = {Stage.I: _("stage i"), Stage.II: _("stage ii"), Stage.III: _("stage iii")}
