"""The education and work history page: two tables of rows edited and saved
together (participants.actions.save_background), as the résumé's 学歴・職歴
shows them. Split from forms.py by topic."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django import forms
from django.forms.formsets import BaseFormSet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants import actions
from participants.models import Education, Participant, SchoolLevel, SchoolOutcome, WorkExperience

# Enough for anyone's schooling and earlier jobs; a longer list is a mistake
# (a file pasted into the page), refused rather than stored.
MAX_ROWS = 12


class MonthField(forms.DateField):
    """A month (the browser's month picker, or 2020-06 / 06/2020 typed),
    kept as the month's first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y", "%m-%Y"]
    default_error_messages = {"invalid": _("Enter a month as year and month, e.g. 2020-06.")}


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


class _PeriodForm(forms.Form):
    """A row with a start month and an end month, checked against the
    person's date of birth and today."""

    def __init__(self, *args: Any, birth_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.birth_date = birth_date

    def _check_period(self, cleaned: dict[str, Any]) -> None:
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        for field, month in (("started_on", started), ("ended_on", ended)):
            if month is not None and month > _this_month():
                self.add_error(field, forms.ValidationError(_("This month has not come yet."), code="future"))
        if started is not None and started < self.birth_date.replace(day=1):
            self.add_error(
                "started_on", forms.ValidationError(_("This is before the date of birth."), code="before_birth")
            )
        if started is not None and ended is not None and ended < started:
            self.add_error("ended_on", forms.ValidationError(_("This month is before the start."), code="before_start"))


class EducationForm(_PeriodForm):
    level = forms.ChoiceField(
        label=pgettext_lazy("schooling", "level"), choices=[("", "---------"), *SchoolLevel.choices]
    )
    school = forms.CharField(label=_("school"), max_length=150, help_text=_("e.g. SMK Negeri 1 Bekasi"))
    major = forms.CharField(label=_("major or department"), max_length=100, required=False)
    started_on = MonthField(label=_("from (month)"))
    ended_on = MonthField(label=_("until (month)"), required=False, help_text=_("Empty while still studying."))
    outcome = forms.ChoiceField(label=_("outcome"), choices=[("", "---------"), *SchoolOutcome.choices])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_period(cleaned)
        studying = cleaned.get("outcome") == SchoolOutcome.STUDYING
        if studying and cleaned.get("ended_on") is not None:
            self.add_error("ended_on", _("Leave this empty for someone still studying there."))
        elif cleaned.get("outcome") and not studying and "ended_on" in cleaned and cleaned["ended_on"] is None:
            self.add_error("ended_on", _("Give the month the person left this school."))
        return cleaned

    def details(self) -> actions.EducationDetails:
        data = self.cleaned_data
        return actions.EducationDetails(
            level=data["level"],
            school=data["school"],
            major=data["major"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            outcome=data["outcome"],
        )


class WorkForm(_PeriodForm):
    employer = forms.CharField(label=_("employer"), max_length=150)
    job = forms.CharField(
        label=_("job"), max_length=150, help_text=_("What the person did there, e.g. welder's assistant.")
    )
    started_on = MonthField(label=_("from (month)"))
    ended_on = MonthField(
        label=_("until (month)"), required=False, help_text=_("Empty if the person still works there.")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._check_period(cleaned)
        return cleaned

    def details(self) -> actions.WorkDetails:
        data = self.cleaned_data
        return actions.WorkDetails(
            employer=data["employer"], job=data["job"], started_on=data["started_on"], ended_on=data["ended_on"]
        )


_Row = TypeVar("_Row", EducationForm, WorkForm)

EducationFormSet = forms.formset_factory(EducationForm, extra=1, can_delete=True, max_num=MAX_ROWS, validate_max=True)
WorkFormSet = forms.formset_factory(WorkForm, extra=1, can_delete=True, max_num=MAX_ROWS, validate_max=True)


class FingerprintForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class BackgroundForms:
    """The page's two tables and the fingerprint of what they were loaded from."""

    def __init__(self, data: QueryDict | None, *, participant: Participant, fingerprint: str) -> None:
        rows = {"birth_date": participant.birth_date}
        education = [
            {name: getattr(row, name) for name in EducationForm.base_fields}
            for row in Education.objects.filter(participant=participant).order_by("started_on", "id")
        ]
        work = [
            {name: getattr(row, name) for name in WorkForm.base_fields}
            for row in WorkExperience.objects.filter(participant=participant).order_by("started_on", "id")
        ]
        self.education = EducationFormSet(data, prefix="education", initial=education, form_kwargs=rows)
        self.work = WorkFormSet(data, prefix="work", initial=work, form_kwargs=rows)
        self.meta = FingerprintForm(data, initial={"fingerprint": fingerprint})
        self.refusal = ""

    def is_valid(self) -> bool:
        # Every part, so that each shows its own errors.
        return all([self.education.is_valid(), self.work.is_valid(), self.meta.is_valid()])

    def refuse(self, message: str) -> None:
        self.refusal = message

    @property
    def fingerprint(self) -> str:
        return str(self.meta.cleaned_data["fingerprint"])

    def education_details(self) -> list[actions.EducationDetails]:
        return [form.details() for form in self._kept(self.education)]

    def work_details(self) -> list[actions.WorkDetails]:
        return [form.details() for form in self._kept(self.work)]

    @staticmethod
    def _kept(formset: BaseFormSet[_Row]) -> list[_Row]:
        """Rows neither ticked for removal nor left blank."""
        removed = set(map(id, formset.deleted_forms))
        return [form for form in formset.forms if form.cleaned_data and id(form) not in removed]
