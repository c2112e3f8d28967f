"""The form that registers an endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationQuerySet
from webhooks.models import SUBSCRIBABLE, url_problem


class EndpointForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), empty_label=None
    )
    url = forms.CharField(
        label=_("Endpoint URL"),
        max_length=500,
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_("Where the events are sent, starting with https://, e.g. https://partner.example/jembatan/events."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(kind.value, kind.label) for kind in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args: Any, organizations: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = organizations

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"]).strip()
        problem = url_problem(url)
        if problem is not None:
            raise forms.ValidationError(problem)
        return url
