"""Age and start-date requirements: the age range each sending programme or
job order sets for itself (domain README §6; the figures come from the
caller), the legal minimum age under each residence programme that no such
range may go below (the ``ages`` rule family), and a start date that has not
passed yet."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop as _

from rules import inputs
from rules.answers import Answer, Check, Figure, Message, RuleInputError, verdict
from rules.cautions import cautioned
from rules.esd import Programme, programme_named, programme_of
from rules.parameters import AgeParameters
from rules.versions import RuleBook, RuleVersion, choose


def _shelf(book: RuleBook) -> tuple[RuleVersion[AgeParameters], ...]:
    return book.ages


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


def legal_minimum_age(
    *,
    programme: Programme,
    min_age: int | None,
    on: datetime.date | None = None,
    version: RuleVersion[AgeParameters] | None = None,
) -> Answer[bool]:
    """Whether a minimum age a job order or a sending programme sets respects
    the law's for its residence programme: workers must be at least that old
    on the start date, whatever the order says. ``min_age`` None sets no
    minimum of its own, and the law's applies (``minimum_age_applied``)."""
    chosen = choose(version, on, _shelf)
    checked = programme_of(programme)
    named = programme_named(checked)
    legal = chosen.parameters.minimum_for(checked)
    lowest = None
    if min_age is not None:
        lowest = inputs.whole_number(
            min_age, minimum=0, msgid=_("A minimum age must be a whole number of at least %(minimum)s, not %(value)s.")
        )
    if legal is None:
        message = Message(_("%(programme)s sets no legal minimum age"), programme=named)
        return verdict((Check("minimum_age", True, message),), rule=chosen.ref)
    parameter, minimum = legal
    figures: dict[str, Figure] = {"programme": named, "minimum": minimum}
    if lowest is None:
        check = Check(
            parameter,
            True,
            Message(_("no minimum age given: %(programme)s's legal minimum of %(minimum)s applies"), **figures),
        )
    elif lowest < minimum:
        message = Message(
            _(
                "a minimum age of %(min_age)s is below %(programme)s's legal minimum of %(minimum)s: "
                "workers must be at least %(minimum)s on the start date"
            ),
            min_age=lowest,
            **figures,
        )
        check = Check(parameter, False, message)
    else:
        check = Check(
            parameter,
            True,
            Message(
                _("a minimum age of %(min_age)s, at least %(programme)s's legal minimum of %(minimum)s"),
                min_age=lowest,
                **figures,
            ),
        )
    return cautioned(verdict((check,), rule=chosen.ref), chosen, (parameter,))


def minimum_age_applied(*, programme: Programme, min_age: int | None, version: RuleVersion[AgeParameters]) -> int:
    """The youngest a worker may be for an order: its own minimum, and never
    below the law's for its programme (0 when neither sets one)."""
    legal = version.parameters.minimum_for(programme_of(programme))
    return max(min_age or 0, legal[1] if legal else 0)


def start_date_ahead(*, starts_on: datetime.date, today: datetime.date) -> Answer[bool]:
    """Whether a job order may still open on ``today``: its start date has not
    passed (a start today still may). It rests on the dates alone."""
    figures: dict[str, Figure] = {"starts_on": starts_on, "today": today}
    if starts_on < today:
        message = Message(
            _("the start date %(starts_on)s has passed (today is %(today)s): give the date the workers can start"),
            **figures,
        )
        return verdict((Check("start_date", False, message),), rule=None)
    message = Message(_("the start date %(starts_on)s has not passed (today is %(today)s)"), **figures)
    return verdict((Check("start_date", True, message),), rule=None)
