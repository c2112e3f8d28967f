"""Forms of the pages about work in Japan. They read what was typed into its
types; what it means (dates in order, the residence card's format, the rules
of a stage move) is checked by the action, whose refusal the view puts next
to the fields, so the page and any other caller apply one set of rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from participants.forms import NameSearchField
from placements.actions.arrival import ArrivalDetails
from placements.actions.stages import StageMoveDetails
from placements.actions.upskilling import UpskillingDetails
from placements.models import (
    PlacementQuerySet,
    PlacementStatus,
    ResidenceStatus,
    SkillTest,
    SkillTestResult,
    StayStage,
    Upskilling,
    UpskillingKind,
)
from reference.models import Prefecture

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A card number typed on a phone: capitals first, no autocorrection.
_CARD = forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})
_CARD_HELP = _("Two letters, eight digits and two letters, e.g. AB12345678CD.")


class ArrivalForm(forms.Form):
    arrived_on = forms.DateField(label=_("Arrived in Japan on"), widget=_DATE)
    work_starts_on = forms.DateField(
        label=_("Work starts on"),
        widget=_DATE,
        help_text=_("The first working day, after the first month's lectures (講習)."),
    )
    work_site = forms.CharField(
        label=_("Work site"), max_length=300, help_text=_("The address where the person works, as written in Japan.")
    )
    residence_card_number = forms.CharField(
        label=_("Residence card number"), max_length=20, widget=_CARD, help_text=_CARD_HELP
    )
    residence_card_expires_on = forms.DateField(label=_("Residence card valid until"), widget=_DATE)
    residence_status = forms.ChoiceField(
        label=_("Status of residence"),
        required=False,
        help_text=_("Leave as it is for the status the placement's stage gives."),
    )
    planned_end_on = forms.DateField(
        label=_("Contract ends on"),
        required=False,
        widget=_DATE,
        help_text=_("Needed where no rule sets the stage's end (SSW, ESD, engineer). For TITP the rule sets it."),
    )

    def __init__(self, *args: Any, stage: StayStage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residence_status"].choices = [  # type: ignore[attr-defined]
            ("", ResidenceStatus.for_stage(stage).label),
            *ResidenceStatus.choices,
        ]
        if stage.titp_stage is not None:
            del self.fields["planned_end_on"]

    def details(self) -> ArrivalDetails:
        data = self.cleaned_data
        return ArrivalDetails(
            arrived_on=data["arrived_on"],
            work_starts_on=data["work_starts_on"],
            work_site=data["work_site"],
            residence_card_number=data["residence_card_number"],
            residence_card_expires_on=data["residence_card_expires_on"],
            residence_status=data["residence_status"],
            planned_end_on=data.get("planned_end_on"),
        )


class StageMoveForm(forms.Form):
    moves_on = forms.DateField(label=_("The new stage starts on"), widget=_DATE)
    home_return_left_on = forms.DateField(label=_("Left Japan for the home return on"), required=False, widget=_DATE)
    home_return_back_on = forms.DateField(label=_("Back in Japan on"), required=False, widget=_DATE)
    residence_card_number = forms.CharField(
        label=_("New residence card number"), max_length=20, required=False, widget=_CARD, help_text=_CARD_HELP
    )
    residence_card_expires_on = forms.DateField(label=_("New residence card valid until"), required=False, widget=_DATE)
    # The placement's version the officer read: a move based on an older copy is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, target: StayStage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if target != StayStage.TITP_III:
            del self.fields["home_return_left_on"]
            del self.fields["home_return_back_on"]

    def details(self) -> StageMoveDetails:
        data = self.cleaned_data
        return StageMoveDetails(
            moves_on=data["moves_on"],
            home_return_left_on=data.get("home_return_left_on"),
            home_return_back_on=data.get("home_return_back_on"),
            residence_card_number=data["residence_card_number"],
            residence_card_expires_on=data["residence_card_expires_on"],
        )


class UpskillingForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=UpskillingKind.choices, widget=forms.RadioSelect)
    skill_test = forms.ChoiceField(
        label=_("Skill test"), required=False, choices=[("", "—"), *SkillTest.choices], help_text=_("For a skill test.")
    )
    result = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", "—"), *SkillTestResult.choices],
        help_text=_("For a skill test."),
    )
    title = forms.CharField(
        label=_("Name of the course or certificate"), max_length=200, required=False, help_text=_("Not for a test.")
    )
    taken_on = forms.DateField(
        label=_("Date"),
        widget=_DATE,
        help_text=_("The day of the test, the course's last day or the certificate's date."),
    )
    provider = forms.CharField(label=_("Given by"), max_length=200, required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def details(self) -> UpskillingDetails:
        data = self.cleaned_data
        return UpskillingDetails(
            kind=data["kind"],
            taken_on=data["taken_on"],
            skill_test=data["skill_test"],
            result=data["result"],
            title=data["title"],
            provider=data["provider"],
            certificate_number=data["certificate_number"],
            note=data["note"],
        )


class UpskillingCorrectionForm(UpskillingForm):
    """The same fields, filled from the record, with the version it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_for(cls, record: Upskilling) -> dict[str, Any]:
        fields = ("kind", "skill_test", "result", "title", "taken_on", "provider", "certificate_number", "note")
        return {name: getattr(record, name) for name in (*fields, "version")}


class PlacementFilterForm(forms.Form):
    """The list's filters: who is in Japan now by default."""

    q = NameSearchField(label=_("Name"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    stage = forms.ChoiceField(label=_("Programme and stage"), required=False)
    prefecture = forms.ModelChoiceField(
        label=_("Prefecture"), queryset=Prefecture.objects.order_by("jis_code"), required=False
    )
    company = forms.ModelChoiceField(label=_("Employer"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args: Any, companies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", PlacementStatus.IN_JAPAN.label),
            ("all", _("all statuses")),
            *[(value, label) for value, label in PlacementStatus.choices if value != PlacementStatus.IN_JAPAN],
        ]
        self.fields["stage"].choices = [("", _("all programmes and stages")), *StayStage.choices]  # type: ignore[attr-defined]
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]

    def filter(self, placements: PlacementQuerySet) -> PlacementQuerySet:
        if not self.is_valid():
            return placements.in_japan()
        data = self.cleaned_data
        status = data["status"] or PlacementStatus.IN_JAPAN
        if status != "all":
            placements = placements.filter(status=status)
        if data["q"].strip():
            words = data["q"].strip()
            placements = placements.filter(
                Q(participant__full_name__icontains=words) | Q(participant__name_katakana__icontains=words)
            )
        if data["stage"]:
            placements = placements.filter(stage=data["stage"])
        if data["prefecture"] is not None:
            placements = placements.filter(prefecture=data["prefecture"])
        if data["company"] is not None:
            placements = placements.filter(company=data["company"])
        return placements
