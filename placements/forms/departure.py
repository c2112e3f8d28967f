"""Forms of the departure pages. They read what was typed into its types
(dates, whole numbers, text); what the entry means (formats, dates in order,
the COE's issue against the flight) is checked by the action, whose refusal
the view puts next to the fields, so the page and any other caller apply
one set of rules."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.models import Participant, ParticipantQuerySet
from placements.actions.departure import CohortDetails
from placements.gate_items import SPECS, GateEntry
from reference.models import GateItem

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Short codes typed on a phone: capitals offered first, no autocorrection.
_CODE = forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})


def _field(name: str, label: StrOrPromise) -> forms.Field:
    match name:
        case "applied_on" | "done_on" | "valid_until":
            return forms.DateField(label=label, required=False, widget=_DATE)
        case "hours":
            return forms.IntegerField(label=label, required=False, min_value=0, max_value=1000)
        case "exempt":
            return forms.BooleanField(label=label, required=False)
        case "note":
            return forms.CharField(label=label, required=False, max_length=300)
        case "route_from" | "route_to" | "flight_number":
            return forms.CharField(label=label, required=False, max_length=12, widget=_CODE)
        case _:
            return forms.CharField(label=label, required=False, max_length=60, widget=_CODE)


class GateItemForm(forms.Form):
    """The fields of one gate item, labelled for it (placements.gate_items.SPECS)."""

    def __init__(self, *args: Any, item: GateItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        for name, label in SPECS[item].labels.items():
            self.fields[name] = _field(name, label)
            if name in SPECS[item].required:
                # Marked for the reader; the action refuses the entry without it.
                self.fields[name].widget.attrs["aria-required"] = "true"

    def entry(self) -> GateEntry:
        values = {name: value for name, value in self.cleaned_data.items() if value is not None}
        return dataclasses.replace(GateEntry(), **values)


class CohortForm(forms.Form):
    flight_date = forms.DateField(label=_("Flight date"), widget=_DATE)
    flight_number = forms.CharField(label=_("Flight number"), max_length=12, widget=_CODE, help_text=_("e.g. GA 874"))
    route_from = forms.CharField(
        label=_("From (airport)"), max_length=12, widget=_CODE, help_text=_("Three-letter code, e.g. CGK")
    )
    route_to = forms.CharField(
        label=_("To (airport)"), max_length=12, widget=_CODE, help_text=_("Three-letter code, e.g. SDJ for Sendai")
    )
    escort = forms.CharField(label=_("Escort"), max_length=150, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def details(self) -> CohortDetails:
        data = self.cleaned_data
        return CohortDetails(
            flight_date=data["flight_date"],
            flight_number=data["flight_number"],
            route_from=data["route_from"],
            route_to=data["route_to"],
            escort=data["escort"],
        )


class AddMembersForm(forms.Form):
    participants: forms.ModelMultipleChoiceField[Participant] = forms.ModelMultipleChoiceField(
        label=_("Participants preparing to depart"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one participant.")},
    )

    def __init__(self, *args: Any, visible: ParticipantQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = visible  # type: ignore[attr-defined]


class DepartForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Marking departed moves everyone and cannot be taken back: the first
    # click asks, the confirmed second one moves.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]
