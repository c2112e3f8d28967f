"""The monthly check-in, as the worker answers it on their phone: six short
questions with big yes/no choices and two numbers, then room for their own
words. Every question needs an answer; the numbers' limits are checked by
the action too (protection.actions.checkins)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from protection.actions.checkins import MOST_DAYS_OFF, MOST_HOURS_A_WEEK, CheckInAnswers

_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


def _number(label: StrOrPromise, *, most: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=most,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Give a number, 0 if none.")},
    )


class CheckInForm(forms.Form):
    wages_paid_in_full = _yes_no(_("Were your wages paid in full and on time?"))
    documents_in_own_hands = _yes_no(_("Are your passport and residence card in your own hands?"))
    hours_per_week = _number(_("How many hours do you work in a week?"), most=MOST_HOURS_A_WEEK)
    days_off_per_month = _number(_("How many days off did you have this month?"), most=MOST_DAYS_OFF)
    safe_at_work = _yes_no(_("Do you feel safe at work?"))
    safe_at_home = _yes_no(_("Do you feel safe where you live?"))
    anything_to_report = forms.CharField(
        label=_("Anything to report?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Your LPK/SO reads it. Write in your own language."),
    )

    def answers(self) -> CheckInAnswers:
        data: dict[str, Any] = self.cleaned_data
        return CheckInAnswers(**data)
