"""Forms of the duty pages: a monthly visit or an audit of a company, a
regular interview of a worker, a quarterly report. They read what was typed
into its types; what it means (no day in the future, findings with an
instruction, a quarter reported after it ends) is checked by the action,
whose refusal the view puts next to the fields."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from placements.actions import duties
from placements.deadlines.dates import add_months, quarter_end, quarter_start
from placements.models import AuditOutcome, Placement

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 4})
# Quarters offered for a report: the last ended ones, newest first.
QUARTERS_OFFERED = 4


class CompanyChoiceField(forms.ModelChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.local_name


class WorkerChoiceField(forms.ModelChoiceField[Placement]):
    def label_from_instance(self, obj: Placement) -> str:
        # Japanese brackets its aside with full-width parentheses: a translated pattern, not an f-string.
        return gettext("%(worker)s (%(employer)s)") % {
            "worker": obj.participant.full_name,
            "employer": obj.company.local_name,
        }


class DutyForm(forms.Form):
    """A duty form: the company or worker is chosen from ``choices`` (what the
    user may record for); ``details`` is what the action takes."""

    subject_field = "company"

    def __init__(self, *args: Any, choices: QuerySet[Any], today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.subject_field].queryset = choices  # type: ignore[attr-defined]
        self.today = today

    @property
    def subject(self) -> Any:
        return self.cleaned_data[self.subject_field]

    def details(self) -> Any:
        raise NotImplementedError


class VisitForm(DutyForm):
    company = CompanyChoiceField(label=_("Implementing organization"), queryset=Organization.objects.none())
    visited_on = forms.DateField(label=_("Visited on"), widget=_DATE)
    visitor = forms.CharField(label=_("Visited by"), max_length=100)
    checked = forms.CharField(
        label=_("What was checked"),
        widget=_TEXT,
        help_text=_("E.g. the training diary, working hours and the lodging, against the certified plan."),
    )
    notes = forms.CharField(label=_("Notes"), widget=_TEXT, required=False)

    def details(self) -> duties.VisitDetails:
        data = self.cleaned_data
        return duties.VisitDetails(
            visited_on=data["visited_on"], visitor=data["visitor"], checked=data["checked"], notes=data["notes"]
        )


class AuditForm(DutyForm):
    company = CompanyChoiceField(label=_("Implementing organization"), queryset=Organization.objects.none())
    audited_on = forms.DateField(label=_("Audited on"), widget=_DATE)
    auditor = forms.CharField(label=_("Audited by"), max_length=100)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AuditOutcome.choices, widget=forms.RadioSelect)
    findings = forms.CharField(
        label=_("Findings"),
        widget=_TEXT,
        required=False,
        help_text=_("What the company must improve, and by when. Required when improvement is instructed."),
    )
    notes = forms.CharField(label=_("Notes"), widget=_TEXT, required=False)

    def details(self) -> duties.AuditDetails:
        data = self.cleaned_data
        return duties.AuditDetails(
            audited_on=data["audited_on"],
            auditor=data["auditor"],
            outcome=data["outcome"],
            findings=data["findings"],
            notes=data["notes"],
        )


class InterviewForm(DutyForm):
    placement = WorkerChoiceField(label=_("Worker"), queryset=Placement.objects.none())
    interviewed_on = forms.DateField(label=_("Interviewed on"), widget=_DATE)
    interviewer = forms.CharField(label=_("Interviewer"), max_length=100)
    supervisor = forms.CharField(
        label=_("Supervisor interviewed"),
        max_length=100,
        help_text=_("The worker's supervisor at the company is interviewed too."),
    )
    notes = forms.CharField(label=_("Notes"), widget=_TEXT, required=False)

    subject_field = "placement"

    def __init__(self, *args: Any, choices: QuerySet[Any], today: datetime.date, **kwargs: Any) -> None:
        ordered = choices.select_related("participant", "company").order_by("participant__full_name", "pk")
        super().__init__(*args, choices=ordered, today=today, **kwargs)

    def details(self) -> duties.InterviewDetails:
        data = self.cleaned_data
        return duties.InterviewDetails(
            interviewed_on=data["interviewed_on"],
            interviewer=data["interviewer"],
            supervisor=data["supervisor"],
            notes=data["notes"],
        )


def quarter_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The last ended quarters, newest first, as "1 April 2026 – 30 June 2026"."""
    latest = add_months(quarter_start(today), -3)
    starts = [add_months(latest, -3 * back) for back in range(QUARTERS_OFFERED)]
    return [
        (start.isoformat(), f"{date_format(start, 'DATE_FORMAT')} – {date_format(quarter_end(start), 'DATE_FORMAT')}")
        for start in starts
    ]


class ReportForm(DutyForm):
    company = CompanyChoiceField(label=_("Employer"), queryset=Organization.objects.none())
    quarter_start = forms.TypedChoiceField(
        label=_("Quarter"), coerce=datetime.date.fromisoformat, choices=[], empty_value=None
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=_DATE)
    reference = forms.CharField(label=_("Receipt number"), max_length=40, required=False)
    notes = forms.CharField(label=_("Notes"), widget=_TEXT, required=False)

    def __init__(self, *args: Any, choices: QuerySet[Any], today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, choices=choices, today=today, **kwargs)
        self.fields["quarter_start"].choices = quarter_choices(today)  # type: ignore[attr-defined]

    def details(self) -> duties.ReportDetails:
        data = self.cleaned_data
        return duties.ReportDetails(
            quarter_start=data["quarter_start"],
            filed_on=data["filed_on"],
            reference=data["reference"],
            notes=data["notes"],
        )
