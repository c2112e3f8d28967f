"""Forms for the profiles of organizations in Japan. They validate and clean; the actions save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationKind
from joborders.actions import CompanyDetails, OrganizationDetails, SupervisingDetails, SupportDetails, TraineeCounts
from joborders.models import (
    CompanyProfile,
    SupervisingCategory,
    SupervisingOrganizationProfile,
    SupportOrganizationProfile,
)
from reference.models import Prefecture

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EXCELLENCE_WIDGETS = {"excellent_since": DATE_WIDGET, "excellent_until": DATE_WIDGET}
CONTACT_FIELDS = ["contact_name", "contact_email", "contact_phone"]
TRAINEE_FIELDS = ["trainees_stage_i", "trainees_stage_ii", "trainees_stage_iii", "trainees_recorded_on"]


JAPANESE_INPUT = forms.TextInput(attrs={"lang": "ja"})


class ProfileForm(forms.ModelForm[Any]):
    """The organization's own fields (Japanese name, prefecture, city) and a
    version against concurrent edits, in front of the profile's fields."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name_ja = forms.CharField(
        label=_("Name in Japanese"),
        max_length=200,
        widget=JAPANESE_INPUT,
        help_text=_("The official name, e.g. 宮城県金属加工協同組合. Japanese readers see this name."),
    )
    prefecture = forms.ModelChoiceField(label=_("Prefecture"), queryset=Prefecture.objects.all(), required=False)
    city = forms.CharField(
        label=_("City"), max_length=100, required=False, help_text=_("In Latin letters, e.g. Sendai.")
    )
    city_ja = forms.CharField(
        label=_("City in Japanese"), max_length=100, required=False, widget=JAPANESE_INPUT, help_text=_("E.g. 仙台市.")
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.instance.organization = organization
        if not self.is_bound:
            self.initial.update(
                {
                    "version": self.instance.version if self.instance.pk else 0,
                    "name_ja": organization.name_ja,
                    "prefecture": organization.prefecture_id,
                    "city": organization.city,
                    "city_ja": organization.city_ja,
                }
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The organization's own rules on its names (Organization.clean), at the fields typed.
        typed = {name: cleaned[name].strip() for name in ("name", "name_ja", "city", "city_ja") if name in cleaned}
        candidate = Organization(kind=self.organization.kind, **{"name": self.organization.name, **typed})
        try:
            candidate.clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return cleaned

    def organization_details(self) -> OrganizationDetails:
        data = self.cleaned_data
        return OrganizationDetails(
            name_ja=data["name_ja"], prefecture=data["prefecture"], city=data["city"], city_ja=data["city_ja"]
        )

    def expected_version(self) -> int:
        return int(self.cleaned_data["version"] or 0)

    def contact(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in CONTACT_FIELDS}


class SupervisingProfileForm(ProfileForm):
    class Meta:
        model = SupervisingOrganizationProfile
        fields = ["licence_number", "category", "excellent_since", "excellent_until", *CONTACT_FIELDS]
        widgets = EXCELLENCE_WIDGETS

    def details(self) -> SupervisingDetails:
        data = self.cleaned_data
        return SupervisingDetails(
            licence_number=data["licence_number"].strip(),
            category=SupervisingCategory(data["category"]),
            excellent_since=data["excellent_since"],
            excellent_until=data["excellent_until"],
            **self.contact(),
        )


STAFF_ERROR = _("A company has at least one full-time employee: give the number of permanent full-time staff.")
TRAINEES_ERROR = _("A number of trainees is 0 or more.")


class CompanyProfileForm(ProfileForm):
    full_time_staff = forms.IntegerField(
        label=_("Full-time staff"),
        min_value=1,
        error_messages={"min_value": STAFF_ERROR},
        help_text=CompanyProfile._meta.get_field("full_time_staff").help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = CompanyProfile
        fields = [
            "industry",
            "is_construction",
            "full_time_staff",
            "excellent_since",
            "excellent_until",
            *CONTACT_FIELDS,
            *TRAINEE_FIELDS,
        ]
        widgets = {**EXCELLENCE_WIDGETS, "trainees_recorded_on": DATE_WIDGET}

    def __init__(self, *args: Any, may_record_trainees: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.records_trainees = may_record_trainees
        if not may_record_trainees:
            for name in TRAINEE_FIELDS:
                del self.fields[name]
            return
        for name in TRAINEE_FIELDS[:3]:
            self.fields[name].min_value = 0  # type: ignore[attr-defined]
            self.fields[name].error_messages["min_value"] = TRAINEES_ERROR
        self.fields["trainees_recorded_on"].required = True
        if not self.is_bound and not self.instance.trainees_recorded_on:
            self.initial["trainees_recorded_on"] = timezone.localdate()

    def details(self) -> CompanyDetails:
        data = self.cleaned_data
        return CompanyDetails(
            industry=data["industry"].strip(),
            is_construction=data["is_construction"],
            full_time_staff=data["full_time_staff"],
            excellent_since=data["excellent_since"],
            excellent_until=data["excellent_until"],
            **self.contact(),
        )

    def trainees(self) -> TraineeCounts | None:
        if not self.records_trainees:
            return None
        data = self.cleaned_data
        return TraineeCounts(
            trainees_stage_i=data["trainees_stage_i"],
            trainees_stage_ii=data["trainees_stage_ii"],
            trainees_stage_iii=data["trainees_stage_iii"],
            trainees_recorded_on=data["trainees_recorded_on"],
        )


class MemberCompanyForm(CompanyProfileForm):
    """A new member company of a supervising organization: its name, then its profile."""

    name = forms.CharField(label=_("Name (in Latin letters)"), max_length=200)
    field_order = ["name", "name_ja", "prefecture", "city", "city_ja"]

    def __init__(self, *args: Any, supervising: Organization, **kwargs: Any) -> None:
        company = Organization(kind=OrganizationKind.COMPANY, parent=supervising)
        super().__init__(*args, organization=company, may_record_trainees=True, **kwargs)
        self.fields["prefecture"].required = True
        self.fields["city"].required = True
        if not self.is_bound:
            self.initial["prefecture"] = supervising.prefecture_id

    def trainees(self) -> TraineeCounts:
        counts = super().trainees()
        if counts is None:
            raise RuntimeError("a member company form always records trainees")
        return counts


class SupportProfileForm(ProfileForm):
    class Meta:
        model = SupportOrganizationProfile
        fields = ["registration_number", "registered_on", *CONTACT_FIELDS]
        widgets = {"registered_on": DATE_WIDGET}

    def details(self) -> SupportDetails:
        data = self.cleaned_data
        return SupportDetails(
            registration_number=data["registration_number"].strip(),
            registered_on=data["registered_on"],
            **self.contact(),
        )
