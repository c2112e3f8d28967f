"""Reference data in the admin, where ministry admins correct it.

Rows of a dated list are edited within their version; a version's kind and
the checksum of the file it was loaded from are fixed once it exists.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.admin_mixins import AuditedModelAdmin, MinistryTabularInline
from reference.models import (
    DocumentKind,
    ESDField,
    ExchangeRate,
    GateItem,
    JobCategory,
    LanguageTest,
    ListKind,
    ListVersion,
    Operation,
    Prefecture,
    ProgrammeJobFit,
    Province,
    RuleFamily,
    SendingProgramme,
    SSWField,
    StoredRuleVersion,
    TitpSswLink,
    VocationalProgramme,
)
from reference.rulebook import book_of, stored_rule_book
from rules import Programme, RuleDataError, legal_minimum_age

_RowT = TypeVar("_RowT", bound=models.Model)


@admin.register(Prefecture)
class PrefectureAdmin(AuditedModelAdmin[Prefecture]):
    list_display = ("jis_code", "name_ja", "name_en")
    search_fields = ("jis_code", "name_ja", "name_en")


@admin.register(Province)
class ProvinceAdmin(AuditedModelAdmin[Province]):
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(LanguageTest)
class LanguageTestAdmin(AuditedModelAdmin[LanguageTest]):
    list_display = ("code", "family", "level", "cefr", "rank")
    list_filter = ("family",)


@admin.register(ListVersion)
class ListVersionAdmin(AuditedModelAdmin[ListVersion]):
    list_display = ("kind", "label", "effective_from", "unverified", "loaded_at")
    list_filter = ("kind", "unverified")
    search_fields = ("label", "source")

    def get_readonly_fields(self, request: HttpRequest, obj: ListVersion | None = None) -> tuple[str, ...]:
        # Kind and label tie a version to its file in the manifest: renaming it
        # would make the next load_reference load the file again as a second version.
        return ("kind", "label", "checksum", "loaded_at") if obj else ("checksum", "loaded_at")


class _ListRowAdmin(AuditedModelAdmin[_RowT]):
    """Rows of one kind of dated list: filtered by version, and a row can only
    be put in a version of its own kind."""

    list_kind: ClassVar[ListKind]

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "version":
            kwargs["queryset"] = ListVersion.objects.filter(kind=self.list_kind)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OperationInline(MinistryTabularInline[Operation, JobCategory]):
    model = Operation
    fields = ("code", "name_ja", "name_id", "name_en", "max_stage")


@admin.register(JobCategory)
class JobCategoryAdmin(_ListRowAdmin[JobCategory]):
    list_kind = ListKind.TITP_JOB_CATEGORIES
    list_display = ("code", "name_ja", "name_id", "name_en", "sector", "max_stage", "version")
    list_filter = (("version", admin.RelatedOnlyFieldListFilter), "max_stage", "sector")
    list_select_related = ("version",)
    search_fields = ("code", "name_ja", "name_id", "name_en")
    inlines = (OperationInline,)


@admin.register(SSWField)
class SSWFieldAdmin(_ListRowAdmin[SSWField]):
    list_kind = ListKind.SSW_FIELDS
    list_display = ("number", "name_ja", "name_id", "name_en", "status", "ssw2_note", "version")
    list_filter = (("version", admin.RelatedOnlyFieldListFilter), "status")
    list_select_related = ("version",)
    search_fields = ("name_ja", "name_id", "name_en", "business_categories")


@admin.register(ESDField)
class ESDFieldAdmin(_ListRowAdmin[ESDField]):
    list_kind = ListKind.ESD_FIELDS
    list_display = ("number", "name_ja", "name_id", "name_en", "status", "transfer_months", "version")
    list_filter = (("version", admin.RelatedOnlyFieldListFilter), "status")
    list_select_related = ("version",)
    search_fields = ("name_ja", "name_id", "name_en", "business_categories")


class TitpSswLinkForm(forms.ModelForm[TitpSswLink]):
    class Meta:
        model = TitpSswLink
        fields = ("version", "job_category_code", "ssw_field_ja", "verified", "source")

    def clean(self) -> dict[str, Any]:
        """A row names a job category of the TITP list and a field of the SSW
        list in force today: a typo would silently exempt nobody."""
        data = super().clean() or {}
        code, field = data.get("job_category_code"), data.get("ssw_field_ja")
        titp = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES)
        if code and titp is not None and not titp.job_categories.filter(code=code).exists():
            self.add_error(
                "job_category_code",
                _("There is no job category %(code)s in the TITP list %(label)s.")
                % {"code": code, "label": titp.label},
            )
        ssw = ListVersion.objects.in_force(ListKind.SSW_FIELDS)
        if field and ssw is not None and not ssw.ssw_fields.filter(name_ja=field).exists():
            self.add_error(
                "ssw_field_ja",
                _("There is no field %(field)s in the SSW field list %(label)s.")
                % {"field": field, "label": ssw.label},
            )
        return data


@admin.register(TitpSswLink)
class TitpSswLinkAdmin(_ListRowAdmin[TitpSswLink]):
    list_kind = ListKind.TITP_SSW_TABLE
    form = TitpSswLinkForm
    list_display = ("job_category_code", "ssw_field_ja", "verified", "version")
    list_filter = (("version", admin.RelatedOnlyFieldListFilter), "verified", "ssw_field_ja")
    list_select_related = ("version",)
    search_fields = ("job_category_code", "ssw_field_ja", "source")


class ProgrammeJobFitForm(forms.ModelForm[ProgrammeJobFit]):
    class Meta:
        model = ProgrammeJobFit
        fields = ("job_category_code", "fit")

    def clean_job_category_code(self) -> str:
        """The same rule as the loader: the code must name a job category of
        the TITP list in force."""
        code: str = self.cleaned_data["job_category_code"].strip()
        titp = ListVersion.objects.in_force(ListKind.TITP_JOB_CATEGORIES)
        if titp is None or not titp.job_categories.filter(code=code).exists():
            raise forms.ValidationError(
                _("%(code)s is not a job category of the TITP list in force."), params={"code": code}
            )
        return code


class ProgrammeJobFitInline(MinistryTabularInline[ProgrammeJobFit, VocationalProgramme]):
    model = ProgrammeJobFit
    form = ProgrammeJobFitForm


@admin.register(VocationalProgramme)
class VocationalProgrammeAdmin(_ListRowAdmin[VocationalProgramme]):
    list_kind = ListKind.VOCATIONAL_PROGRAMMES
    list_display = ("code", "name_id", "name_ja", "name_en", "ssw_fields", "version")
    list_filter = (("version", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("version",)
    search_fields = ("code", "name_id", "name_ja", "name_en")
    inlines = (ProgrammeJobFitInline,)


class SendingProgrammeForm(forms.ModelForm[SendingProgramme]):
    # Ticked boxes instead of raw JSON: admins are ministry staff, not developers.
    required_documents = forms.MultipleChoiceField(
        label=_("required documents"),
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gate_items = forms.MultipleChoiceField(
        label=_("pre-departure gate items"),
        choices=GateItem.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked for the standard list of the residence programme."),
    )

    class Meta:
        model = SendingProgramme
        fields = (
            "code",
            "name",
            "track",
            "min_age",
            "max_age",
            "sex",
            "min_language_level",
            "accepts_in_house_level",
            "requires_skill_course",
            "min_sending_organization_hours",
            "passport_valid_months",
            "required_documents",
            "gate_items",
            "min_orientation_hours",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The maximum age is below the minimum age."))
        track = cleaned.get("track")
        if low is not None and track:
            # A programme may ask for older participants than the law, never younger.
            ages = stored_rule_book().versions_in_force(timezone.localdate()).ages
            answer = legal_minimum_age(programme=Programme(track), min_age=low, version=ages)
            for refusal in answer.refusals:
                self.add_error("min_age", str(refusal.message))
        return cleaned


@admin.register(SendingProgramme)
class SendingProgrammeAdmin(AuditedModelAdmin[SendingProgramme]):
    form = SendingProgrammeForm
    list_display = ("name", "code", "track", "min_age", "max_age", "min_language_level", "is_active")
    list_filter = ("track", "is_active")
    search_fields = ("code", "name")


class StoredRuleVersionForm(forms.ModelForm[StoredRuleVersion]):
    class Meta:
        model = StoredRuleVersion
        fields = ("family", "label", "effective_from", "source", "parameters")
        help_texts = {
            "parameters": _(
                'Each parameter as {"value": ..., "source": "where the figure comes from", '
                '"unverified": true|false}; the form starts from the version in force today.'
            ),
        }

    def clean_effective_from(self) -> Any:
        day = self.cleaned_data["effective_from"]
        # Earlier dates would answer differently for days already decided on.
        if day < timezone.localdate():
            raise forms.ValidationError(_("A rule change applies from today or later."))
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        fields = ("family", "label", "effective_from", "source", "parameters")
        new = StoredRuleVersion(**{name: cleaned[name] for name in fields})
        try:
            # The new version among the stored ones, as decisions will read them.
            book_of([*StoredRuleVersion.objects.all(), new])
        except RuleDataError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


@admin.register(StoredRuleVersion)
class StoredRuleVersionAdmin(AuditedModelAdmin[StoredRuleVersion]):
    """Versions are added, never edited or deleted: decisions name the version
    they rested on. The add form starts from the version in force today
    (``?family=titp_quota`` chooses the family)."""

    form = StoredRuleVersionForm
    list_display = ("family", "label", "effective_from", "created_at")
    list_filter = ("family",)

    def has_change_permission(self, request: HttpRequest, obj: StoredRuleVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StoredRuleVersion | None = None) -> bool:
        return False

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        family = request.GET.get("family", RuleFamily.TITP_QUOTA)
        current = (
            StoredRuleVersion.objects.filter(family=family, effective_from__lte=timezone.localdate())
            .order_by("-effective_from")
            .first()
        )
        if current is None:
            return {"family": family}
        return {"family": family, "source": current.source, "parameters": current.parameters}


class ExchangeRateForm(forms.ModelForm[ExchangeRate]):
    class Meta:
        model = ExchangeRate
        fields = ("effective_from", "idr_per_jpy", "source", "note")

    def clean_effective_from(self) -> Any:
        day = self.cleaned_data["effective_from"]
        # Pages showed the rate then in force on every day already past.
        if day < timezone.localdate():
            raise forms.ValidationError(_("A new rate applies from today or later."))
        return day


@admin.register(ExchangeRate)
class ExchangeRateAdmin(AuditedModelAdmin[ExchangeRate]):
    """Rates are set for a day from today on. Once its day has come a rate
    has been shown beside wages, so it is never changed or deleted; a rate
    whose day is still ahead may be."""

    form = ExchangeRateForm
    list_display = ("effective_from", "idr_per_jpy", "source", "set_by", "set_at")
    readonly_fields = ("set_by", "set_at")

    def has_change_permission(self, request: HttpRequest, obj: ExchangeRate | None = None) -> bool:
        in_force = obj is not None and obj.in_force_on(timezone.localdate())
        return super().has_change_permission(request, obj) and not in_force

    def has_delete_permission(self, request: HttpRequest, obj: ExchangeRate | None = None) -> bool:
        in_force = obj is not None and obj.in_force_on(timezone.localdate())
        return super().has_delete_permission(request, obj) and not in_force

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        # "Delete selected" would delete rates in force too.
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request: HttpRequest, obj: ExchangeRate, form: Any, change: Any) -> None:
        if isinstance(request.user, User):
            obj.set_by, obj.set_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
