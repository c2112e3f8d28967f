from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. the system that will use it.")
    )
    expires_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The token stops working after this day. Leave empty for no end."),
    )


class RevokeForm(forms.Form):
    # Revoking cannot be undone: the first click asks, the confirmed second one revokes.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]
