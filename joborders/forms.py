"""Forms for job orders. They validate and clean; the actions save.

The lists a job order chooses from (TITP job categories and operations, SSW
fields) are those in force on its start date; a choice from another version is
refused with a message naming the version in force, not Django's "not one of
the available choices".
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, OrganizationKind, OrganizationQuerySet
from joborders import checks, decisions
from joborders.details import JobOrderDetails
from joborders.models import (
    DECIDED_FIELDS,
    FINAL_STATUSES,
    REASON_REQUIRED,
    JobOrder,
    JobOrderQuerySet,
    JobOrderStatus,
    TitpStage,
)
from joborders.wages import WageInputError, WageProblem, parse_monthly_yen
from lib.fields import RecordsChoiceField
from lib.query import whole_number
from participants.forms import programmes_in_force
from reference.models import ESDField, JobCategory, ListKind, Operation, SSWField, Track
from rules import RuleInputError

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = forms.NumberInput(attrs={"inputmode": "numeric"})

WAGE_MESSAGES = {
    WageProblem.EMPTY: _("Give the monthly wage in yen."),
    WageProblem.NOT_A_NUMBER: _("Type the monthly wage in yen with digits, e.g. 185000, 185,000 or 18.5万."),
    WageProblem.NOT_WHOLE_YEN: _("Yen have no decimals: give the wage in whole yen."),
    WageProblem.NEGATIVE: _("A wage cannot be negative."),
    WageProblem.OTHER_UNIT: _(
        "“%(found)s” looks like pay per hour, day, week or year. Give the wage per month: "
        "for hourly pay, multiply by the hours worked in a month."
    ),
}
# What decides which of the programme's fields the form shows, and those fields:
# the htmx fragment re-renders them when one of these changes.
PROGRAMME_FIELDS = (
    "programme",
    "company",
    "start_date",
    "titp_stage",
    "job_category",
    "operation",
    "ssw_field",
    "esd_field",
    "business_category",
    "support_organization",
)
# The fields whose change changes the lists of the programme's fields: each
# reloads them itself. Each carries its own trigger because the fragment
# replaces two of them: a listener kept elsewhere would stay bound to the
# replaced elements, and a second change would reload nothing.
RELOADING_FIELDS = ("programme", "start_date", "job_category", "ssw_field", "esd_field")
# Fields of JobOrderDetails that the form shows under another name.
FORM_FIELD = {"monthly_wage_jpy": "monthly_wage"}


class LocalNameChoiceField(forms.ModelChoiceField[Organization]):
    """Organizations by the name the reader reads: Japanese for Japanese readers."""

    def label_from_instance(self, obj: Organization) -> str:
        return obj.local_name


class LocalNameMultipleChoiceField(RecordsChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.local_name


def _day(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _pk(value: object) -> int | None:
    number = whole_number(value)
    return number if number is not None and number > 0 else None


class JobOrderForm(forms.ModelForm[JobOrder]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    company = LocalNameChoiceField(label=_("Company"), queryset=Organization.objects.none())
    monthly_wage = forms.CharField(
        label=_("Monthly wage (JPY)"),
        max_length=40,
        help_text=_("Gross wage in yen per month, before deductions: e.g. 185000, 185,000 or 18.5万."),
    )
    positions = forms.IntegerField(
        label=_("Positions"), min_value=1, error_messages={"min_value": _("A job order has at least one position.")}
    )
    business_category = forms.ChoiceField(label=_("Business category"), required=False)
    support_organization = LocalNameChoiceField(
        label=_("Registered support organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("SSW only: the organization that supports the workers on the company's behalf, if any."),
    )
    sending_organizations = LocalNameMultipleChoiceField(
        label=_("LPK/SOs serving this order"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see this order and prepare candidates for it."),
    )

    class Meta:
        model = JobOrder
        fields = [
            "company",
            "programme",
            "title",
            "titp_stage",
            "job_category",
            "operation",
            "ssw_field",
            "esd_field",
            "business_category",
            "support_organization",
            "positions",
            "workplace_prefecture",
            "workplace_city",
            "workplace_city_ja",
            "hours_per_week",
            "working_hours_note",
            "housing_provided",
            "housing_cost_jpy",
            "other_deductions_jpy",
            "deductions_note",
            "start_date",
            "interview_date",
            "interview_mode",
            "min_japanese_level",
            "min_age",
            "max_age",
            "trade",
            "experience_months",
            "experience_note",
            "sending_organizations",
            "notes",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "interview_date": DATE_WIDGET,
            "hours_per_week": NUMBER,
            "housing_cost_jpy": NUMBER,
            "other_deductions_jpy": NUMBER,
            "min_age": NUMBER,
            "max_age": NUMBER,
            "experience_months": NUMBER,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "workplace_city_ja": forms.TextInput(attrs={"lang": "ja"}),
        }

    def __init__(self, *args: Any, companies: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        # Past draft, what the opening was decided on stays as it was decided.
        self.decided = instance.pk is not None and instance.status != JobOrderStatus.DRAFT
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["support_organization"].queryset = Organization.objects.of_kind(  # type: ignore[attr-defined]
            OrganizationKind.SUPPORT_ORGANIZATION
        )
        self.fields["sending_organizations"].queryset = (  # type: ignore[attr-defined]
            Organization.objects.sending_organizations().order_by("name")
        )
        # Any version validates, so that a choice from the wrong one gets a clear message (checks.py).
        self.fields["job_category"].queryset = JobCategory.objects.all()  # type: ignore[attr-defined]
        self.fields["operation"].queryset = Operation.objects.all()  # type: ignore[attr-defined]
        self.fields["ssw_field"].queryset = SSWField.objects.all()  # type: ignore[attr-defined]
        self.fields["esd_field"].queryset = ESDField.objects.all()  # type: ignore[attr-defined]
        trades = programmes_in_force()
        if instance.trade_id is not None:
            trades = trades | trades.model.objects.filter(pk=instance.trade_id)
        self.fields["trade"].queryset = trades  # type: ignore[attr-defined]
        self.fields["hours_per_week"].validators.append(_at_least_one)
        # Required here as well as in checks.py, so that it is reported with the other missing fields at once.
        self.fields["workplace_city_ja"].required = True
        if self.decided:
            for name in DECIDED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the order opened.")
        if not self.is_bound:
            self._initial_values(companies)
        self._choose_business_category_from_field()
        self._show_lists_of(self._list_day())
        self._reload_on_change()

    def _reload_on_change(self) -> None:
        fields_url = reverse("job_order_fields")
        if self.instance.pk:
            fields_url += f"?job_order={self.instance.pk}"
        for name in RELOADING_FIELDS:
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": fields_url,
                    "hx-trigger": "change",
                    "hx-target": "#programme-fields",
                    "hx-swap": "outerHTML",
                    "hx-include": "closest form",
                    # A second change while the first reload is on its way replaces it:
                    # otherwise the older answer could land last and undo the newer choice.
                    "hx-sync": "closest form:replace",
                }
            )

    def _initial_values(self, companies: OrganizationQuerySet) -> None:
        instance = self.instance
        if instance.pk:
            # Grouped the reader's way, as they would type it (parse_monthly_yen reads either way).
            wage = number_format(instance.monthly_wage_jpy, force_grouping=True)
            self.initial.update({"version": instance.version, "monthly_wage": wage})
            return
        self.initial.setdefault("programme", Track.TITP)
        self.initial.setdefault("titp_stage", TitpStage.I)
        self.initial.setdefault("hours_per_week", 40)
        only = companies.first() if companies.count() == 1 else None
        if only is not None:
            self.initial.setdefault("company", only.pk)
            self.initial.setdefault("workplace_prefecture", only.prefecture_id)
            self.initial.setdefault("workplace_city", only.city)
            self.initial.setdefault("workplace_city_ja", only.city_ja)

    def _value(self, name: str) -> object:
        if self.is_bound and not self.fields[name].disabled:
            return self.data.get(self.add_prefix(name))
        return self.initial.get(name)

    @property
    def programme(self) -> str:
        return str(self._value("programme") or "")

    @property
    def shows_titp(self) -> bool:
        return self.programme == Track.TITP

    @property
    def shows_field(self) -> bool:
        return self.programme in checks.FIELD_PROGRAMMES

    @property
    def shows_esd_field(self) -> bool:
        return self.programme == Track.ESD

    @property
    def shows_support(self) -> bool:
        return self.programme == Track.SSW

    def _list_day(self) -> datetime.date:
        """The start date as typed (or stored): the lists in force then are the ones to choose from."""
        return _day(self._value("start_date")) or timezone.localdate()

    def _show_lists_of(self, day: datetime.date) -> None:
        """Offer only the lists in force on ``day`` (and what is already chosen)."""
        titp = checks.list_in_force(ListKind.TITP_JOB_CATEGORIES, day)
        ssw = checks.list_in_force(ListKind.SSW_FIELDS, day)
        esd = checks.list_in_force(ListKind.ESD_FIELDS, day)
        category = _pk(self._value("job_category"))
        self._offer("job_category", JobCategory.objects.filter(version=titp), category)
        field = _pk(self._value("ssw_field"))
        # Only the chosen category's operations: one left from another category
        # is dropped (and refused at the operation if posted, checks.py).
        operations = Operation.objects.filter(job_category_id=category or 0)
        chosen = _pk(self._value("operation"))
        self._offer("operation", operations, chosen if operations.filter(pk=chosen or 0).exists() else None)
        self._offer("ssw_field", SSWField.objects.filter(version=ssw), field)
        self._offer("esd_field", ESDField.objects.filter(version=esd), _pk(self._value("esd_field")))
        if esd is not None and esd.unverified:
            self.fields["esd_field"].help_text = _(
                "The ESD field list %(label)s is unverified: public summaries disagree on which SSW fields ESD "
                "leaves out, and a ministry administrator has not confirmed it yet."
            ) % {"label": esd.label}

    def _offer(self, name: str, shown: QuerySet[Any], chosen: int | None) -> None:
        """Show ``shown`` in the select, keeping the validating queryset: the widget reads its own choices."""
        field = self.fields[name]
        offered = shown | shown.model.objects.filter(pk=chosen) if chosen else shown
        empty_label = getattr(field, "empty_label", "---------")
        field.widget.choices = forms.ModelChoiceField(queryset=offered, empty_label=empty_label).choices

    def _choose_business_category_from_field(self) -> None:
        """The chosen SSW (or ESD) field's business categories. One left from
        another field validates, so that checks.py refuses it at its field by
        name, but is not offered: the select shows the field's own list."""
        field: SSWField | ESDField | None
        if self.shows_esd_field:
            field = ESDField.objects.filter(pk=_pk(self._value("esd_field")) or 0).first()
        else:
            field = SSWField.objects.filter(pk=_pk(self._value("ssw_field")) or 0).first()
        names = checks.business_categories(field) if field else []
        offered = [("", str(_("— any —"))), *((name, name) for name in names)]
        chosen = str(self._value("business_category") or "")
        select = self.fields["business_category"]
        select.choices = offered if not chosen or chosen in names else [*offered, (chosen, chosen)]  # type: ignore[attr-defined]
        select.widget.choices = offered

    # --- cleaning ---------------------------------------------------------------

    def clean_monthly_wage(self) -> int:
        text = self.cleaned_data["monthly_wage"]
        try:
            return parse_monthly_yen(text)
        except WageInputError as error:
            if error.problem == WageProblem.OTHER_CURRENCY:
                raise forms.ValidationError(self._currency_message(error.found), code="currency") from None
            raise forms.ValidationError(
                WAGE_MESSAGES[error.problem], code=error.problem.value, params={"found": error.found}
            ) from None

    def clean_start_date(self) -> datetime.date | None:
        """A start date that has passed is said with the other fields' errors,
        not a round later once they are right (checks.py asks it then too)."""
        day: datetime.date | None = self.cleaned_data["start_date"]
        if day is not None and not self.decided:
            asked = decisions.start_date_question(starts_on=day, today=timezone.localdate())
            if refusals := [str(refusal.message) for refusal in asked.answer.refusals]:
                raise forms.ValidationError(refusals)
        return day

    def _currency_message(self, currency: str) -> str:
        """The wage rule's own refusal of the currency (its parameter says which one it wants)."""
        try:
            rules = decisions.rules_on(self._list_day())
            decisions.wage_question(amount=1, currency=currency, starts_on=self._list_day(), rules=rules)
        except RuleInputError as error:
            return str(error)
        return str(_("Give the wage in Japanese yen (JPY)."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        programme = cleaned.get("programme")
        # Only what the programme uses is kept: a choice left over from another programme is dropped.
        if programme != Track.TITP:
            cleaned.update(titp_stage=None, job_category=None, operation=None)
        if programme not in checks.FIELD_PROGRAMMES:
            cleaned["business_category"] = ""
        if programme != Track.SSW:
            cleaned.update(ssw_field=None, support_organization=None)
        if programme != Track.ESD:
            cleaned["esd_field"] = None
        if not self.errors:
            for name, problems in checks.job_order_problems(self.details(), decided=self.decided).items():
                for problem in problems:
                    field = FORM_FIELD.get(name, name)
                    self.add_error(field if field in self.fields else None, problem)
        else:
            # The whole order cannot be checked yet; what the programme still needs is said now.
            for name, message in checks.choices_missing(programme, cleaned).items():
                if name not in self.errors:
                    self.add_error(name, str(message))
        return cleaned

    def _get_validation_exclusions(self) -> set[str]:
        """The database constraints on positions and the age range are checked
        in clean() (checks.py), at their field and in words: not again here,
        where a violation would read "Constraint … is violated"."""
        return {*super()._get_validation_exclusions(), "positions", "min_age", "max_age"}  # type: ignore[misc]

    def details(self) -> JobOrderDetails:
        data = self.cleaned_data
        stage = data.get("titp_stage")
        return JobOrderDetails(
            company=data["company"],
            programme=Track(data["programme"]),
            title=data["title"].strip(),
            titp_stage=TitpStage(int(stage)) if stage else None,
            job_category=data["job_category"],
            operation=data["operation"],
            ssw_field=data["ssw_field"],
            esd_field=data["esd_field"],
            business_category=data["business_category"],
            positions=data["positions"],
            workplace_prefecture=data["workplace_prefecture"],
            workplace_city=data["workplace_city"].strip(),
            workplace_city_ja=data["workplace_city_ja"].strip(),
            monthly_wage_jpy=data["monthly_wage"],
            hours_per_week=data["hours_per_week"],
            working_hours_note=data["working_hours_note"].strip(),
            housing_provided=data["housing_provided"],
            housing_cost_jpy=data["housing_cost_jpy"],
            other_deductions_jpy=data["other_deductions_jpy"],
            deductions_note=data["deductions_note"].strip(),
            start_date=data["start_date"],
            interview_date=data["interview_date"],
            interview_mode=data["interview_mode"],
            min_japanese_level=data["min_japanese_level"],
            min_age=data["min_age"],
            max_age=data["max_age"],
            trade=data["trade"],
            experience_months=data["experience_months"],
            experience_note=data["experience_note"].strip(),
            notes=data["notes"].strip(),
            support_organization=data["support_organization"],
            sending_organizations=tuple(data["sending_organizations"]),
        )


def _at_least_one(value: int) -> None:
    if value < 1:
        raise forms.ValidationError(_("Give the contracted working hours per week."), code="min_value")


# What each move is called on its button: the verb says what happens.
MOVE_VERBS = {
    JobOrderStatus.OPEN: _("Start recruiting"),
    JobOrderStatus.INTERVIEWING: _("Start interviews"),
    JobOrderStatus.FILLED: _("Mark as filled"),
    JobOrderStatus.CANCELLED: _("Cancel the order…"),
}


class TransitionForm(forms.Form):
    """One move of the order's status. Each move has its own form and button;
    a move to a final status is sent twice, the second time confirmed."""

    # Any status validates: a move that another user made impossible meanwhile
    # gets the action's reason ("… cannot become …"), not "not a valid choice".
    to = forms.ChoiceField(choices=JobOrderStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to cancel: the LPK/SOs preparing candidates read it."),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["reason"] = cleaned.get("reason", "").strip()
        to = cleaned.get("to")
        if to and JobOrderStatus(to) in REASON_REQUIRED and not cleaned["reason"]:
            self.add_error("reason", _("Give a reason for “%(wanted)s”.") % {"wanted": JobOrderStatus(to).label})
        return cleaned

    @property
    def wanted(self) -> JobOrderStatus:
        return JobOrderStatus(self.cleaned_data["to"])

    @property
    def asks_confirmation(self) -> bool:
        """Valid, towards a status with no way back, and not confirmed yet."""
        return (
            self.is_bound and not self.errors and self.wanted in FINAL_STATUSES and not self.cleaned_data["confirmed"]
        )


@dataclasses.dataclass(frozen=True)
class Move:
    to: JobOrderStatus
    verb: str
    form: TransitionForm

    @property
    def asks_reason(self) -> bool:
        return self.to in REASON_REQUIRED

    @property
    def is_final(self) -> bool:
        return self.to in FINAL_STATUSES


def moves_of(job_order: JobOrder, *, posted: TransitionForm | None = None) -> list[Move]:
    """The order's possible moves, each with its form: the one just posted
    (with its errors) for its move, a fresh one for the others."""
    sent = posted.data.get("to") if posted is not None else None
    return [
        Move(
            to=status,
            verb=str(MOVE_VERBS[status]),
            form=posted if posted is not None and sent == status else TransitionForm(initial={"to": status}),
        )
        for status in job_order.allowed_next_statuses()
    ]


class JobOrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all statuses")), *JobOrderStatus.choices]  # type: ignore[attr-defined]
        self.fields["programme"].choices = [("", _("all programmes")), *Track.choices]  # type: ignore[attr-defined]

    def filter(self, job_orders: JobOrderQuerySet) -> JobOrderQuerySet:
        if not self.is_valid():
            return job_orders
        data = self.cleaned_data
        job_orders = job_orders.search(data["q"])
        if data["status"]:
            job_orders = job_orders.with_status(JobOrderStatus(data["status"]))
        if data["programme"]:
            job_orders = job_orders.filter(programme=data["programme"])
        return job_orders
