"""Profiles of organizations in Japan: created and edited through the actions,
with versions against concurrent edits and an audit row for every change."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Organization, OrganizationKind
from audit.models import AuditAction, AuditEntry
from joborders import actions
from joborders.models import CompanyProfile, SupervisingCategory, SupportOrganizationProfile, profile_of
from joborders.tests.world import (
    Japan,
    company_details,
    organization_details,
    prefecture,
    supervising_details,
    trainees,
)
from tests.cast import Cast

pytestmark = pytest.mark.django_db


def test_a_first_save_creates_the_profile_and_updates_the_organization(cast: Cast) -> None:
    profile = actions.save_supervising_profile(
        organization_id=cast.supervising.pk,
        organization=organization_details(name_ja="ジェイ・オー・イー協同組合", city="Sendai"),
        details=supervising_details(category=SupervisingCategory.SPECIFIC),
        expected_version=0,
        by=cast.supervising_officer,
    )
    cast.supervising.refresh_from_db()
    assert cast.supervising.name_ja == "ジェイ・オー・イー協同組合"
    assert cast.supervising.prefecture == prefecture()
    assert (profile.version, profile.may_supervise_stage_iii) == (1, False)
    assert AuditEntry.objects.for_object(profile).get().action == AuditAction.CREATED
    assert AuditEntry.objects.for_object(cast.supervising).get().changes["name_ja"] == [
        "",
        "ジェイ・オー・イー協同組合",
    ]


def test_an_edit_from_an_old_copy_is_refused(cast: Cast, japan: Japan) -> None:
    def save(staff: int, version: int) -> CompanyProfile:
        return actions.save_company_profile(
            organization_id=cast.company.pk,
            organization=organization_details(),
            details=company_details(full_time_staff=staff),
            trainees=None,
            expected_version=version,
            by=cast.company_officer,
        )

    assert save(30, 1).version == 2
    with pytest.raises(actions.EditConflict):
        save(40, 1)
    assert CompanyProfile.objects.get(organization=cast.company).full_time_staff == 30


def test_a_company_edit_without_trainee_numbers_keeps_them(cast: Cast, japan: Japan) -> None:
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(),
        trainees=trainees(i=2, ii=4),
        expected_version=1,
        by=cast.supervising_officer,
    )
    profile = actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(industry="Precision machining"),
        trainees=None,
        expected_version=2,
        by=cast.company_officer,
    )
    assert (profile.industry, profile.trainees_stage_i, profile.trainees_stage_ii) == ("Precision machining", 2, 4)
    entry = AuditEntry.objects.for_object(profile).filter(actor=cast.company_officer).get()
    assert entry.changes == {"industry": ["Metal machining", "Precision machining"]}


@pytest.mark.parametrize("staff", [0, -3])
def test_a_company_has_at_least_one_full_time_employee(cast: Cast, japan: Japan, staff: int) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.save_company_profile(
            organization_id=cast.company.pk,
            organization=organization_details(),
            details=company_details(full_time_staff=staff),
            trainees=None,
            expected_version=1,
            by=cast.company_officer,
        )
    assert "full_time_staff" in refused.value.message_dict
    assert CompanyProfile.objects.get(organization=cast.company).full_time_staff == 25


def test_an_excellent_rating_cannot_end_before_it_starts(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.save_company_profile(
            organization_id=cast.company.pk,
            organization=organization_details(),
            details=company_details(
                excellent_since=datetime.date(2025, 4, 1), excellent_until=datetime.date(2024, 3, 31)
            ),
            trainees=None,
            expected_version=1,
            by=cast.company_officer,
        )
    assert "excellent_until" in refused.value.message_dict


def test_a_profile_is_for_its_own_kind_of_organization(cast: Cast) -> None:
    with pytest.raises(actions.WrongKind):
        actions.save_company_profile(
            organization_id=cast.supervising.pk,
            organization=organization_details(),
            details=company_details(),
            trainees=None,
            expected_version=0,
            by=cast.ministry_admin,
        )


def test_a_support_organization_keeps_its_registration(cast: Cast) -> None:
    profile = actions.save_support_profile(
        organization_id=cast.support_organization.pk,
        organization=organization_details(name_ja="仙台サポート"),
        details=actions.SupportDetails(registration_number="19登-000123", registered_on=datetime.date(2019, 6, 1)),
        expected_version=0,
        by=cast.support_officer,
    )
    assert profile_of(cast.support_organization) == profile
    assert SupportOrganizationProfile.objects.get().registration_number == "19登-000123"


def test_a_supervising_organization_adds_a_member_company_with_its_profile(cast: Cast, japan: Japan) -> None:
    company = actions.add_member_company(
        supervising_id=cast.supervising.pk,
        name="Sendai Steel",  # the cast's company has this name: the code is numbered on
        organization=organization_details(name_ja="仙台鋼業"),
        details=company_details(full_time_staff=12),
        trainees=trainees(i=1),
        by=cast.supervising_officer,
    )
    assert (company.kind, company.parent, company.code) == (
        OrganizationKind.COMPANY,
        cast.supervising,
        "sendai-steel-2",
    )
    again = actions.add_member_company(
        supervising_id=cast.supervising.pk,
        name="Sendai Steel",
        organization=organization_details(),
        details=company_details(),
        trainees=trainees(),
        by=cast.supervising_officer,
    )
    assert again.code == "sendai-steel-3"
    profile = CompanyProfile.objects.get(organization=company)
    assert (profile.full_time_staff, profile.trainees_stage_i) == (12, 1)
    assert AuditEntry.objects.for_object(company).get().action == AuditAction.CREATED


def test_a_company_is_added_only_under_a_supervising_organization(cast: Cast) -> None:
    with pytest.raises(actions.WrongKind):
        actions.add_member_company(
            supervising_id=cast.company.pk,
            name="Nowhere",
            organization=organization_details(),
            details=company_details(),
            trainees=trainees(),
            by=cast.ministry_admin,
        )
    assert not Organization.objects.filter(name="Nowhere").exists()


def test_an_organization_in_japan_is_never_saved_without_its_japanese_name(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.save_supervising_profile(
            organization_id=cast.supervising.pk,
            organization=organization_details(name_ja=""),
            details=supervising_details(),
            expected_version=0,
            by=cast.supervising_officer,
        )

    assert list(refused.value.message_dict) == ["name_ja"]
    assert not AuditEntry.objects.for_object(cast.supervising).exists()
    assert profile_of(cast.supervising) is None


def test_a_member_company_is_never_added_with_its_names_in_the_wrong_script(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.add_member_company(
            supervising_id=cast.supervising.pk,
            name="泉精機",
            organization=organization_details(name_ja="Izumi Seiki", city_ja="Sendai"),
            details=company_details(),
            trainees=trainees(),
            by=cast.supervising_officer,
        )

    assert set(refused.value.message_dict) == {"name", "name_ja", "city_ja"}
    assert not Organization.objects.filter(parent=cast.supervising).exclude(pk=cast.company.pk).exists()
