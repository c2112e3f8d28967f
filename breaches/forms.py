"""Forms of the breach register. They check what a form can (types, required
fields, the organizations offered); the rules about moments (found before
now, told after found) are the actions', whose refusals the views put next
to the field they concern."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from breaches.actions import BreachDetails, NotificationDetails
from breaches.models import Audience, Channel, DataKind

# Typed on the ministry's clock (TIME_ZONE): Django reads the naive value there
# and the action receives it aware.
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
_WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
_NUMBER = {"inputmode": "numeric"}


class OrganizationChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class BreachForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Reported for"), queryset=Organization.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("What happened, in a line"),
        max_length=200,
        help_text=_("For example: a laptop with the participant list was stolen from the office."),
    )
    description = forms.CharField(
        label=_("What happened and how"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How the data were exposed, to whom, and how it was found. Name no participant here."),
    )
    measures = forms.CharField(
        label=_("What is being done to contain it and recover"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    found_at = forms.DateTimeField(
        label=_("When it was found"),
        widget=_WHEN,
        input_formats=_WHEN_FORMATS,
        help_text=_("The 3 × 24 hours to tell the people and the authority run from this moment."),
    )
    occurred_at = forms.DateTimeField(
        label=_("When it happened, if known"), required=False, widget=_WHEN, input_formats=_WHEN_FORMATS
    )
    subjects_count = forms.IntegerField(
        label=_("Number of people whose data it is"),
        min_value=1,
        max_value=100_000_000,
        widget=forms.NumberInput(_NUMBER),
    )
    count_is_estimate = forms.BooleanField(label=_("The number is an estimate"), required=False)
    data_kinds = forms.TypedMultipleChoiceField(
        label=_("Kinds of data"),
        choices=DataKind.choices,
        coerce=DataKind,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one kind of data.")},
    )
    organizations = OrganizationChoices(
        label=_("Whose participants"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The training centres and LPK/SOs whose participants' data were exposed."),
    )

    def __init__(self, *args: Any, reporters: list[Organization], holders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reporter: Any = self.fields["organization"]
        reporter.queryset = Organization.objects.filter(pk__in=[org.pk for org in reporters]).order_by("name")
        whose: Any = self.fields["organizations"]
        whose.queryset = holders

    def details(self) -> BreachDetails:
        data = self.cleaned_data
        return BreachDetails(
            title=data["title"],
            description=data["description"],
            measures=data["measures"],
            occurred_at=data["occurred_at"],
            found_at=data["found_at"],
            subjects_count=data["subjects_count"],
            count_is_estimate=data["count_is_estimate"],
            data_kinds=list(data["data_kinds"]),
            organizations=list(data["organizations"]),
        )


class NotificationForm(forms.Form):
    audience = forms.TypedChoiceField(
        label=_("Who was told"), choices=Audience.choices, coerce=Audience, widget=forms.RadioSelect
    )
    told_at = forms.DateTimeField(label=_("When"), widget=_WHEN, input_formats=_WHEN_FORMATS)
    channel = forms.TypedChoiceField(label=_("How"), choices=Channel.choices, coerce=Channel)
    recipients = forms.CharField(
        label=_("Who exactly"),
        max_length=300,
        help_text=_("For example: the 412 participants of LPK Karya Nusantara, by text message."),
    )
    reference = forms.CharField(label=_("Letter or message number"), max_length=100, required=False)

    def details(self) -> NotificationDetails:
        data = self.cleaned_data
        return NotificationDetails(
            audience=data["audience"],
            told_at=data["told_at"],
            channel=data["channel"],
            recipients=data["recipients"],
            reference=data["reference"],
        )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Why"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
