"""Forms of the ledger pages. They read what was typed; what it means (an
amount's decimals, the currency, the rate, the fee policy) is checked by the
action, whose refusal the view puts next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationKind
from ledger.actions import EntryDetails
from ledger.models import CostClass, Payer
from ledger.money import Currency

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Amounts are typed as digits; the action refuses decimals the currency lacks.
_AMOUNT = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})


class EntryForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=_DATE)
    cost_class = forms.ChoiceField(label=_("Cost"))
    amount = forms.CharField(
        label=_("Amount"), max_length=30, widget=_AMOUNT, help_text=_("Whole rupiah or yen, without dots or commas.")
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.IDR)
    payer = forms.ChoiceField(label=_("Paid by"), choices=Payer.choices)
    payer_organization = forms.ModelChoiceField(
        label=_("Paying organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The cooperative, LPK/SO or employer that paid; leave empty for the participant."),
    )
    payee_name = forms.CharField(label=_("Paid to"), max_length=200)
    payee_organization = forms.ModelChoiceField(
        label=_("Paid to (organization)"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("When an organization in Jembatan was paid: the fee policy reads it."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    rate_idr_per_jpy = forms.DecimalField(
        label=_("Rupiah for one yen"),
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text=_("Only when the payment was converted at a rate of its own; otherwise the ministry's rate is used."),
    )
    receipt = forms.FileField(label=_("Receipt"), required=False, help_text=_("A photo or PDF of the receipt."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = timezone.localdate()
        classes = CostClass.objects.in_force(timezone.localdate())
        self.fields["cost_class"].choices = [(c.code, c.name) for c in classes]  # type: ignore[attr-defined]
        payers = Organization.objects.filter(is_active=True).exclude(
            kind__in=[OrganizationKind.MINISTRY, OrganizationKind.PREFECTURE, OrganizationKind.EMBASSY]
        )
        self.fields["payer_organization"].queryset = payers.order_by("kind", "name")  # type: ignore[attr-defined]
        everyone = Organization.objects.filter(is_active=True).order_by("kind", "name")
        self.fields["payee_organization"].queryset = everyone  # type: ignore[attr-defined]

    def details(self) -> EntryDetails:
        data = self.cleaned_data
        return EntryDetails(
            cost_class=data["cost_class"],
            amount=data["amount"].strip(),
            currency=data["currency"],
            payer=Payer(data["payer"]),
            payer_organization=data["payer_organization"],
            payee_name=data["payee_name"],
            payee_organization=data["payee_organization"],
            paid_on=data["paid_on"],
            description=data["description"],
            rate_idr_per_jpy=data["rate_idr_per_jpy"],
            receipt=data["receipt"],
        )


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why is this line reversed?"), max_length=300)


class DisputeForm(forms.Form):
    line = forms.TypedChoiceField(label=_("Line"), coerce=int)
    words = forms.CharField(
        label=_("What is wrong with this line?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In your own words. The ministry and your LPK/SO will be told and will contact you."),
    )

    def __init__(self, *args: Any, lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = lines  # type: ignore[attr-defined]
