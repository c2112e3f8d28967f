from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import ENGINE_FIELDS, ScoreWeights


class WeightsForm(forms.ModelForm[ScoreWeights]):
    class Meta:
        model = ScoreWeights
        fields = [*ENGINE_FIELDS, "note"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weights = [cleaned.get(name) or 0 for name in ENGINE_FIELDS[:6]]
        if not any(weights):
            raise forms.ValidationError(_("At least one part of the score needs a weight above zero."))
        return cleaned

    def values(self) -> dict[str, int]:
        return {name: int(self.cleaned_data[name]) for name in ENGINE_FIELDS}


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("Why take this candidate off?"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # Publishing shows the candidates to the Japanese side and cannot be taken
    # back: the first click asks, the confirmed second one publishes.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]
