"""Forms of the handlers' pages: the case list's filters and one form per
action on the case page. Each action form carries the case's ``version`` as
the handler read it, so an action on a case someone else just changed is
refused instead of overwriting their work."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization, OrganizationKind, OrganizationQuerySet, User
from protection.models import (
    Body,
    Case,
    CaseQuerySet,
    Category,
    ConsentGivenBy,
    ConsentPurpose,
    Level,
    Remedy,
    Severity,
    Status,
    Visibility,
)

ALL = "all"
BREACHED = "breached"
# Organizations a case may be referred to inside the system, by the kind its body names.
REFERRAL_KINDS = (
    OrganizationKind.SUPERVISING_ORGANIZATION,
    OrganizationKind.COMPANY,
    OrganizationKind.EMBASSY,
    OrganizationKind.PREFECTURE,
    OrganizationKind.SUPPORT_ORGANIZATION,
)


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("What it is about"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)
    clock = forms.ChoiceField(
        label=_("Acknowledgement clock"),
        required=False,
        choices=[("", _("any")), (BREACHED, _("breached: not acknowledged in time"))],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "open" in the sense of a case (not yet resolved), not a job order's.
        open_cases = pgettext_lazy("cases", "open")
        self.fields["status"].choices = [("", open_cases), (ALL, _("all statuses")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", _("all")), *Category.choices]  # type: ignore[attr-defined]
        self.fields["severity"].choices = [("", _("all")), *Severity.choices]  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("all")), *Level.choices]  # type: ignore[attr-defined]

    @property
    def any_beyond_status(self) -> bool:
        """Whether a filter in the fold is set, so the fold opens on it."""
        return any(self.data.get(name) for name in ("category", "severity", "level", "clock", "mine"))

    def filter(self, cases: CaseQuerySet, *, user: User, now: datetime.datetime) -> CaseQuerySet:
        if not self.is_valid():
            return cases.open()
        data = self.cleaned_data
        if not data["status"]:
            cases = cases.open()
        elif data["status"] != ALL:
            cases = cases.filter(status=data["status"])
        for name in ("category", "severity", "level"):
            if data[name] not in ("", None):
                cases = cases.filter(**{name: data[name]})
        if data["clock"] == BREACHED:
            cases = cases.unacknowledged_past(now)
        if data["mine"]:
            cases = cases.filter(assigned_to=user)
        return cases


class CasePageForm(forms.Form):
    """A form of the case page, which holds several with fields of the same
    name (organization, body, reason): each has its own ids, so that a label
    points at its own field and an error's link reaches it."""

    ids = "case"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auto_id = f"{self.ids}-%s"


class VersionedForm(CasePageForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["version"] = case.version
        super().__init__(*args, **kwargs)
        self.case = case


class AssignForm(VersionedForm):
    ids = "assign"
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    person = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to let the organization choose."),
    )

    def __init__(self, *args: Any, organizations: OrganizationQuerySet, people: QuerySet[User], **kwargs: Any) -> None:
        case: Case = kwargs["case"]
        kwargs.setdefault("initial", {}).update(organization=case.assigned_organization_id, person=case.assigned_to_id)
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class StatusForm(VersionedForm):
    """Acknowledge, start handling, close, or reopen: the case's next statuses
    but RESOLVED, which needs the outcome (ResolveForm)."""

    ids = "status"

    to = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to reopen a case."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(status.value, status.label) for status in Status if self.case.may_become(status)]
        self.fields["to"].choices = [c for c in choices if c[0] != Status.RESOLVED]  # type: ignore[attr-defined]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["to"].choices)  # type: ignore[attr-defined]


class EscalateForm(VersionedForm):
    ids = "escalate"
    to = forms.TypedChoiceField(label=_("Up to"), coerce=int)
    reason = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(level.value, level.label) for level in Level if level > self.case.level]  # type: ignore[attr-defined]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["to"].choices)  # type: ignore[attr-defined]


class ReferForm(VersionedForm):
    ids = "refer"
    body = forms.ChoiceField(label=_("Refer to"), choices=Body.choices)
    organization = forms.ModelChoiceField(
        label=_("Organization in the system"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("For a supervising organization, a company, the embassy or a prefecture in the system."),
    )
    reference = forms.CharField(label=_("Their reference"), max_length=100, required=False)
    shared = forms.CharField(
        label=_("What you share with them"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Exactly what they receive: it is kept with the referral."),
    )
    share_identity = forms.BooleanField(
        label=_("Tell them who reported the case"),
        required=False,
        help_text=_("Only with the reporter's consent to tell them who they are."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            kind__in=REFERRAL_KINDS, is_active=True
        ).order_by("kind", "name")


class ConsentForm(CasePageForm):
    """A consent the reporter gave by phone or in person, recorded by staff."""

    ids = "consent"
    purpose = forms.ChoiceField(label=_("The reporter agrees to"), choices=ConsentPurpose.choices)
    body = forms.ChoiceField(label=_("For"), choices=Body.choices)
    organization = forms.ModelChoiceField(
        label=_("Organization in the system"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty for the company or supervising organization the case names."),
    )
    given_by = forms.ChoiceField(
        label=_("Given"),
        choices=[(c.value, c.label) for c in (ConsentGivenBy.BY_PHONE, ConsentGivenBy.IN_PERSON)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            kind__in=REFERRAL_KINDS, is_active=True
        ).order_by("kind", "name")


class NoteForm(CasePageForm):
    ids = "note"
    visibility = forms.ChoiceField(label=_("Who reads it"))
    text = forms.CharField(label=_("Text"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, to_reporter: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = list(Visibility) if to_reporter else [Visibility.INTERNAL, Visibility.SHARED]
        self.fields["visibility"].choices = [(v.value, v.label) for v in allowed]  # type: ignore[attr-defined]


class ResolveForm(VersionedForm):
    ids = "resolve"
    outcome = forms.CharField(label=_("Outcome"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    remedy = forms.ChoiceField(label=_("Remedy"), choices=Remedy.choices)


class ReferenceForm(forms.Form):
    """The body's own reference for a referral, when it arrives after it."""

    reference = forms.CharField(label=_("Their reference, when it comes later"), max_length=100)

    def __init__(self, *args: Any, referral_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral_pk = referral_pk
        # One form per referral on the page: ids must not collide.
        self.auto_id = f"reference-{referral_pk}-%s"
