"""Bad input on the job order and profile pages: a clear message at the field,
nothing saved, and what was typed kept in the form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from accounts.models import Organization
from joborders.models import CompanyProfile, JobOrder
from joborders.tests.world import Japan, titp_list
from reference.models import JobCategory
from tests.cast import Cast


def posted(cast: Cast, japan: Japan, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company": cast.company.pk,
        "programme": "titp",
        "title": "Welder",
        "titp_stage": "1",
        "job_category": japan.welding.pk,
        "operation": japan.manual_welding.pk,
        "positions": "3",
        "workplace_prefecture": japan.miyagi.pk,
        "workplace_city": "Sendai",
        "workplace_city_ja": "仙台市",
        "monthly_wage": "185,000",
        "hours_per_week": "40",
        "housing_provided": "on",
        "housing_cost_jpy": "25000",
        "other_deductions_jpy": "5000",
        "start_date": "2026-10-01",
        "interview_date": "2026-07-15",
        "interview_mode": "online",
        "min_japanese_level": japan.n4.pk,
        "min_age": "18",
        "max_age": "30",
        "experience_months": "0",
        "sending_organizations": [cast.lpk.pk],
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def officer(english: Client, cast: Cast) -> Client:
    english.force_login(cast.company_officer)
    return english


def refused(client: Client, data: dict[str, Any], field: str) -> list[str]:
    """Post, check that it was refused with nothing saved, and return the field's errors."""
    response = client.post("/joborders/new/", data)
    assert response.status_code == 400
    assert not JobOrder.objects.exists()
    errors: list[str] = response.context["form"].errors.get(field, [])
    assert errors, response.context["form"].errors
    return errors


def test_a_valid_order_is_saved_as_a_draft(officer: Client, cast: Cast, japan: Japan) -> None:
    response = officer.post("/joborders/new/", posted(cast, japan, monthly_wage="18.5万円"))
    order = JobOrder.objects.get()
    assert response["Location"] == f"/joborders/{order.pk}/"
    assert (order.monthly_wage_jpy, order.status, order.positions) == (185_000, "draft", 3)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Rp 5.000.000", "Wages are entered in JPY a month, not in IDR."),
        ("USD 1,500", "Wages are entered in JPY a month, not in USD."),
        ("1,100", "¥1,100 a month is below ¥100,000: is it hourly pay, or an amount in 万円?"),
        ("18.5", "Yen have no decimals"),
        ("18", "¥18 a month is below ¥100,000: is it hourly pay, or an amount in 万円?"),
        ("1,200/jam", "“/jam” looks like pay per hour, day, week or year."),
        ("時給1,100円", "“時給” looks like pay per hour, day, week or year."),
        ("2,400,000", "¥2,400,000 a month is above ¥1,000,000: is it yearly pay, or an amount in rupiah?"),
        ("lots", "Type the monthly wage in yen with digits"),
        ("-185000", "A wage cannot be negative."),
    ],
)
def test_a_wage_in_the_wrong_currency_or_unit_is_refused(
    officer: Client, cast: Cast, japan: Japan, typed: str, message: str
) -> None:
    data = posted(cast, japan, monthly_wage=typed)
    (error,) = refused(officer, data, "monthly_wage")
    assert message in error
    response = officer.post("/joborders/new/", data)
    assert f'value="{typed}"' in response.content.decode()  # what was typed stays to be corrected


def test_a_job_category_from_another_list_version_is_refused_by_name(officer: Client, cast: Cast, japan: Japan) -> None:
    older = titp_list(label="2023", effective_from=datetime.date(2023, 4, 1))
    stale = JobCategory.objects.get(version=older, code="7-7")
    (error,) = refused(
        officer, posted(cast, japan, job_category=stale.pk, operation=stale.operations.get().pk), "job_category"
    )
    assert error == (
        "Job category 7-7 is not in the TITP job category list in force on 1 October 2026 (version 2025). "
        "Choose one from that list."
    )


@pytest.mark.parametrize(
    ("language", "day"), [("ja", "2026年10月1日"), ("id", "1 Oktober 2026"), ("en", "1 October 2026")]
)
def test_a_refusal_names_its_date_the_readers_way(
    officer: Client, cast: Cast, japan: Japan, language: str, day: str
) -> None:
    officer.cookies["django_language"] = language
    older = titp_list(label="2023", effective_from=datetime.date(2023, 4, 1))
    stale = JobCategory.objects.get(version=older, code="7-7")

    (error,) = refused(
        officer, posted(cast, japan, job_category=stale.pk, operation=stale.operations.get().pk), "job_category"
    )

    assert day in error
    assert "2026-10-01" not in error


@pytest.mark.parametrize(("language", "amounts"), [("id", ("¥185.000", "¥190.000")), ("ja", ("¥185,000", "¥190,000"))])
def test_deductions_that_take_the_whole_wage_are_refused_with_yen_the_readers_way(
    officer: Client, cast: Cast, japan: Japan, language: str, amounts: tuple[str, str]
) -> None:
    officer.cookies["django_language"] = language
    data = posted(cast, japan, monthly_wage="185000", housing_cost_jpy="150000", other_deductions_jpy="40000")

    (error,) = refused(officer, data, "other_deductions_jpy")

    wage, deductions = amounts
    assert wage in error
    assert deductions in error


def test_a_job_category_that_does_not_exist_is_refused(officer: Client, cast: Cast, japan: Japan) -> None:
    refused(officer, posted(cast, japan, job_category=999_999), "job_category")


def test_an_operation_must_belong_to_the_job_category(officer: Client, cast: Cast, japan: Japan) -> None:
    (error,) = refused(officer, posted(cast, japan, operation=japan.die_casting.pk), "operation")
    assert error == "Operation 6-1-1 is not part of job category 7-7."


def test_a_stage_beyond_the_operation_is_refused(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, job_category=japan.casting.pk, operation=japan.die_casting.pk, titp_stage="3")
    assert "Operation 6-1-1 goes up to stage ii only, not stage iii." in refused(officer, data, "titp_stage")


def test_an_ssw_field_not_yet_open_is_refused(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, programme="ssw", ssw_field=japan.linen.pk)
    (error,) = refused(officer, data, "ssw_field")
    assert error == "SSW field Linen supply is not open yet: it is planned, with no opening date"


def test_an_open_ssw_field_is_accepted_and_the_titp_choices_are_dropped(
    officer: Client, cast: Cast, japan: Japan
) -> None:
    data = posted(cast, japan, programme="ssw", ssw_field=japan.construction.pk, business_category="建築")
    assert officer.post("/joborders/new/", data).status_code == 302
    order = JobOrder.objects.get()
    assert (order.ssw_field, order.business_category, order.job_category) == (japan.construction, "建築", None)


def test_a_business_category_must_belong_to_the_field(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, programme="ssw", ssw_field=japan.construction.pk, business_category="リネンサプライ")
    assert "is not a business category of" in refused(officer, data, "business_category")[0]


def test_titp_takes_no_one_starting_when_esd_has_replaced_it(officer: Client, cast: Cast, japan: Japan) -> None:
    (error,) = refused(officer, posted(cast, japan, start_date="2027-04-01"), "start_date")
    assert error.startswith("TITP takes no trainees starting on or after 1 April 2027")


def test_esd_takes_no_one_before_it_starts(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, programme="esd", ssw_field=japan.construction.pk)
    (error,) = refused(officer, data, "start_date")
    assert error == "ESD starts on 1 April 2027; a start on 1 October 2026 is too early"


@pytest.mark.parametrize("positions", ["0", "-2"])
def test_a_job_order_has_at_least_one_position(officer: Client, cast: Cast, japan: Japan, positions: str) -> None:
    assert refused(officer, posted(cast, japan, positions=positions), "positions") == [
        "A job order has at least one position."
    ]


def test_an_age_range_goes_upwards(officer: Client, cast: Cast, japan: Japan) -> None:
    assert refused(officer, posted(cast, japan, min_age="30", max_age="20"), "max_age") == [
        "The maximum age (20) is below the minimum age (30)."
    ]
    response = officer.post("/joborders/new/", posted(cast, japan, min_age="30", max_age="20", positions="0"))
    assert not response.context["form"].non_field_errors()  # no database constraint's name shown


def test_deductions_cannot_take_the_whole_wage(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, housing_cost_jpy="150000", other_deductions_jpy="40000")
    assert "take the whole wage" in refused(officer, data, "other_deductions_jpy")[0]


def test_a_titp_order_needs_its_job_type(officer: Client, cast: Cast, japan: Japan) -> None:
    response = officer.post("/joborders/new/", posted(cast, japan, job_category="", operation="", titp_stage=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["job_category"] == ["Choose the TITP job category."]
    assert errors["titp_stage"] == ["Choose the TITP stage the trainees will be in."]


def test_a_company_of_another_cooperative_cannot_be_chosen(officer: Client, cast: Cast, japan: Japan) -> None:
    refused(officer, posted(cast, japan, company=japan.other_company.pk), "company")


# --- profiles -----------------------------------------------------------------


def profile_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": "1",
        "name_ja": "仙台製鋼株式会社",
        "city": "Sendai",
        "industry": "Metal machining",
        "full_time_staff": "25",
        "trainees_stage_i": "0",
        "trainees_stage_ii": "0",
        "trainees_stage_iii": "0",
        "trainees_recorded_on": "2026-10-01",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("staff", ["0", "-4"])
def test_a_staff_count_of_zero_or_less_is_refused(english: Client, cast: Cast, japan: Japan, staff: str) -> None:
    english.force_login(cast.supervising_officer)
    response = english.post(f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(full_time_staff=staff))
    assert response.status_code == 400
    assert response.context["form"].errors["full_time_staff"] == [
        "A company has at least one full-time employee: give the number of permanent full-time staff."
    ]
    assert f'value="{staff}"' in response.content.decode()
    assert CompanyProfile.objects.get(organization=cast.company).full_time_staff == 25


def test_a_negative_number_of_trainees_is_refused(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    response = english.post(f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(trainees_stage_ii="-1"))
    assert response.context["form"].errors["trainees_stage_ii"] == ["A number of trainees is 0 or more."]
    assert CompanyProfile.objects.get(organization=cast.company).trainees_stage_ii == 0


# --- names in both scripts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workplace_city_ja": ""}, "This field is required."),
        ({"workplace_city_ja": "Sendai-shi"}, "Write the city in Japanese, e.g. 仙台市."),
        (
            {"workplace_city": "仙台市"},
            "Write the city in Latin letters, e.g. Sendai; the Japanese name has its own field.",
        ),
    ],
)
def test_the_workplace_city_is_given_in_both_scripts(
    officer: Client, cast: Cast, japan: Japan, changes: dict[str, str], message: str
) -> None:
    (field,) = changes  # the field changed is the field refused
    data = posted(cast, japan, **changes)
    assert refused(officer, data, field) == [message]
    form = officer.post("/joborders/new/", data).context["form"]
    assert (form["workplace_city"].value(), form["workplace_city_ja"].value()) == (  # kept as typed
        data["workplace_city"],
        data["workplace_city_ja"],
    )


def test_a_new_order_starts_from_the_companys_city_in_both_scripts(officer: Client, cast: Cast, japan: Japan) -> None:
    cast.company.city_ja = "仙台市"
    cast.company.save(update_fields=["city_ja"])

    form = officer.get("/joborders/new/").context["form"]

    assert (form["workplace_city"].value(), form["workplace_city_ja"].value()) == ("Sendai", "仙台市")


def test_a_saved_order_keeps_the_city_in_both_scripts(officer: Client, cast: Cast, japan: Japan) -> None:
    officer.post("/joborders/new/", posted(cast, japan, workplace_city=" Ishinomaki ", workplace_city_ja=" 石巻市 "))
    order = JobOrder.objects.get()
    assert (order.workplace_city, order.workplace_city_ja) == ("Ishinomaki", "石巻市")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_ja": ""}, "This field is required."),
        (
            {"name_ja": "Sendai Seiko"},
            "Write the Japanese name in kanji or kana, e.g. 宮城県金属加工協同組合.",
        ),
        ({"city_ja": "Sendai"}, "Write the city in Japanese, e.g. 仙台市."),
        (
            {"city": "仙台"},
            "Write the city in Latin letters, e.g. Sendai; the Japanese name has its own field.",
        ),
    ],
)
def test_a_profile_names_the_organization_in_each_script(
    english: Client, cast: Cast, japan: Japan, changes: dict[str, str], message: str
) -> None:
    (field,) = changes  # the field changed is the field refused
    english.force_login(cast.supervising_officer)
    response = english.post(f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    cast.company.refresh_from_db()
    assert (cast.company.name_ja, cast.company.city, cast.company.city_ja) == ("仙台製鋼株式会社", "Sendai", "仙台市")


def test_a_profile_saves_the_city_in_japanese(english: Client, cast: Cast, japan: Japan) -> None:
    english.force_login(cast.supervising_officer)
    response = english.post(
        f"/joborders/organizations/{cast.company.pk}/edit/", profile_data(city="Natori", city_ja="名取市")
    )
    assert response.status_code == 302
    cast.company.refresh_from_db()
    assert (cast.company.city, cast.company.city_ja) == ("Natori", "名取市")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name_ja": ""}, "This field is required."),
        ({"name": "泉精機"}, "Write this name in Latin letters"),
    ],
)
def test_a_new_member_company_is_named_in_both_scripts(
    english: Client, cast: Cast, japan: Japan, changes: dict[str, str], message: str
) -> None:
    (field,) = changes  # the field changed is the field refused
    english.force_login(cast.supervising_officer)
    data = {**profile_data(name_ja="泉精機株式会社"), "name": "Izumi Seiki", "prefecture": japan.miyagi.pk, **changes}
    response = english.post(f"/joborders/organizations/{cast.supervising.pk}/companies/new/", data)
    assert response.status_code == 400
    assert response.context["form"].errors[field][0].startswith(message)
    assert not Organization.objects.filter(code__startswith="izumi").exists()


def test_a_start_date_that_has_passed_is_said_with_the_other_errors(officer: Client, cast: Cast, japan: Japan) -> None:
    data = posted(cast, japan, start_date="2026-05-01", positions="0")  # the tests' today is 1 June 2026

    response = officer.post("/joborders/new/", data)

    errors = response.context["form"].errors
    assert errors["positions"] == ["A job order has at least one position."]
    assert errors["start_date"] == [
        "the start date 1 May 2026 has passed (today is 1 June 2026): give the date the workers can start"
    ]
    assert not JobOrder.objects.exists()


@pytest.mark.parametrize(
    ("programme", "field", "message"),
    [
        ("titp", "job_category", "Choose the TITP job category."),
        ("titp", "operation", "Choose the operation within the job category."),
        ("ssw", "ssw_field", "Choose the SSW field."),
        ("esd", "esd_field", "Choose the ESD field."),
    ],
)
def test_a_choice_the_programme_needs_is_asked_for_with_the_other_errors(  # noqa: PLR0917 - pytest fixtures and cases
    officer: Client, cast: Cast, japan: Japan, programme: str, field: str, message: str
) -> None:
    data = posted(cast, japan, programme=programme, job_category=None, operation=None, positions="0")

    errors = refused(officer, data, "positions")

    assert errors == ["A job order has at least one position."]
    assert officer.post("/joborders/new/", data).context["form"].errors[field] == [message]
