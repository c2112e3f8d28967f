"""Checks of the values callers pass in: a wrong value is a RuleInputError
whose translatable message says what was expected, never a wrong answer."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from rules.answers import Message, RuleInputError
from rules.stage import Stage


def whole_number(value: object, *, minimum: int, msgid: str) -> int:
    """``value`` as a count of at least ``minimum``; ``msgid`` is the whole
    sentence to refuse it with, with %(value)s and %(minimum)s in it."""
    # bool is an int in Python, but True is never a count.
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RuleInputError(Message(msgid, value=str(value), minimum=minimum))
    return value


def full_time_staff(value: object) -> int:
    return whole_number(
        value, minimum=1, msgid=_("Full-time staff must be a whole number of at least %(minimum)s, not %(value)s.")
    )


def stage(value: object) -> Stage:
    if isinstance(value, str) and value in tuple(Stage):
        return Stage(value)
    raise RuleInputError(
        Message(_("There is no TITP stage %(value)s; the stages are i, ii and iii."), value=str(value))
    )


def japanese_rank(value: object) -> int | None:
    """A rank of reference/data/language_tests.csv, or None for no result."""
    if value is None:
        return None
    return whole_number(
        value, minimum=1, msgid=_("A Japanese level rank is a whole number of at least %(minimum)s, not %(value)s.")
    )
