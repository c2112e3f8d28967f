"""Forms of signing in beyond Django's own: the second factor's code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a username longer than a username can be before
    anything looks it up: Django sets the field's max_length without its validator, so
    a huge one reached authenticate() and django-axes, whose record of the failed
    attempt (255 characters) then failed on PostgreSQL (a 500, found by fuzzing)."""

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        # The same limit Django gives the field (and its maxlength attribute).
        if len(username) > (self.username_field.max_length or 254):
            raise self.get_invalid_login_error()
        return username
