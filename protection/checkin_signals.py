"""Which monthly check-in answers signal a problem: the one place that rule
lives. Pure: plain values in, the problems found out, no database.

An answer signals a problem when the worker says their wages were not paid
in full and on time, that their passport or residence card is not in their
own hands, that they do not feel safe at work or at home, when they work
more hours or have fewer days off than Japanese labour law allows, or when
they wrote anything to report (they chose to tell us something: someone
reads it). A question left unanswered signals nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from protection.models.cases import Category

# Labour Standards Act art. 32 (40 hours a week) plus the general overtime
# cap of a 36 agreement (art. 36: 45 hours a month, about 10 a week): more
# than 50 hours a week, week after week, is beyond what the law allows.
MOST_HOURS_PER_WEEK = 50
# Art. 35: at least one day off a week, or four in four weeks.
FEWEST_DAYS_OFF_PER_MONTH = 4

# The case a signalling answer opens takes the first of its problems in this
# order: what puts the worker at risk first.
_PRIORITY = (
    Category.DOCUMENTS_WITHHELD,
    Category.UNSAFE_WORK,
    Category.WAGES,
    Category.OVERTIME,
    Category.HOUSING,
    Category.OTHER,
)


@dataclass(frozen=True, kw_only=True)
class Answers:
    wages_paid_in_full: bool | None
    documents_in_own_hands: bool | None
    hours_per_week: int | None
    days_off_per_month: int | None
    safe_at_work: bool | None
    safe_at_home: bool | None
    anything_to_report: str = ""


@dataclass(frozen=True)
class Signal:
    category: Category
    reason: StrOrPromise


def signals_of(answers: Answers) -> list[Signal]:
    """The problems these answers signal, most pressing first; empty when none."""
    said_no = [
        (answers.wages_paid_in_full, Category.WAGES, _("Wages were not paid in full and on time.")),
        (
            answers.documents_in_own_hands,
            Category.DOCUMENTS_WITHHELD,
            _("The passport or residence card is not in the worker's own hands."),
        ),
        (answers.safe_at_work, Category.UNSAFE_WORK, _("The worker does not feel safe at work.")),
        (answers.safe_at_home, Category.HOUSING, _("The worker does not feel safe at home.")),
    ]
    # "is False": an unanswered question (None) signals nothing.
    found = [Signal(category, reason) for answer, category, reason in said_no if answer is False]
    found += [
        signal
        for signal in (_too_many_hours(answers.hours_per_week), _too_few_days_off(answers.days_off_per_month))
        if signal is not None
    ]
    if answers.anything_to_report.strip():
        found.append(Signal(Category.OTHER, _("The worker wrote something to report.")))
    return sorted(found, key=lambda signal: _PRIORITY.index(signal.category))


def _too_many_hours(hours: int | None) -> Signal | None:
    if hours is None or hours <= MOST_HOURS_PER_WEEK:
        return None
    return Signal(
        Category.OVERTIME,
        _("%(hours)s hours of work a week: more than %(most)s.") % {"hours": hours, "most": MOST_HOURS_PER_WEEK},
    )


def _too_few_days_off(days: int | None) -> Signal | None:
    if days is None or days >= FEWEST_DAYS_OFF_PER_MONTH:
        return None
    return Signal(
        Category.OVERTIME,
        _("%(days)s days off this month: fewer than %(fewest)s.") % {"days": days, "fewest": FEWEST_DAYS_OFF_PER_MONTH},
    )


def case_category(signals: list[Signal]) -> Category:
    """The category of the case the signals open: the most pressing one."""
    return signals[0].category
