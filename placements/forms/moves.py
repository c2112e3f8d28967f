"""Forms of the moves and endings pages. They read what was typed into its
types; what the entry means (dates in order, the organization's kind, the
programme rules) is checked by the action, whose refusal the view puts next
to the fields or at the top of the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationKind
from placements.actions.endings import EndingDetails, MissingDetails
from placements.actions.legacy import LegacyDetails
from placements.actions.transfers import SswChangeDetails, TransferDetails
from placements.models import Ending, StayStage, TransferReason
from reference.models import ESDField, JobCategory, ListKind, ListVersion, Prefecture, SSWField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_CODE = forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"})


def _organizations(kind: OrganizationKind, *, required: bool, label: Any) -> forms.ModelChoiceField[Organization]:
    return forms.ModelChoiceField(
        label=label, required=required, queryset=Organization.objects.filter(kind=kind).order_by("name")
    )


def _in_force(kind: ListKind) -> ListVersion | None:
    return ListVersion.objects.in_force(kind)


class _Workplace(forms.Form):
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), queryset=Prefecture.objects.all())
    work_city = forms.CharField(label=_("City"), max_length=100, required=False)
    work_site = forms.CharField(
        label=_("Work site"), max_length=300, help_text=_("The address where the person works, as written in Japan.")
    )


class TransferForm(_Workplace):
    moves_on = forms.DateField(label=_("First day with the new company"), widget=_DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=TransferReason.choices, widget=forms.RadioSelect)
    reason_detail = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    company = _organizations(
        OrganizationKind.COMPANY, required=True, label=_("New employer (implementing organization)")
    )
    supervising_organization = _organizations(
        OrganizationKind.SUPERVISING_ORGANIZATION, required=False, label=_("Supervising organization")
    )
    support_organization = _organizations(
        OrganizationKind.SUPPORT_ORGANIZATION, required=False, label=_("Registered support organization")
    )
    business_category = forms.CharField(
        label=_("Business category"),
        max_length=120,
        required=False,
        help_text=_("ESD: a change at the worker's wish stays in the same business category."),
    )
    passed_skill_test = forms.BooleanField(label=_("ESD: the basic skill test is passed"), required=False)
    passed_japanese_test = forms.BooleanField(label=_("ESD: the Japanese test is passed"), required=False)
    initial_costs_jpy = forms.IntegerField(
        label=_("ESD: the first employer's initial costs (yen)"),
        required=False,
        min_value=0,
        help_text=_("Recruitment, travel and the first lectures; the rule says how much the new employer repays."),
    )

    def __init__(self, *args: Any, esd: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not esd:
            # The ESD conditions mean nothing for TITP, SSW or an engineer.
            for name in ("passed_skill_test", "passed_japanese_test", "initial_costs_jpy"):
                del self.fields[name]
            self.fields["reason"].choices = [c for c in TransferReason.choices if c[0] != TransferReason.ESD_WISH]  # type: ignore[attr-defined]

    def details(self) -> TransferDetails:
        data = self.cleaned_data
        return TransferDetails(
            moves_on=data["moves_on"],
            reason=TransferReason(data["reason"]),
            reason_detail=data["reason_detail"],
            company=data["company"],
            supervising_organization=data["supervising_organization"],
            support_organization=data["support_organization"],
            prefecture=data["prefecture"],
            work_city=data["work_city"],
            work_site=data["work_site"],
            business_category=data["business_category"],
            passed_skill_test=bool(data.get("passed_skill_test")),
            passed_japanese_test=bool(data.get("passed_japanese_test")),
            initial_costs_jpy=data.get("initial_costs_jpy"),
        )


class SswChangeForm(_Workplace):
    starts_on = forms.DateField(label=_("First day as SSW i"), widget=_DATE)
    company = _organizations(OrganizationKind.COMPANY, required=True, label=_("Employer (the same or a new one)"))
    support_organization = _organizations(
        OrganizationKind.SUPPORT_ORGANIZATION, required=True, label=_("Registered support organization")
    )
    ssw_field = forms.ModelChoiceField(label=_("SSW field"), queryset=SSWField.objects.none())
    business_category = forms.CharField(label=_("Business category"), max_length=120, required=False)
    residence_card_number = forms.CharField(label=_("New residence card number"), max_length=20, widget=_CODE)
    residence_card_expires_on = forms.DateField(label=_("New residence card expires on"), widget=_DATE)
    contract_ends_on = forms.DateField(label=_("Contract ends on"), widget=_DATE)
    skill_test_passed = forms.BooleanField(label=_("The field's SSW skill test is passed"), required=False)
    completed_in_good_standing = forms.BooleanField(
        label=_("TITP stage ii completed in good standing"),
        required=False,
        help_text=_(
            "The plan was carried out without serious violations. It exempts from the Japanese test, and from the "
            "skill test where the TITP job category belongs to the field."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = _in_force(ListKind.SSW_FIELDS)
        field: Any = self.fields["ssw_field"]
        field.queryset = fields.ssw_fields.all() if fields else SSWField.objects.none()

    def details(self) -> SswChangeDetails:
        data = self.cleaned_data
        return SswChangeDetails(**{name: data[name] for name in SswChangeDetails.__dataclass_fields__})


class EndingForm(forms.Form):
    ending = forms.ChoiceField(label=_("How it ended"), widget=forms.RadioSelect)
    ended_on = forms.DateField(label=_("Last day"), widget=_DATE)
    reason = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, endings: list[Ending], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ending"].choices = [(ending.value, ending.label) for ending in endings]  # type: ignore[attr-defined]

    def details(self) -> EndingDetails:
        data = self.cleaned_data
        return EndingDetails(ending=Ending(data["ending"]), ended_on=data["ended_on"], reason=data["reason"])


class _Reports(forms.Form):
    police_reported_on = forms.DateField(label=_("Reported to the police on"), required=False, widget=_DATE)
    otit_reported_on = forms.DateField(label=_("Reported to OTIT on"), required=False, widget=_DATE)


class MissingForm(_Reports):
    missing_since = forms.DateField(label=_("Missing since"), widget=_DATE)
    last_contact_on = forms.DateField(label=_("Last contact"), widget=_DATE)
    circumstances = forms.CharField(
        label=_("Circumstances"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When and where the person was last seen, and what was done to reach them."),
    )
    field_order = ("missing_since", "last_contact_on", "circumstances", "police_reported_on", "otit_reported_on")

    def details(self) -> MissingDetails:
        return MissingDetails(**{name: self.cleaned_data[name] for name in MissingDetails.__dataclass_fields__})


class ReportsForm(_Reports):
    pass


class FoundForm(forms.Form):
    found_on = forms.DateField(label=_("Found on"), widget=_DATE)


class LegacyForm(_Workplace):
    company = _organizations(OrganizationKind.COMPANY, required=True, label=_("Employer (implementing organization)"))
    supervising_organization = _organizations(
        OrganizationKind.SUPERVISING_ORGANIZATION, required=False, label=_("Supervising organization")
    )
    support_organization = _organizations(
        OrganizationKind.SUPPORT_ORGANIZATION, required=False, label=_("Registered support organization")
    )
    stage = forms.ChoiceField(label=_("Programme and stage"), choices=StayStage.choices)
    job_category = forms.ModelChoiceField(
        label=_("TITP job category"), required=False, queryset=JobCategory.objects.none()
    )
    ssw_field = forms.ModelChoiceField(label=_("SSW field"), required=False, queryset=SSWField.objects.none())
    esd_field = forms.ModelChoiceField(label=_("ESD field"), required=False, queryset=ESDField.objects.none())
    arrived_on = forms.DateField(label=_("Arrived in Japan on"), widget=_DATE)
    stage_started_on = forms.DateField(label=_("The current stage began on"), widget=_DATE)
    planned_end_on = forms.DateField(
        label=_("Contract ends on"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for TITP: the rule sets the stage's last day."),
    )
    residence_card_number = forms.CharField(
        label=_("Residence card number"), max_length=20, required=False, widget=_CODE
    )
    residence_card_expires_on = forms.DateField(label=_("Residence card expires on"), required=False, widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lists: list[tuple[str, ListKind, str]] = [
            ("job_category", ListKind.TITP_JOB_CATEGORIES, "job_categories"),
            ("ssw_field", ListKind.SSW_FIELDS, "ssw_fields"),
            ("esd_field", ListKind.ESD_FIELDS, "esd_fields"),
        ]
        for name, kind, related in lists:
            version = _in_force(kind)
            if version is not None:
                field: Any = self.fields[name]
                field.queryset = getattr(version, related).all()

    def details(self) -> LegacyDetails:
        data = {name: self.cleaned_data[name] for name in LegacyDetails.__dataclass_fields__}
        data["stage"] = StayStage(data["stage"])
        return LegacyDetails(**data)
