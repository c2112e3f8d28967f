"""Recording an incident of a placement. One form for every kind: the
action (protection.actions.incidents) says which fields a kind needs and
puts each refusal next to its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from protection.actions.incidents import IncidentDetails
from protection.models import IncidentKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IncidentForm(forms.Form):
    kind = forms.TypedChoiceField(
        label=_("What happened"), choices=IncidentKind.choices, coerce=IncidentKind, widget=forms.RadioSelect
    )
    occurred_on = forms.DateField(
        label=_("Day"),
        required=False,
        widget=_DATE,
        help_text=_("The day it happened; for a disappearance the day the worker went missing."),
    )
    description = forms.CharField(
        label=_("What is known"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    in_hospital = forms.NullBooleanField(
        label=_("Taken to hospital"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    last_contact_on = forms.DateField(
        label=_("Disappearance: last contact"),
        required=False,
        widget=_DATE,
        help_text=_("The last day anyone reached the worker; the day they went missing if left empty."),
    )

    def details(self) -> IncidentDetails:
        data = self.cleaned_data
        return IncidentDetails(
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            description=data["description"],
            in_hospital=data["in_hospital"],
            last_contact_on=data["last_contact_on"],
        )
