"""Forms for participants. They validate and clean; the actions save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationQuerySet
from lib import nik as nik_lib
from lib.katakana import suggest_katakana
from participants.actions import ParticipantDetails
from participants.models import Participant, ParticipantQuerySet, Sex, Status
from reference.models import ListKind, ListVersion, Province, VocationalProgramme

NIK_MESSAGES = {
    nik_lib.NikProblem.NOT_DIGITS: _("A NIK has only digits."),
    nik_lib.NikProblem.WRONG_LENGTH: _("A NIK has 16 digits."),
    nik_lib.NikProblem.BAD_DATE: _(
        "Digits 7–12 of this NIK are not a valid date of birth (DDMMYY, women add 40 to the day)."
    ),
}


def programmes_in_force() -> QuerySet[VocationalProgramme]:
    version = ListVersion.objects.in_force(ListKind.VOCATIONAL_PROGRAMMES)
    return VocationalProgramme.objects.filter(version=version).order_by("name_id")


class ParticipantForm(forms.ModelForm[Participant]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Longer than the stored 16 digits: people type NIKs with spaces.
    nik = forms.CharField(
        label=_("NIK"),
        max_length=24,
        help_text=_("16 digits from the identity card (KTP). Spaces are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "name_katakana",
            "nik",
            "sex",
            "birth_date",
            "birth_place",
            "address",
            "phone",
            "email",
            "vocational_programme",
            "training_centre",
            "sending_organization",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "name_katakana": _("Suggested from the full name; correct it if the person spells it differently."),
        }

    def __init__(
        self,
        *args: Any,
        training_centres: OrganizationQuerySet,
        sending_organizations: OrganizationQuerySet,
        require_sending_organization: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vocational_programme"].queryset = programmes_in_force()  # type: ignore[attr-defined]
        self.fields["training_centre"].queryset = training_centres  # type: ignore[attr-defined]
        self.fields["sending_organization"].queryset = sending_organizations  # type: ignore[attr-defined]
        self.fields["sending_organization"].required = require_sending_organization
        self.province: Province | None = None
        # While the name is typed, htmx asks for a fresh katakana suggestion.
        self.fields["full_name"].widget.attrs.update(
            {
                "hx-get": reverse("katakana_suggestion"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#katakana-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name=name_katakana],[name=katakana_suggested]",
                "autocomplete": "off",
            }
        )

    def clean_nik(self) -> str:
        raw: str = self.cleaned_data["nik"]
        try:
            facts = nik_lib.parse_nik(raw, today=timezone.localdate())
        except nik_lib.InvalidNik as error:
            raise forms.ValidationError(NIK_MESSAGES[error.problem], code=error.problem.value) from None
        self.province = Province.objects.filter(code=facts.province_code).first()
        if self.province is None:
            raise forms.ValidationError(
                _("The first two digits (%(code)s) are not an Indonesian province code."),
                code="unknown_province",
                params={"code": facts.province_code},
            )
        duplicates = Participant.objects.filter(nik=facts.number)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("A participant with this NIK is already registered."), code="duplicate")
        self.nik_facts = facts
        return facts.number

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        facts = getattr(self, "nik_facts", None)
        if facts is None:
            return cleaned
        birth_date = cleaned.get("birth_date")
        if birth_date and birth_date != facts.birth_date:
            self.add_error(
                "birth_date",
                forms.ValidationError(
                    _("The NIK says %(date)s. Check the date of birth or the NIK."),
                    code="nik_birth_date",
                    params={"date": facts.birth_date.strftime("%d-%m-%Y")},
                ),
            )
        sex = cleaned.get("sex")
        if sex and sex != facts.sex:
            self.add_error(
                "sex",
                forms.ValidationError(
                    _("The NIK says %(sex)s (women's NIKs add 40 to the day of birth)."),
                    code="nik_sex",
                    params={"sex": Sex(facts.sex).label},
                ),
            )
        if not cleaned.get("name_katakana") and cleaned.get("full_name"):
            cleaned["name_katakana"] = suggest_katakana(cleaned["full_name"])
        return cleaned

    def validate_unique(self) -> None:
        """Uniqueness of the NIK is checked in clean_nik with a clearer message."""

    def details(self) -> ParticipantDetails:
        data = self.cleaned_data
        if self.province is None:
            raise RuntimeError("details() is only available after is_valid()")
        return ParticipantDetails(
            full_name=data["full_name"].strip(),
            name_katakana=data["name_katakana"].strip(),
            nik=data["nik"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            birth_place=data["birth_place"].strip(),
            province=self.province,
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            email=data["email"],
            vocational_programme=data["vocational_programme"],
            training_centre=data["training_centre"],
            sending_organization=data["sending_organization"],
        )


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, s.label) for s in participant.allowed_next_statuses()]  # type: ignore[attr-defined]


class ParticipantFilterForm(forms.Form):
    SORTS = {
        "name": ("full_name", "id"),
        "-registered": ("-registered_at", "-id"),
        "registered": ("registered_at", "id"),
        "status": ("status", "id"),
    }
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    training_centre = forms.ModelChoiceField(
        label=_("Training centre"), queryset=Organization.objects.none(), required=False
    )
    sending_organization = forms.ModelChoiceField(
        label=_("LPK/SO"), queryset=Organization.objects.none(), required=False
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-registered", _("newest first")),
            ("registered", _("oldest first")),
            ("name", _("name")),
            ("status", _("status")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        training_centres: OrganizationQuerySet,
        sending_organizations: OrganizationQuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all statuses")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["training_centre"].queryset = training_centres  # type: ignore[attr-defined]
        self.fields["sending_organization"].queryset = sending_organizations  # type: ignore[attr-defined]

    def filter(self, participants: ParticipantQuerySet) -> ParticipantQuerySet:
        if not self.is_valid():
            return participants
        data = self.cleaned_data
        participants = participants.search(data["q"])
        if data["status"]:
            participants = participants.with_status(Status(data["status"]))
        for name in ("training_centre", "sending_organization", "province"):
            if data[name] is not None:
                participants = participants.filter(**{name: data[name]})
        return participants

    def ordering(self) -> tuple[str, str]:
        sort = self.cleaned_data.get("sort") if self.is_valid() else ""
        return self.SORTS.get(sort or "-registered", self.SORTS["-registered"])
