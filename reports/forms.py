"""The dashboards' filters: whose figures (a scope), which year and which
programme, from the address (GET). A value that is not one of the choices is
the form's error and the page shows the default slice; a scope the reader
may not read never reaches the form (the view answers 404 first)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import access
from accounts.models import Organization, OrganizationKind, User
from reference.models import Prefecture, Track
from reports.labels import prefecture_name
from reports.slices import ALL, EVERY_PROGRAMME, EVERY_YEAR, Scope, ScopeKind, Slice

Choice = tuple[str, str]
ChoiceGroup = tuple[str, list[Choice]]

# The organization kinds behind each scope kind a ministry may choose by name.
_KINDS = {
    ScopeKind.ASSOCIATION: OrganizationKind.ASSOCIATION,
    ScopeKind.SENDING_ORGANIZATION: OrganizationKind.SENDING_ORGANIZATION,
    ScopeKind.TRAINING_CENTRE: OrganizationKind.TRAINING_CENTRE,
}
_GROUPS = {
    ScopeKind.PREFECTURE: _("Prefectures"),
    ScopeKind.ASSOCIATION: _("Associations"),
    ScopeKind.SENDING_ORGANIZATION: _("LPK/SOs"),
    ScopeKind.TRAINING_CENTRE: _("Training centres (BLK)"),
}


def _organization_names(kind: OrganizationKind, ids: Sequence[int] | None = None) -> list[Choice]:
    organizations = Organization.objects.filter(kind=kind)
    organizations = organizations.filter(pk__in=ids) if ids is not None else organizations.filter(is_active=True)
    named = [(org.pk, org.local_name) for org in organizations.only("pk", "name", "name_ja")]
    return sorted(((Scope(_scope_kind(kind), pk).token, name) for pk, name in named), key=lambda choice: choice[1])


def _scope_kind(kind: OrganizationKind) -> ScopeKind:
    return next(scope_kind for scope_kind, org_kind in _KINDS.items() if org_kind == kind)


def _prefecture_names(ids: Sequence[int] | None = None) -> list[Choice]:
    prefectures = Prefecture.objects.order_by("jis_code")
    if ids is not None:
        prefectures = prefectures.filter(pk__in=ids)
    return [
        (Scope(ScopeKind.PREFECTURE, prefecture.pk).token, prefecture_name(prefecture)) for prefecture in prefectures
    ]


def scope_choices(user: User) -> list[Choice | ChoiceGroup]:
    """The scopes the reader may choose, by name, their default first: the
    ministry and the embassy any prefecture, association, LPK/SO or BLK;
    everyone else their own (``accounts.access.own_report_scopes``)."""
    own = access.own_report_scopes(user)
    if own == [ALL]:
        return [
            (ALL.token, str(_("The whole programme"))),
            (str(_GROUPS[ScopeKind.PREFECTURE]), _prefecture_names()),
            *((str(_GROUPS[kind]), _organization_names(org_kind)) for kind, org_kind in _KINDS.items()),
        ]
    names = dict(_prefecture_names([scope.id for scope in own if scope.kind == ScopeKind.PREFECTURE and scope.id]))
    for kind, org_kind in _KINDS.items():
        names.update(_organization_names(org_kind, [scope.id for scope in own if scope.kind == kind and scope.id]))
    together = _("%(association)s: all members")
    return [
        (
            scope.token,
            str(together % {"association": names[scope.token]})
            if scope.kind == ScopeKind.ASSOCIATION
            else names[scope.token],
        )
        for scope in own
        if scope.token in names
    ]


def flat(choices: Sequence[Choice | ChoiceGroup]) -> dict[str, str]:
    """Every choice by its value, out of its group."""
    values: dict[str, str] = {}
    for value, label in choices:
        if isinstance(label, list):
            values.update(label)
        else:
            values[value] = label
    return values


class DashboardFilters(forms.Form):
    scope = forms.ChoiceField(label=_("Whose figures"), required=False)
    # An empty year is every year (0); django-stubs think an empty value is always a string.
    year = forms.TypedChoiceField(
        label=pgettext_lazy("calendar year", "Year"),
        coerce=int,
        required=False,
        empty_value=EVERY_YEAR,  # type: ignore[arg-type]
    )
    programme = forms.ChoiceField(label=_("Programme"), required=False)

    def __init__(self, data: object = None, *, scopes: list[Choice | ChoiceGroup], years: Sequence[int]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["scope"].choices = scopes  # type: ignore[attr-defined]
        self.fields["year"].choices = [(EVERY_YEAR, _("Every year")), *((year, str(year)) for year in years)]  # type: ignore[attr-defined]
        self.fields["programme"].choices = [(EVERY_PROGRAMME, _("Every programme")), *Track.choices]  # type: ignore[attr-defined]
        self.default = Slice(Scope.parse(next(iter(flat(scopes)))) or ALL)

    def slice(self) -> Slice:
        """The slice asked for; the default where the form was not sent or was refused."""
        if not self.is_bound or not self.is_valid():
            return self.default
        scope = Scope.parse(self.cleaned_data["scope"]) or self.default.scope
        return Slice(scope, self.cleaned_data["year"], self.cleaned_data["programme"] or EVERY_PROGRAMME)
