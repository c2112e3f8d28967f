"""Forms of the return pages. They read what was typed into its types; what
it means (dates in order, a flight number's shape, answers that go together)
is checked by placements.actions.returns, whose refusal the view puts next
to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.actions.returns import FollowUpAnswers, ReturnDetails
from placements.models import IncomeBand, WantsSsw, Work

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_CODE = forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})
_YES_NO = (("yes", _("yes")), ("no", _("no")))


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Day of the flight home"), widget=_DATE)
    flight_number = forms.CharField(label=_("Flight number"), max_length=12, widget=_CODE, help_text=_("e.g. GA 875"))

    def details(self) -> ReturnDetails:
        return ReturnDetails(
            returned_on=self.cleaned_data["returned_on"], flight_number=self.cleaned_data["flight_number"]
        )


class FollowUpForm(forms.Form):
    """Big radio buttons, one question at a time: a returnee answers on a cheap phone."""

    contacted_on = forms.DateField(label=_("Date of these answers"), widget=_DATE)
    work = forms.ChoiceField(label=_("Are you working now?"), choices=Work.choices, widget=forms.RadioSelect)
    in_trade = forms.ChoiceField(
        label=_("Is the work in the trade you learned in Japan?"),
        choices=_YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Answer if you are working or run your own business."),
    )
    income_band = forms.ChoiceField(label=_("Monthly income"), choices=IncomeBand.choices, widget=forms.RadioSelect)
    wants_ssw = forms.ChoiceField(
        label=_("Do you want to go back to Japan as a specified skilled worker (SSW)?"),
        choices=WantsSsw.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("work", "income_band", "wants_ssw"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def answers(self) -> FollowUpAnswers:
        data = self.cleaned_data
        in_trade = {"yes": True, "no": False}.get(data["in_trade"])
        return FollowUpAnswers(
            contacted_on=data["contacted_on"],
            work=data["work"],
            in_trade=in_trade,
            income_band=data["income_band"],
            wants_ssw=data["wants_ssw"],
            note=data["note"],
        )
