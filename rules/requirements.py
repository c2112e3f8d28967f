"""Programme requirements that each sending programme sets for itself (domain
README §6), such as its age range: the figures come from the caller."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop as _

from rules import inputs
from rules.answers import Answer, Check, Figure, Message, RuleInputError, verdict


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on ``day``: one more on each birthday (29 February
    birthdays count from 1 March in other years)."""
    if day < birth_date:
        raise RuleInputError(Message(_("The birth date %(birth)s is after %(day)s."), birth=birth_date, day=day))
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def age_within(*, birth_date: datetime.date, on: datetime.date, min_age: int, max_age: int | None) -> Answer[bool]:
    """Whether the age on ``on`` is within a programme's range (both ends
    included; no upper end when ``max_age`` is None)."""
    lowest = inputs.whole_number(
        min_age, minimum=0, msgid=_("A minimum age must be a whole number of at least %(minimum)s, not %(value)s.")
    )
    highest = None
    if max_age is not None:
        highest = inputs.whole_number(
            max_age,
            minimum=lowest,
            msgid=_("A maximum age must be a whole number of at least the minimum %(minimum)s, not %(value)s."),
        )
    age = age_on(birth_date, on)
    figures: dict[str, Figure] = {"age": age, "on": on, "min": lowest}
    if age < lowest:
        check = Check("min_age", False, Message(_("age %(age)s on %(on)s, below the programme's %(min)s"), **figures))
    elif highest is not None and age > highest:
        check = Check(
            "max_age", False, Message(_("age %(age)s on %(on)s, above the programme's %(max)s"), max=highest, **figures)
        )
    elif highest is not None:
        check = Check(
            "max_age",
            True,
            Message(_("age %(age)s on %(on)s, within the programme's %(min)s–%(max)s"), max=highest, **figures),
        )
    else:
        check = Check("min_age", True, Message(_("age %(age)s on %(on)s, at least the programme's %(min)s"), **figures))
    return verdict((check,), rule=None)
