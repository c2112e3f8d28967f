"""A caution on every answer that rests on a figure the rule data marks
unverified (``unverified = true`` in rules/data/rule_versions.toml, or in an
administrator's version): the reader must know the figure may be wrong."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

from django.utils.translation import gettext_noop as _

from rules.answers import Answer, Message
from rules.versions import RuleVersion

T = TypeVar("T")

# What each parameter is, as a caution names it.
FIGURES = {
    "bands": _("the basic quota by full-time staff"),
    "above_divisor": _("the basic quota above the last band"),
    "multipliers_normal": _("the multipliers when the supervising organization and company are not both excellent"),
    "multipliers_excellent": _("the multipliers for an excellent supervising organization and company"),
    "caps": _("the cap by full-time staff"),
    "construction_total_cap": _("the construction limit"),
    "own_tables": _("the job categories with a quota table of their own"),
    "stage_months": _("the length of each stage"),
    "total_months": _("TITP's total length"),
    "home_return_min_months": _("the shortest home return"),
    "home_return_max_months": _("the longest home return"),
    "move_tests": _("the tests for moving on to the next stage"),
    "japanese_minimum": _("SSW i's Japanese level"),
    "titp_categories_by_field": _("the TITP to SSW mapping"),
    "starts_on": _("ESD's start date"),
    "entry_japanese_minimum": _("ESD's Japanese level at entry"),
    "entry_lesson_hours": _("ESD's lesson hours after arrival"),
    "fee_cap_months": _("ESD's fee cap"),
    "transfer_months_shortest": _("the shortest time before a change of employer"),
    "transfer_months_longest": _("the longest time before a change of employer"),
    "transfer_cost_plan_months": _("the sharing of the first employer's costs on a change of employer"),
    "currency": _("the wage currency"),
    "monthly_minimum": _("the lowest plausible monthly wage"),
    "monthly_maximum": _("the highest plausible monthly wage"),
    "titp_minimum_age": _("TITP's minimum age"),
    "ssw_minimum_age": _("SSW's minimum age"),
    "esd_minimum_age": _("ESD's minimum age"),
}


def caution(version: RuleVersion[Any], parameter: str) -> Message:
    return Message(
        _("caution: rule version %(label)s marks %(figure)s as unverified; check it against the official source"),
        figure=Message(FIGURES.get(parameter, parameter)),
        label=version.label,
    )


def cautioned(answer: Answer[T], version: RuleVersion[Any], used: Iterable[str]) -> Answer[T]:
    """``answer`` with a caution after its explanation for each parameter in
    ``used`` (those its explanation rests on) that ``version`` marks unverified."""
    marked = [name for name in dict.fromkeys(used) if name in version.unverified]
    if not marked:
        return answer
    cautions = tuple(caution(version, name) for name in marked)
    return dataclasses.replace(answer, explanation=(*answer.explanation, *cautions))
