"""The ledger in the admin, for ministry administrators: the cost catalogue
(a change is a new dated row, so entries keep the version they were checked
against), subsidy agreements and BLK budgets. Ledger lines are read here,
never changed: they are append-only (see ledger.models)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.admin_mixins import AuditedModelAdmin
from ledger.models import Budget, CostClass, Dispute, LedgerEntry, SubsidyAgreement


@admin.register(CostClass)
class CostClassAdmin(AuditedModelAdmin[CostClass]):
    list_display = ("code", "name_en", "kind", "participant_may_bear", "effective_from")
    list_filter = ("kind", "participant_may_bear")
    search_fields = ("code", "name_en", "name_id", "name_ja")

    def get_readonly_fields(self, request: HttpRequest, obj: CostClass | None = None) -> Any:
        # A version's code and date are who it is; entries point at it.
        return ("code", "effective_from") if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: CostClass | None = None) -> bool:
        return False


@admin.register(SubsidyAgreement)
class SubsidyAgreementAdmin(AuditedModelAdmin[SubsidyAgreement]):
    list_display = (
        "cooperative",
        "sending_organization",
        "basis",
        "amount_per_unit",
        "currency",
        "planned_units",
        "starts_on",
        "ends_on",
    )
    list_filter = ("basis", "currency")


@admin.register(Budget)
class BudgetAdmin(AuditedModelAdmin[Budget]):
    list_display = ("training_centre", "year", "amount", "currency")
    list_filter = ("year",)


class ReadOnlyAdmin(AuditedModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("participant", "paid_on", "cost_class", "amount", "currency", "payer", "breaks_policy")
    list_filter = ("payer", "currency", "breaks_policy")
    list_select_related = ("participant", "cost_class")


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ("participant", "entry", "status", "opened_at")
    list_filter = ("status",)
