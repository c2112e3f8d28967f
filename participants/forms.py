"""Forms for participants. They validate and clean; the actions save."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationQuerySet, User
from lib import nik as nik_lib
from lib.dates import add_months, age_in_years
from lib.fields import ShortListChoiceField
from lib.katakana import suggest_katakana
from participants import actions, duplicates, nik_checks, readiness
from participants.actions import ParticipantDetails
from participants.models import (
    FINAL_STATUSES,
    HELD_BY_PLACEMENT,
    IN_JAPAN_THROUGH_PLACEMENTS,
    LAPSE_WARNING_DAYS,
    MIN_REGISTRATION_AGE,
    NAME_SEARCH_TOO_SHORT,
    REASON_REQUIRED,
    HealthCheck,
    HealthResult,
    LanguageResult,
    Participant,
    ParticipantQuerySet,
    Review,
    Sex,
    Status,
    moved_by_placements,
    too_short_to_search,
)
from reference.models import DocumentKind, ListKind, ListVersion, Province, SendingProgramme, VocationalProgramme

NIK_MESSAGES = {
    nik_lib.NikProblem.NOT_DIGITS: _("A NIK has only digits."),
    nik_lib.NikProblem.WRONG_LENGTH: _("A NIK has 16 digits."),
    nik_lib.NikProblem.BAD_DATE: _(
        "Digits 7–12 of this NIK are not a valid date of birth (DDMMYY, women add 40 to the day)."
    ),
    nik_lib.NikProblem.NO_SERIAL: _(
        "The last four digits of a NIK are never 0000. Check the NIK on the identity card (KTP)."
    ),
}
# What the NIK contradicts; shared with the spreadsheet import, which checks each row the same way.
NIK_MISMATCH_MESSAGES = {
    "nik_birth_date": _("The NIK says %(date)s. Check the date of birth or the NIK."),
    "nik_sex": _("The NIK says %(sex)s (women's NIKs add 40 to the day of birth)."),
}
# An age no candidate has: shared with the spreadsheet import, which checks each row the same way.
AGE_MESSAGES = {
    "too_young": _(
        "By this date of birth the person is %(age)s years old; participants are registered "
        "from the age of %(minimum)s. Check the date of birth."
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
            "sending_programme",
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
        by: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by = by  # whose NIK checks these are (participants.nik_checks)
        self.fields["vocational_programme"].queryset = programmes_in_force()  # type: ignore[attr-defined]
        self.fields["training_centre"].queryset = training_centres  # type: ignore[attr-defined]
        self.fields["sending_organization"].queryset = sending_organizations  # type: ignore[attr-defined]
        self.fields["sending_organization"].required = require_sending_organization
        # A programme closed to newcomers stays selectable for those already in it.
        self.fields["sending_programme"].queryset = SendingProgramme.objects.filter(  # type: ignore[attr-defined]
            Q(is_active=True) | Q(pk=self.instance.sending_programme_id)
        )
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
        self.nik_facts = facts
        if not self.instance.pk or facts.number != self.instance.nik:
            self._check_nik_is_free(facts.number)
        return facts.number

    def _check_nik_is_free(self, number: str) -> None:
        """As an import checks it (participants.nik_checks): a NIK held by a
        record the user may not change gets the same neutral answer, audited
        and rate-limited."""
        try:
            holder = nik_checks.check_registration(nik=number, by=self.by, exclude=self.instance.pk)
        except nik_checks.NotYours as refused:
            raise forms.ValidationError(str(refused), code="not_yours") from None
        except nik_checks.ChecksExhausted as refused:
            raise forms.ValidationError(str(refused), code="checks_exhausted") from None
        if holder is not None:
            raise forms.ValidationError(_("A participant with this NIK is already registered."), code="duplicate")

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
                    NIK_MISMATCH_MESSAGES["nik_birth_date"],
                    code="nik_birth_date",
                    params={"date": date_format(facts.birth_date)},
                ),
            )
        elif birth_date and (age := age_in_years(birth_date, timezone.localdate())) < MIN_REGISTRATION_AGE:
            self.add_error(
                "birth_date",
                forms.ValidationError(
                    AGE_MESSAGES["too_young"],
                    code="too_young",
                    params={"age": age, "minimum": MIN_REGISTRATION_AGE},
                ),
            )
        sex = cleaned.get("sex")
        if sex and sex != facts.sex:
            self.add_error(
                "sex",
                forms.ValidationError(
                    NIK_MISMATCH_MESSAGES["nik_sex"],
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
            sending_programme=data["sending_programme"],
        )


# A person who came home early becomes "returned" when their return is recorded
# on the placement, not on this form.
_RETURNING = frozenset({Status.RETURNED_EARLY})


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # Sent by the confirmation step, for a status there is no way back from.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, participant: Participant, checklist: readiness.Readiness, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        field = self.fields["to"]
        # Every allowed edge validates, so that a choice that became impossible
        # since the page was loaded gets the action's reason, not "not one of the
        # available choices"; only what can succeed now is offered.
        field.choices = [(status.value, status.label) for status in participant.allowed_next_statuses()]  # type: ignore[attr-defined]
        self.offered = offered = actions.statuses_open_to(participant, checklist=checklist)
        # An empty first option: the form never suggests a status by itself.
        field.widget.choices = [("", _("— choose —")), *((status.value, status.label) for status in offered)]
        if participant.status in HELD_BY_PLACEMENT:
            field.help_text = _("While an offer is out or accepted, the status follows the offer and the departure.")
        elif participant.status in IN_JAPAN_THROUGH_PLACEMENTS or Status(participant.status) in _RETURNING:
            field.help_text = _(
                "In Japan the status follows the placement: record the arrival, a transfer, a change to SSW i, "
                "a disappearance or the end of the placement on the placement's page."
            )
        elif Status.READY in participant.allowed_next_statuses() and Status.READY not in offered:
            field.help_text = _("“Ready” is offered once the readiness checklist is complete.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        to = cleaned.get("to")
        cleaned["reason"] = cleaned.get("reason", "").strip()
        if to and moved_by_placements(current=Status(self.participant.status), to=Status(to)):
            # Refused here, before any confirmation step: the action would refuse it anyway.
            self.add_error("to", str(actions.MovedByPlacements(Status(self.participant.status), Status(to))))
        elif to and Status(to) in REASON_REQUIRED and not cleaned["reason"]:
            self.add_error("reason", _("Give a reason for “%(wanted)s”.") % {"wanted": Status(to).label})
        return cleaned

    @property
    def wanted(self) -> Status:
        return Status(self.cleaned_data["to"])

    @property
    def asks_confirmation(self) -> bool:
        """Valid, towards a status with no way back, and not confirmed yet."""
        return (
            self.is_bound and not self.errors and self.wanted in FINAL_STATUSES and not self.cleaned_data["confirmed"]
        )


class DuplicateReviewForm(forms.Form):
    # Radio buttons with nothing chosen: the reviewer decides, the form never suggests.
    decision = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[
            (Review.SAME_PERSON.value, Review.SAME_PERSON.label),
            (Review.DIFFERENT_PEOPLE.value, Review.DIFFERENT_PEOPLE.label),
        ],
        coerce=Review,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose: the same person or different people.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("What you checked, e.g. the photo, the family card or a call to the LPK/SO."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Sent by the confirmation step: "same person" closes the pair for good.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["note"] = cleaned.get("note", "").strip()
        if cleaned.get("decision") == Review.SAME_PERSON and not cleaned["note"]:
            self.add_error("note", str(duplicates.NoteRequired()))
        return cleaned

    @property
    def asks_confirmation(self) -> bool:
        return (
            self.is_bound
            and not self.errors
            and self.cleaned_data["decision"] == Review.SAME_PERSON
            and not self.cleaned_data["confirmed"]
        )


# The value of the participant list's health filter that lists readiness about to lapse.
LAPSING = "lapsing"


class NameSearchField(forms.CharField):
    """A name, katakana or whole NIK to search participants for; refused, with
    the reason, when a name search would have nothing to look up."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if too_short_to_search(value):
            raise forms.ValidationError(NAME_SEARCH_TOO_SHORT, code="too_short")


class ParticipantFilterForm(forms.Form):
    SORTS = {
        "name": ("full_name", "id"),
        "-registered": ("-registered_at", "-id"),
        "registered": ("registered_at", "id"),
        "status": ("status", "id"),
    }
    q = NameSearchField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    training_centre = ShortListChoiceField(
        label=_("Training centre"), queryset=Organization.objects.none(), required=False
    )
    sending_organization = ShortListChoiceField(label=_("LPK/SO"), queryset=Organization.objects.none(), required=False)
    province = ShortListChoiceField(label=_("Province"), queryset=Province.objects.all(), required=False)
    # Where the home's "needs a new health check" count leads: the same people, not every ready one.
    health = forms.ChoiceField(label=_("Health check"), required=False)
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all statuses")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["health"].choices = [  # type: ignore[attr-defined]
            ("", _("any")),
            (LAPSING, _("ready, and it runs out within %(days)s days") % {"days": LAPSE_WARNING_DAYS}),
        ]
        # Organization names are not personal data: offering every centre and
        # LPK/SO costs nothing, where deriving them from the visible rows scans them.
        fields = self.fields
        fields["training_centre"].offer(Organization.objects.training_centres(), kept_as="training-centres")  # type: ignore[attr-defined]
        fields["sending_organization"].offer(  # type: ignore[attr-defined]
            Organization.objects.sending_organizations(), kept_as="sending-organizations"
        )
        fields["province"].offer(Province.objects.all(), kept_as="provinces")  # type: ignore[attr-defined]

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
        if data["health"] == LAPSING:
            horizon = timezone.localdate() + datetime.timedelta(days=LAPSE_WARNING_DAYS)
            participants = participants.health_lapsing(by=horizon)
        return participants

    def is_search(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["q"].strip())

    def reads_keys_first(self) -> bool:
        """Whether the page's keys come before its rows (lib.seek): a search
        sorts its matches; the lapsing filter reads its keys from its index
        alone (participant_pool_lapsing), where reading whole rows in that
        order fetched every row it passed from the table."""
        return self.is_search() or (self.is_valid() and self.cleaned_data["health"] == LAPSING)

    def ordering(self) -> tuple[str, str]:
        sort = self.cleaned_data.get("sort") if self.is_valid() else ""
        return self.SORTS.get(sort or "-registered", self.SORTS["-registered"])


# --- language results, health checks, documents -------------------------------

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Score scales of the official tests: JFT-Basic reports 0–250 and certifies
# A2 from 200; the JLPT reports 0–180 in total.
JFT_BASIC = "jft-basic"
JFT_BASIC_MAX = 250
JFT_BASIC_A2_PASS = 200
JLPT = "jlpt"
JLPT_MAX = 180


def _not_in_future(form: forms.BaseForm, field: str, day: datetime.date | None) -> None:
    if day is not None and day > timezone.localdate():
        form.add_error(field, forms.ValidationError(_("This date is in the future."), code="future"))


def _not_before(form: forms.BaseForm, field: str, day: datetime.date | None, start: datetime.date | None) -> None:
    if day is not None and start is not None and day < start:
        form.add_error(field, forms.ValidationError(_("This date is before the start date."), code="before_start"))


class LanguageResultForm(forms.ModelForm[LanguageResult]):
    class Meta:
        model = LanguageResult
        fields = ["level", "in_house", "score", "passed", "taken_on", "valid_until", "certificate_number"]
        widgets = {"taken_on": _DATE, "valid_until": _DATE, "score": forms.NumberInput(attrs={"inputmode": "numeric"})}
        help_texts = {
            "in_house": _("A level the LPK/SO assessed itself, recorded as the official level it matches."),
            "score": _("JFT-Basic: 0–250 (A2 from 200). JLPT: 0–180."),
            "valid_until": _("Leave empty if the result does not expire."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _not_in_future(self, "taken_on", cleaned.get("taken_on"))
        _not_before(self, "valid_until", cleaned.get("valid_until"), cleaned.get("taken_on"))
        level = cleaned.get("level")
        if level is not None and not cleaned.get("in_house"):
            self._check_score(level.family.lower(), level.level, cleaned.get("score"), passed=cleaned.get("passed"))
        return cleaned

    def _check_score(self, family: str, level: str, score: int | None, *, passed: bool | None) -> None:
        """Official scores only: an in-house level has the LPK/SO's own scale."""
        if family == JFT_BASIC and score is None:
            self.add_error("score", forms.ValidationError(_("JFT-Basic results have a score."), code="required"))
        maximum = {JFT_BASIC: JFT_BASIC_MAX, JLPT: JLPT_MAX}.get(family)
        if score is not None and maximum is not None and score > maximum:
            self.add_error(
                "score",
                forms.ValidationError(_("The highest score is %(max)s."), code="score_range", params={"max": maximum}),
            )
        elif family == JFT_BASIC and level == "A2" and passed and score is not None and score < JFT_BASIC_A2_PASS:
            self.add_error(
                "score",
                forms.ValidationError(
                    _("JFT-Basic A2 needs a score of at least %(min)s."),
                    code="score_too_low",
                    params={"min": JFT_BASIC_A2_PASS},
                ),
            )

    def details(self) -> actions.LanguageResultDetails:
        data = self.cleaned_data
        return actions.LanguageResultDetails(
            level=data["level"],
            in_house=data["in_house"],
            score=data["score"],
            passed=data["passed"],
            taken_on=data["taken_on"],
            valid_until=data["valid_until"],
            certificate_number=data["certificate_number"].strip(),
        )


# A general medical certificate is commonly accepted for a year; where a
# programme or embassy wants a fresher one, the officer types its date.
HEALTH_CHECK_VALID_MONTHS = 12


class HealthCheckForm(forms.ModelForm[HealthCheck]):
    class Meta:
        model = HealthCheck
        fields = ["examined_on", "result", "expires_on", "clinic", "notes"]
        widgets = {"examined_on": _DATE, "expires_on": _DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"expires_on": _("Leave empty for one year after the examination.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        examined_on = cleaned.get("examined_on")
        _not_in_future(self, "examined_on", examined_on)
        if examined_on is not None and cleaned.get("expires_on") is None and "expires_on" not in self.errors:
            cleaned["expires_on"] = add_months(examined_on, HEALTH_CHECK_VALID_MONTHS)
        _not_before(self, "expires_on", cleaned.get("expires_on"), examined_on)
        return cleaned

    def details(self) -> actions.HealthCheckDetails:
        data = self.cleaned_data
        return actions.HealthCheckDetails(
            examined_on=data["examined_on"],
            result=HealthResult(data["result"]),
            expires_on=data["expires_on"],
            clinic=data["clinic"].strip(),
            notes=data["notes"].strip(),
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    # No ``capture`` attribute: it would open the camera only, and a phone
    # should also offer a PDF from its files; "image/*" alone brings the
    # camera into the phone's chooser.
    file = forms.FileField(
        label=_("File"),
        help_text=_("A photo or scan: PDF, JPEG or PNG. Photos of a person: JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=_DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=_DATE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _not_in_future(self, "issued_on", cleaned.get("issued_on"))
        _not_before(self, "expires_on", cleaned.get("expires_on"), cleaned.get("issued_on"))
        kind = cleaned.get("kind")
        if kind == DocumentKind.PASSPORT:
            for name in ("number", "expires_on"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, forms.ValidationError(_("A passport needs this."), code="passport"))
        upload = cleaned.get("file")
        if kind and upload is not None:
            try:
                actions.inspect_upload(kind=DocumentKind(kind), file=upload)
            except actions.FileRefused as error:
                self.add_error("file", forms.ValidationError(str(error), code="refused"))
        return cleaned

    def upload(self) -> actions.DocumentUpload:
        data = self.cleaned_data
        return actions.DocumentUpload(
            kind=DocumentKind(data["kind"]),
            file=data["file"],
            number=data["number"].strip(),
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
        )
