"""The filters of each list, validated like a form: a value that is not one
the filter takes, or a filter that does not exist, is a 400 "validation"
error on that parameter, never ignored (a typo must not return everything)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers

from api.errors import invalid
from joborders.models import JobOrderStatus
from participants.models import NAME_SEARCH_TOO_SHORT, ParticipantQuerySet, too_short_to_search
from participants.models import Status as ParticipantStatus
from placements.models import PlacementStatus
from protection.models import Category
from protection.models import Status as CaseStatus
from reference.models import Track
from training.models import EnrolmentStatus

# Parameters of the pagination, which every list takes besides its filters.
PAGING = frozenset({"cursor", "page_size"})


class Filters(serializers.Serializer[dict[str, Any]]):
    # Parameter → ORM lookup, for the filters that are a plain equality or bound.
    lookups: ClassVar[dict[str, str]] = {}

    @classmethod
    def checked(cls, params: dict[str, str]) -> dict[str, Any]:
        """The query's filter values; 400 "validation" for an unknown filter or a bad value."""
        unknown = sorted(set(params) - set(cls().fields) - PAGING)
        if unknown:
            raise invalid({name: [_("There is no such filter here.")] for name in unknown})
        # An empty parameter (?status=) means no filter, as on the pages.
        filters = cls(data={name: value for name, value in params.items() if name not in PAGING and value != ""})
        if not filters.is_valid():
            raise invalid(filters.errors)
        return dict(filters.validated_data)

    @classmethod
    def narrow(cls, queryset: QuerySet[Any], params: dict[str, str]) -> QuerySet[Any]:
        return cls().apply(queryset, cls.checked(params))

    def apply(self, queryset: QuerySet[Any], values: dict[str, Any]) -> QuerySet[Any]:
        given = {self.lookups[name]: value for name, value in values.items() if name in self.lookups}
        return queryset.filter(**given)


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, help_text=help_text)


class ParticipantFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {
        "status": "status",
        "training_centre": "training_centre_id",
        "sending_organization": "sending_organization_id",
        "registered_since": "registered_at__date__gte",
    }
    status = serializers.ChoiceField(choices=ParticipantStatus.choices, required=False)
    training_centre = _id("The training centre (BLK) id.")
    sending_organization = _id("The LPK/SO id.")
    registered_since = serializers.DateField(required=False, help_text="Registered on or after this day.")
    search = serializers.CharField(
        required=False,
        max_length=100,
        help_text="Part of the name or katakana, at least three letters in a row, or a whole NIK (as the list page).",
    )

    def validate_search(self, value: str) -> str:
        if too_short_to_search(value):
            raise serializers.ValidationError(str(NAME_SEARCH_TOO_SHORT), code="too_short")
        return value

    def apply(self, queryset: QuerySet[Any], values: dict[str, Any]) -> QuerySet[Any]:
        narrowed = super().apply(queryset, values)
        if "search" in values and isinstance(narrowed, ParticipantQuerySet):
            narrowed = narrowed.search(values["search"])
        return narrowed


class TrainingRecordFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {
        "participant": "participant_id",
        "training_class": "training_class_id",
        "status": "status",
    }
    participant = _id("The participant id.")
    training_class = _id("The class id.")
    status = serializers.ChoiceField(choices=EnrolmentStatus.choices, required=False)


class JobOrderFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {"status": "status", "programme": "programme", "company": "company_id"}
    status = serializers.ChoiceField(choices=JobOrderStatus.choices, required=False)
    programme = serializers.ChoiceField(choices=Track.choices, required=False)
    company = _id("The company id.")


class ShortlistFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {"job_order": "job_order_id"}
    job_order = _id("The job order id.")


class InterviewFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {"job_order": "job_order_id", "participant": "participant_id"}
    job_order = _id("The job order id.")
    participant = _id("The participant id.")


class PlacementFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {
        "participant": "participant_id",
        "status": "status",
        "prefecture": "prefecture_id",
    }
    participant = _id("The participant id.")
    status = serializers.ChoiceField(choices=PlacementStatus.choices, required=False)
    prefecture = _id("The prefecture id (Japan).")


class GrievanceFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {"status": "status", "category": "category"}
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)


class LedgerEntryFilters(Filters):
    lookups: ClassVar[dict[str, str]] = {
        "participant": "participant_id",
        "paid_since": "paid_on__gte",
        "breaks_policy": "breaks_policy",
    }
    participant = _id("The participant id.")
    paid_since = serializers.DateField(required=False, help_text="Paid on or after this day.")
    breaks_policy = serializers.BooleanField(required=False, help_text="Only lines that break the fee policy.")
