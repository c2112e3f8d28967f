"""Forms of interviews and offers. They check what a form can (types,
required fields); the rules (a time ahead, no overlap, scores in range, free
positions) are the actions', whose refusals the views put next to the field
they concern."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from joborders.models import InterviewMode
from matching.models import ShortlistEntry
from placements.actions import interviews as interview_actions
from placements.models import DEFAULT_MAXIMA, DefaultCriterion, InterviewCriterion, InterviewResult
from placements.zones import abbreviation

# Typed on the reader's own clock: the view activates their zone, so Django
# reads the naive value as a time there and the action receives it aware.
_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local", "step": 300}, format="%Y-%m-%dT%H:%M")
_NUMBER = {"inputmode": "numeric"}
MINUTES_CHOICES = [(minutes, minutes) for minutes in (15, 20, 30, 45, 60, 90, 120)]


class EntryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        participant = obj.participant
        name = (
            f"{participant.full_name} ({participant.name_katakana})"
            if participant.name_katakana
            else participant.full_name
        )
        return f"{obj.rank}. {name}"


class ScheduleForm(forms.Form):
    entry = EntryChoice(label=_("Candidate"), queryset=ShortlistEntry.objects.none(), empty_label=_("— choose —"))
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=_WHEN, input_formats=["%Y-%m-%dT%H:%M"])
    minutes = forms.TypedChoiceField(label=_("Length (minutes)"), choices=MINUTES_CHOICES, coerce=int, initial=30)
    mode = forms.ChoiceField(label=_("Interview"), choices=InterviewMode.choices, widget=forms.RadioSelect)
    link = forms.URLField(
        label=_("Link (online)"),
        required=False,
        max_length=300,
        assume_scheme="https",
        help_text=_("The video call the candidate opens, e.g. https://meet.example.jp/…"),
    )
    place = forms.CharField(label=_("Place (in person)"), required=False, max_length=300)
    panel = forms.CharField(
        label=_("Panel"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The interviewers' names, one per line."),
    )

    def __init__(self, *args: Any, entries: Any, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        field: Any = self.fields["entry"]
        field.queryset = entries
        self.fields["starts_at"].help_text = _("On your clock (%(zone)s).") % {"zone": _zone_name(zone)}

    def details(self) -> interview_actions.InterviewDetails:
        data = self.cleaned_data
        return interview_actions.InterviewDetails(
            entry_id=data["entry"].pk,
            starts_at=data["starts_at"],
            minutes=data["minutes"],
            zone=self.zone.key,
            mode=InterviewMode(data["mode"]),
            link=data["link"],
            place=data["place"],
            panel=data["panel"],
        )


def _zone_name(zone: zoneinfo.ZoneInfo) -> str:
    return f"{abbreviation(zone)}, {zone.key}"


class CriteriaForm(forms.Form):
    """The four usual criteria (each kept or not, with its maximum) and two of the company's own."""

    OWN_ROWS = 2

    def __init__(self, *args: Any, criteria: list[InterviewCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kept = {criterion.key: criterion for criterion in criteria if criterion.key}
        own = [criterion for criterion in criteria if not criterion.key]
        for key in DefaultCriterion:
            current = kept.get(key.value)
            self.fields[f"use_{key.value}"] = forms.BooleanField(
                label=key.label, required=False, initial=current is not None or not criteria
            )
            self.fields[f"max_{key.value}"] = forms.IntegerField(
                label=_("Maximum score"),
                required=False,
                initial=current.max_score if current else DEFAULT_MAXIMA[key],
                widget=forms.NumberInput(attrs=_NUMBER),
            )
        for row in range(self.OWN_ROWS):
            current_own = own[row] if row < len(own) else None
            self.fields[f"name_{row}"] = forms.CharField(
                label=_("Criterion of your own"),
                required=False,
                max_length=80,
                initial=current_own.name if current_own else "",
            )
            self.fields[f"max_own_{row}"] = forms.IntegerField(
                label=_("Maximum score"),
                required=False,
                initial=current_own.max_score if current_own else None,
                widget=forms.NumberInput(attrs=_NUMBER),
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        pairs = [(self[f"use_{key.value}"], self[f"max_{key.value}"]) for key in DefaultCriterion]
        return pairs + [(self[f"name_{row}"], self[f"max_own_{row}"]) for row in range(self.OWN_ROWS)]

    def criteria(self) -> list[interview_actions.CriterionDetails]:
        data = self.cleaned_data
        chosen = [
            interview_actions.CriterionDetails(key=key.value, name="", max_score=data[f"max_{key.value}"] or 0)
            for key in DefaultCriterion
            if data[f"use_{key.value}"]
        ]
        for row in range(self.OWN_ROWS):
            name = data[f"name_{row}"].strip()
            if name or data[f"max_own_{row}"] is not None:
                chosen.append(
                    interview_actions.CriterionDetails(key="", name=name, max_score=data[f"max_own_{row}"] or 0)
                )
        return chosen


class ScoreForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, criteria: list[InterviewCriterion], current: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            # The range is the action's to check (its refusal names the criterion
            # and the range); the attributes only bring up a number pad.
            self.fields[self.name_of(criterion)] = forms.IntegerField(
                label=_("%(criterion)s (0 to %(maximum)s)")
                % {"criterion": criterion.label, "maximum": criterion.max_score},
                required=False,
                initial=current.get(criterion.pk),
                widget=forms.NumberInput(attrs={**_NUMBER, "min": 0, "max": criterion.max_score}),
            )
        # The notes after the scores.
        self.order_fields([*(self.name_of(criterion) for criterion in criteria), "notes", "version"])

    @staticmethod
    def name_of(criterion: InterviewCriterion) -> str:
        return f"criterion_{criterion.pk}"

    def scores(self) -> dict[int, int | None]:
        return {criterion.pk: self.cleaned_data.get(self.name_of(criterion)) for criterion in self.criteria}


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (InterviewResult.RESERVE.value, InterviewResult.RESERVE.label),
            (InterviewResult.NOT_SELECTED.value, InterviewResult.NOT_SELECTED.label),
        ],
        widget=forms.RadioSelect,
    )
    reserve_rank = forms.IntegerField(
        label=_("Reserve rank"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=_("1 is offered the place first if an offer is declined or withdrawn."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SelectForm(forms.Form):
    """Selecting sends the offer and cannot be undone but by withdrawing it:
    the first press asks, the confirmed second one selects."""

    contract_months = forms.IntegerField(
        label=_("Length of the employment contract (months)"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, asks_contract: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_contract:
            del self.fields["contract_months"]

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]

    def months(self) -> int | None:
        value: int | None = self.cleaned_data.get("contract_months")
        return value


class ReasonForm(forms.Form):
    """Cancelling an interview, withdrawing an offer: a reason, then a confirmation."""

    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]


class AnswerForm(forms.Form):
    """The participant's own answer: accept or decline, then a confirmation."""

    answer = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why do you decline? (you may leave this empty)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and not self.errors and not self.cleaned_data["confirmed"]

    @property
    def accepts(self) -> bool:
        return self.is_bound and self.data.get("answer") == "accept"


class RecordAnswerForm(forms.Form):
    """An answer given on paper, recorded by the candidate's LPK/SO with the signed page."""

    answer = forms.ChoiceField(
        label=_("The candidate's answer"),
        choices=[("accept", _("accepts the offer")), ("decline", _("declines the offer"))],
        widget=forms.RadioSelect,
    )
    signed_page = forms.FileField(
        label=_("Signed page"),
        help_text=_("A photo or scan of the page the candidate signed: PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
