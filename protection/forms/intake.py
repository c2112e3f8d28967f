"""The reporter's forms (their login, or anonymous) and the staff form for a
call or a visit. Short, with large choices to tap, and every one works
without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files import File
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationKind
from participants.models import Participant, ParticipantQuerySet
from protection.actions.cases import CaseDetails, CaseError
from protection.actions.conversation import MAX_TEXT
from protection.actions.intake import check_attachment
from protection.models import Body, Category, ConsentPurpose, Door, Severity

PIN_MIN = 6
PIN_MAX = 12
# The languages a handler may be asked to read; the reporter's page language is the default.
LANGUAGES = [("id", "Bahasa Indonesia"), ("ja", "日本語"), ("en", "English")]


class _FileField(forms.FileField):
    """An optional photo or PDF, checked by its content before anything is saved."""

    def __init__(self) -> None:
        super().__init__(
            label=_("Photo or document (optional)"),
            help_text=_("A photo of a payslip, a contract or an injury: PDF, JPEG or PNG."),
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
        )

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload:
            try:
                check_attachment(upload)
            except CaseError as error:
                raise forms.ValidationError(error.message, code="refused") from None
        return upload


class ReportForm(forms.Form):
    """What happened, in the reporter's own words."""

    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices, widget=forms.RadioSelect)
    severity = forms.ChoiceField(
        label=_("How serious is it?"), choices=Severity.choices, initial=Severity.NORMAL, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened?"),
        help_text=_("In your own words and your own language: what, when, where, and who."),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    file = _FileField()

    def details(self, **extra: Any) -> CaseDetails:
        data = self.cleaned_data
        return CaseDetails(
            category=Category(data["category"]),
            severity=Severity(data["severity"]),
            description=data["description"],
            language=(get_language() or "id")[:2],
            **extra,
        )

    def upload(self) -> File[bytes] | None:
        upload: File[bytes] | None = self.cleaned_data.get("file") or None
        return upload


PIN_LENGTH = _("A PIN has 6 to 12 digits.")


class AnonymousReportForm(ReportForm):
    """The report without login: a PIN to come back, and a name or a way to
    reach the reporter only if they choose to give one."""

    pin = forms.CharField(
        label=_("Choose a PIN"),
        help_text=_("6 to 12 digits. You need it with your tracking code to read answers. Tell it to nobody."),
        min_length=PIN_MIN,
        max_length=PIN_MAX,
        # Django's own words count "characters"; a reporter is choosing digits.
        error_messages={"min_length": PIN_LENGTH, "max_length": PIN_LENGTH},
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    pin_again = forms.CharField(
        label=_("The same PIN again"),
        max_length=PIN_MAX,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    reporter_name = forms.CharField(
        label=_("Your name (optional)"),
        help_text=_("Leave it empty to stay anonymous."),
        max_length=200,
        required=False,
    )
    reporter_contact = forms.CharField(
        label=_("Telephone, WhatsApp or e-mail (optional)"),
        help_text=_("Only if you want a handler to contact you."),
        max_length=200,
        required=False,
    )

    def clean_pin(self) -> str:
        pin: str = self.cleaned_data["pin"].strip()
        if not pin.isdigit():
            raise forms.ValidationError(_("Use digits only."), code="digits")
        return pin

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pin, again = cleaned.get("pin"), cleaned.get("pin_again", "").strip()
        if pin and again != pin:
            self.add_error("pin_again", forms.ValidationError(_("The two PINs differ."), code="mismatch"))
        return cleaned

    def details(self, **extra: Any) -> CaseDetails:
        data = self.cleaned_data
        return super().details(reporter_name=data["reporter_name"], reporter_contact=data["reporter_contact"])


class CodeAndPinForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=PIN_MAX,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}),
    )


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Your message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4}))


class AttachmentForm(forms.Form):
    file = _FileField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True
        self.fields["file"].label = _("Photo or document")


class ConsentForm(forms.Form):
    """The reporter agrees that the case goes to one body, or that it may learn who they are."""

    purpose = forms.ChoiceField(
        label=_("I agree that the handler may"), choices=ConsentPurpose.choices, widget=forms.RadioSelect
    )
    body = forms.ChoiceField(label=_("To"), choices=Body.choices)


class StaffReportForm(ReportForm):
    """A call or a visit, recorded by staff for a named worker (by NIK) or a
    caller who did not say who they are."""

    door = forms.ChoiceField(
        label=_("How it came in"),
        choices=[(Door.HOTLINE.value, Door.HOTLINE.label), (Door.VISIT.value, Door.VISIT.label)],
        widget=forms.RadioSelect,
    )
    nik = forms.CharField(
        label=_("Worker's NIK (optional)"),
        help_text=_("The 16 digits, if the worker gave them: their placement fills in the company."),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reporter_name = forms.CharField(label=_("Caller's name (optional)"), max_length=200, required=False)
    reporter_contact = forms.CharField(label=_("How to reach the caller (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language the worker speaks"), choices=LANGUAGES, initial="id")
    company = forms.ModelChoiceField(label=_("Company concerned"), queryset=Organization.objects.none(), required=False)
    supervising_organization = forms.ModelChoiceField(
        label=_("Supervising organization concerned"), queryset=Organization.objects.none(), required=False
    )
    field_order = ["door", "nik", "reporter_name", "reporter_contact", "language", "category", "severity"]

    def __init__(self, *args: Any, workers: ParticipantQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workers = workers
        company: Any = self.fields["company"]
        company.queryset = Organization.objects.of_kind(OrganizationKind.COMPANY).order_by("name")
        supervising: Any = self.fields["supervising_organization"]
        supervising.queryset = Organization.objects.of_kind(OrganizationKind.SUPERVISING_ORGANIZATION).order_by("name")

    def clean_nik(self) -> str:
        typed: str = self.cleaned_data["nik"]
        if typed.strip() and self.worker_for(typed) is None:
            raise forms.ValidationError(_("No worker you can see has this NIK."), code="unknown")
        return typed

    def worker_for(self, typed: str) -> Participant | None:
        """The worker with this NIK (typed with spaces or not) among those the recorder sees."""
        digits = "".join(ch for ch in typed if ch.isdigit())
        if len(digits) != 16:
            return None
        return self.workers.with_nik(digits).first()

    def details(self, **extra: Any) -> CaseDetails:
        data = self.cleaned_data
        return CaseDetails(
            category=Category(data["category"]),
            severity=Severity(data["severity"]),
            description=data["description"],
            language=data["language"],
            company=data["company"],
            supervising_organization=data["supervising_organization"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
        )
