"""Rules about one job order or profile, and the queries over them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from joborders import actions
from joborders.checks import business_categories
from joborders.models import (
    ALLOWED_TRANSITIONS,
    CompanyProfile,
    JobOrder,
    JobOrderStatus,
    SupervisingCategory,
    SupervisingOrganizationProfile,
    TitpStage,
    profile_of,
)
from joborders.tests.world import Japan, order_details
from reference.models import ESDField, JobCategory, Operation, Prefecture, SSWField
from tests.cast import Cast


def test_the_status_edges_are_exactly_those_of_the_issue() -> None:
    edges = {(before, after) for before, afters in ALLOWED_TRANSITIONS.items() for after in afters}
    assert edges == {
        ("draft", "open"),
        ("open", "interviewing"),
        ("open", "cancelled"),
        ("interviewing", "filled"),
        ("interviewing", "cancelled"),
    }
    assert set(ALLOWED_TRANSITIONS) == set(JobOrderStatus)


@pytest.mark.parametrize(
    ("since", "until", "day", "excellent"),
    [
        (None, None, datetime.date(2026, 1, 1), False),
        (datetime.date(2025, 4, 1), None, datetime.date(2025, 3, 31), False),
        (datetime.date(2025, 4, 1), None, datetime.date(2025, 4, 1), True),
        (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31), datetime.date(2026, 3, 31), True),
        (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31), datetime.date(2026, 4, 1), False),
    ],
)
def test_an_excellent_rating_holds_between_its_dates(
    since: datetime.date | None, until: datetime.date | None, day: datetime.date, excellent: bool
) -> None:
    profile = CompanyProfile(excellent_since=since, excellent_until=until)
    assert profile.is_excellent_on(day) is excellent


def test_only_a_general_licence_supervises_stage_iii() -> None:
    assert SupervisingOrganizationProfile(category=SupervisingCategory.GENERAL).may_supervise_stage_iii
    assert not SupervisingOrganizationProfile(category=SupervisingCategory.SPECIFIC).may_supervise_stage_iii


def test_a_company_counts_its_trainees_by_stage() -> None:
    profile = CompanyProfile(trainees_stage_i=2, trainees_stage_ii=5, trainees_stage_iii=1)
    assert [profile.current_trainees(stage) for stage in TitpStage] == [2, 5, 1]


def test_profile_of_finds_each_kinds_profile(cast: Cast, japan: Japan) -> None:
    assert profile_of(cast.company) == CompanyProfile.objects.get(organization=cast.company)
    assert profile_of(cast.supervising) == SupervisingOrganizationProfile.objects.get()
    assert profile_of(cast.support_organization) is None  # none yet
    assert profile_of(cast.lpk) is None  # not an organization in Japan


def test_open_interviewing_and_filled_titp_orders_count_for_the_quota(cast: Cast, japan: Japan) -> None:
    def order(status_path: list[JobOrderStatus], **overrides: object) -> JobOrder:
        made = actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)
        for status in status_path:
            made = actions.change_job_order_status(
                job_order_id=made.pk, to=status, by=cast.company_officer, reason="test"
            )
        return made

    order([JobOrderStatus.OPEN, JobOrderStatus.CANCELLED], positions=1)
    filled = order([JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED], positions=1)
    opened = order([JobOrderStatus.OPEN], positions=1, job_category=japan.carpentry, operation=japan.carpentry_work)
    order([], positions=3)

    counted = JobOrder.objects.titp_commitments
    assert counted(company_id=cast.company.pk) == [
        ("filled", 1, 1, filled.start_date, "機械・金属"),
        ("open", 1, 1, opened.start_date, "建設関係 / Construction"),
    ]
    assert [row[0] for row in counted(company_id=cast.company.pk, excluding=opened.pk)] == ["filled"]
    assert counted(company_id=japan.other_company.pk) == []


def test_the_take_home_pay_is_the_wage_less_the_deductions() -> None:
    order = JobOrder(monthly_wage_jpy=185_000, housing_cost_jpy=25_000, other_deductions_jpy=5_000)
    assert (order.deductions_jpy, order.take_home_before_tax_jpy) == (30_000, 155_000)


def test_a_fields_business_categories_are_read_one_by_one(japan: Japan) -> None:
    assert business_categories(japan.construction) == ["土木", "建築", "ライフライン・設備"]
    japan.construction.business_categories = "機械金属加工; 電気電子機器組立て; 印刷・製本 ..."
    assert business_categories(japan.construction) == ["機械金属加工", "電気電子機器組立て", "印刷・製本"]
    japan.construction.business_categories = "自動車整備 (+車体整備 planned)"  # the list's note is not a name
    assert business_categories(japan.construction) == ["自動車整備"]
    japan.construction.business_categories = "介護（身体介護等）"  # full-width brackets are part of it
    assert business_categories(japan.construction) == ["介護（身体介護等）"]


# --- what the pages name -------------------------------------------------------


def test_the_workplace_reads_as_each_reader_writes_places() -> None:
    miyagi = Prefecture(jis_code="04", name_ja="宮城県", name_en="Miyagi")
    order = JobOrder(workplace_prefecture=miyagi, workplace_city="Sendai", workplace_city_ja="仙台市")
    with translation.override("ja"):
        assert (order.workplace, order.workplace_ja) == ("宮城県仙台市", "")
    with translation.override("id"):
        assert (order.workplace, order.workplace_ja) == ("Miyagi, Sendai", "宮城県仙台市")


def test_an_order_entered_before_cities_had_japanese_names_reads_in_romaji() -> None:
    miyagi = Prefecture(jis_code="04", name_ja="宮城県", name_en="Miyagi")
    order = JobOrder(workplace_prefecture=miyagi, workplace_city="Sendai", workplace_city_ja="")
    with translation.override("ja"):
        assert (order.workplace, order.workplace_ja) == ("宮城県 Sendai", "")
    with translation.override("id"):
        assert order.workplace_ja == ""


def test_the_job_is_named_as_precisely_as_the_order_names_it() -> None:
    category = JobCategory(code="7-7", name_ja="溶接", name_en="Welding")
    operation = Operation(code="7-7-1", name_ja="手溶接", name_en="Manual welding")
    field = SSWField(number=4, name_ja="建設", name_en="Construction")
    esd = ESDField(number=4, name_ja="建設", name_en="Construction")

    assert JobOrder(job_category=category, operation=operation).job_type is operation
    assert JobOrder(job_category=category).job_type is category
    assert JobOrder(ssw_field=field).job_type is field
    assert JobOrder(esd_field=esd).job_type is esd
    assert JobOrder().job_type is None
