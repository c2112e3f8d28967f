"""Forms of the safety check pages. They read what was typed into its
types; whether it may be done (the check open, the answer allowed) is
protection.actions.safety's to say, and the view puts its refusal at the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from protection.actions.safety import Answer
from protection.models import SafetyAnswer
from reference.models import Prefecture

_YES_NO = (("yes", _("yes")), ("no", _("no")))
_LEARNED = (("", _("nothing new")), *SafetyAnswer.choices)


class OpenCheckForm(forms.Form):
    event = forms.CharField(
        label=_("Event"),
        max_length=200,
        help_text=_("What happened and when, as the workers will read it, e.g. “the earthquake of 6 December”."),
    )
    prefectures = forms.ModelMultipleChoiceField(
        label=_("Prefectures struck"),
        queryset=Prefecture.objects.order_by("jis_code"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone working in these prefectures now is asked."),
    )


class AnswerForm(forms.Form):
    """Two buttons (safe / need help) carry the answer; the words are optional."""

    answer = forms.ChoiceField(label=_("Are you safe?"), choices=SafetyAnswer.choices)
    message = forms.CharField(
        label=_("Message (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    whereabouts = forms.CharField(
        label=_("Where are you now? (optional)"),
        required=False,
        max_length=300,
        help_text=_("e.g. the company dormitory, a shelter, a hospital."),
    )

    def details(self) -> Answer:
        data = self.cleaned_data
        return Answer(SafetyAnswer(data["answer"]), message=data["message"], whereabouts=data["whereabouts"])


class FollowUpForm(forms.Form):
    reached = forms.ChoiceField(label=_("Did you reach the worker?"), choices=_YES_NO, widget=forms.RadioSelect)
    learned = forms.ChoiceField(
        label=_("Their answer, as the call heard it"), choices=_LEARNED, required=False, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What was said or done"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reached"].widget.attrs["aria-required"] = "true"

    @property
    def reached_worker(self) -> bool:
        return bool(self.cleaned_data["reached"] == "yes")

    def answer(self) -> Answer | None:
        learned = self.cleaned_data["learned"]
        return Answer(SafetyAnswer(learned)) if learned else None
