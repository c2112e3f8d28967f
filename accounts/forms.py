"""Forms of signing in beyond Django's own: the second factor's code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        # Apps show the six digits in two groups of three; a pasted code may keep the space.
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=9,
        error_messages={"invalid": _("Type the six digits your authenticator app shows.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def token(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())
