"""Counts handed to the actions are whole numbers, or refused with a clear
error that names the field, and nothing is saved (a form refuses them too,
but scripts, imports and the API call the actions directly)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from joborders import actions
from joborders.models import CompanyProfile, JobOrder
from joborders.tests.world import Japan, company_details, order_details, organization_details, trainees
from tests.cast import Cast

pytestmark = pytest.mark.django_db

# Each kind of value a count must not be: a fraction (float or Decimal), a
# whole float, a boolean, a text, and below the minimum.
NOT_COUNTS = [30.5, Decimal("30.5"), 30.0, True, "30", -1]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _save_staff(cast: Cast, staff: object) -> CompanyProfile:
    profile = cast.company.company_profile
    return actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(full_time_staff=staff),
        trainees=None,
        expected_version=profile.version,
        by=cast.supervising_officer,
    )


@pytest.mark.parametrize("staff", [*NOT_COUNTS, 0], ids=repr)
def test_it_refuses_a_staff_count_that_is_not_a_whole_number_of_at_least_one(
    cast: Cast, japan: Japan, staff: object
) -> None:
    with pytest.raises(ValidationError) as refused:
        _save_staff(cast, staff)

    assert refused.value.message_dict == {"full_time_staff": [f"Give a whole number of at least 1, not “{staff}”."]}
    profile = CompanyProfile.objects.get(organization=cast.company)
    assert (profile.full_time_staff, profile.version) == (25, 1)


def test_it_saves_a_whole_staff_count(cast: Cast, japan: Japan) -> None:
    assert _save_staff(cast, 31).full_time_staff == 31


@pytest.mark.parametrize("count", NOT_COUNTS, ids=repr)
def test_it_refuses_trainee_numbers_that_are_not_whole(cast: Cast, japan: Japan, count: object) -> None:
    profile = cast.company.company_profile
    with pytest.raises(ValidationError) as refused:
        actions.save_company_profile(
            organization_id=cast.company.pk,
            organization=organization_details(),
            details=company_details(),
            trainees=trainees(ii=count),  # type: ignore[arg-type]
            expected_version=profile.version,
            by=cast.supervising_officer,
        )

    assert list(refused.value.message_dict) == ["trainees_stage_ii"]
    assert CompanyProfile.objects.get(organization=cast.company).trainees_stage_ii == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("positions", 2.5),
        ("positions", 0),
        ("hours_per_week", Decimal("40.5")),
        ("housing_cost_jpy", -1),
        ("min_age", 18.5),
        ("max_age", True),
        ("experience_months", "6"),
        ("monthly_wage_jpy", 185_000.0),
    ],
)
def test_a_job_order_refuses_counts_that_are_not_whole(cast: Cast, japan: Japan, field: str, value: object) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_job_order(details=order_details(cast, japan, **{field: value}), by=cast.company_officer)

    assert list(refused.value.message_dict) == [field]
    assert not JobOrder.objects.exists()


def test_a_job_order_may_leave_its_age_range_open(cast: Cast, japan: Japan) -> None:
    order = actions.create_job_order(
        details=order_details(cast, japan, min_age=None, max_age=None), by=cast.company_officer
    )

    assert (order.min_age, order.max_age) == (None, None)
