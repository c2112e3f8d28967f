from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import CorrectableField, RetentionException

PDF_LANGUAGES = {"id": "Bahasa Indonesia", "en": "English", "ja": "日本語"}


class ConsentForm(forms.Form):
    """Give or withdraw: the button pressed says which."""

    given = forms.TypedChoiceField(
        choices=[("yes", _("give")), ("no", _("withdraw"))], coerce=lambda value: value == "yes"
    )


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=CorrectableField.choices)
    value = forms.CharField(label=_("What it should say"), max_length=500)
    reason = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: my name is spelt wrongly; I moved house."),
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("I understand that my data cannot be restored once it is erased."), required=True
    )


class CorrectionDecisionForm(forms.Form):
    """Accept or reject, by the button pressed; a rejection needs its reason."""

    accept = forms.TypedChoiceField(
        choices=[("yes", _("accept")), ("no", _("reject"))], coerce=lambda value: value == "yes"
    )
    decision = forms.CharField(
        label=_("Reason (the participant reads it; required to reject)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ErasureDecisionForm(forms.Form):
    anonymize = forms.TypedChoiceField(
        choices=[("yes", _("anonymize")), ("no", _("refuse"))], coerce=lambda value: value == "yes"
    )
    exceptions = forms.TypedMultipleChoiceField(
        label=_("Retention exceptions that keep the data"),
        choices=RetentionException.choices,
        coerce=RetentionException,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.CharField(
        label=_("Reason (the participant reads it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
