"""What the write endpoints take. Each body is checked twice: here for its
shape (types, required fields), then by the page's own form, so that the API
and the page accept and refuse exactly the same things, with the same
messages. The schema is built from these serializers; a test keeps their
fields equal to the forms' fields."""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers

from api.errors import invalid
from joborders.models import InterviewMode, JobOrderStatus, TitpStage
from ledger.models import Payer
from ledger.money import Currency
from participants.models import Sex, Status
from reference.models import Track


class ParticipantInput(serializers.Serializer[dict[str, Any]]):
    full_name = serializers.CharField(max_length=200)
    name_katakana = serializers.CharField(max_length=200, required=False, allow_blank=True)
    nik = serializers.CharField(max_length=24, help_text="16 digits from the identity card (KTP).")
    sex = serializers.ChoiceField(choices=Sex.choices)
    birth_date = serializers.DateField()
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    vocational_programme = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    training_centre = serializers.IntegerField(min_value=1, help_text="The training centre (BLK) id.")
    sending_organization = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The LPK/SO id; an LPK/SO's own is required."
    )
    sending_programme = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class StatusChangeInput(serializers.Serializer[dict[str, Any]]):
    to = serializers.ChoiceField(choices=Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1, help_text="The participant's version as read: a record changed since is refused (409 stale)."
    )


class LedgerEntryInput(serializers.Serializer[dict[str, Any]]):
    participant = serializers.IntegerField(min_value=1)
    paid_on = serializers.DateField()
    cost_class = serializers.CharField(max_length=40, help_text="The cost catalogue's code.")
    amount = serializers.CharField(max_length=30, help_text="Whole rupiah or yen, as a string of digits.")
    currency = serializers.ChoiceField(choices=Currency.choices)
    payer = serializers.ChoiceField(choices=Payer.choices)
    payer_organization = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    payee_name = serializers.CharField(max_length=200)
    payee_organization = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    rate_idr_per_jpy = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True)


def _id(help_text: str = "") -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, min_value=1, help_text=help_text)


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length)


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, min_value=0)


class JobOrderInput(serializers.Serializer[dict[str, Any]]):
    """A whole job order, as the job order form posts it: which of the
    programme's fields are needed is the form's to say (its checks.py)."""

    company = serializers.IntegerField(min_value=1, help_text="The company (受入れ機関) id.")
    programme = serializers.ChoiceField(choices=Track.choices)
    title = serializers.CharField(max_length=150)
    titp_stage = serializers.ChoiceField(choices=TitpStage.choices, required=False, allow_null=True)
    job_category = _id("TITP: the job category of the list in force on the start date.")
    operation = _id("TITP: the operation of that job category.")
    ssw_field = _id("SSW: the field of the list in force on the start date.")
    esd_field = _id("ESD: the field of the list in force on the start date.")
    business_category = _text(120)
    support_organization = _id("SSW only: the registered support organization, if any.")
    positions = serializers.IntegerField()
    workplace_prefecture = serializers.IntegerField(min_value=1)
    workplace_city = serializers.CharField(max_length=100)
    workplace_city_ja = serializers.CharField(max_length=100)
    monthly_wage = serializers.CharField(
        max_length=40, help_text="Gross yen per month before deductions: 185000, 185,000 or 18.5万."
    )
    hours_per_week = serializers.IntegerField()
    working_hours_note = _text(200)
    housing_provided = serializers.BooleanField(required=False, default=False)
    housing_cost_jpy = _count()
    other_deductions_jpy = _count()
    deductions_note = _text(300)
    start_date = serializers.DateField()
    interview_date = serializers.DateField(required=False, allow_null=True)
    interview_mode = serializers.ChoiceField(choices=InterviewMode.choices, required=False, allow_blank=True)
    min_japanese_level = _id()
    min_age = _count()
    max_age = _count()
    trade = _id("The vocational programme (trade) asked of candidates, if any.")
    experience_months = _count()
    experience_note = _text(300)
    sending_organizations = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="The LPK/SO ids serving this order."
    )
    notes = serializers.CharField(required=False, allow_blank=True)


class JobOrderUpdateInput(JobOrderInput):
    """The whole order again, with the version read. Past draft, the fields
    the opening was decided on are kept as they are, whatever is sent."""

    version = serializers.IntegerField(
        min_value=1, help_text="The job order's version as read: an order changed since is refused (409 stale)."
    )


class JobOrderStatusInput(serializers.Serializer[dict[str, Any]]):
    to = serializers.ChoiceField(choices=JobOrderStatus.choices)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=500, help_text="Needed to cancel."
    )


def shaped(serializer_class: type[serializers.Serializer[dict[str, Any]]], data: Any) -> dict[str, Any]:
    """The body, once its shape is right; 400 "validation" otherwise."""
    body = serializer_class(data=data)
    if not body.is_valid():
        raise invalid(body.errors)
    return dict(body.validated_data)


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """The checked body as the page's form reads a POST: ids and dates as text, nothing for null."""
    return {name: _posted(value) for name, value in values.items()}


def _posted(value: Any) -> str | list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def checked_by(form: forms.BaseForm) -> None:
    """The page's form verdict; its errors are the API's, field by field."""
    if not form.is_valid():
        errors = form.errors.get_json_data()
        raise invalid(
            {
                "non_field_errors" if name == "__all__" else name: [str(item["message"]) for item in items]
                for name, items in errors.items()
            }
        )
