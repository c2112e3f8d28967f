"""The rules a job order is held to when it opens (joborders.decisions),
through the actions: each refusal names its rule, explains itself and gives
the rule version; each answer of an order that opens is stored with it."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from joborders import actions, decisions
from joborders.models import JobOrder, JobOrderStatus, TitpStage
from joborders.tests.world import (
    START,
    Japan,
    company_details,
    on_day,
    order_details,
    organization_details,
    trainees,
)
from reference.models import Track
from rules import RuleBook, default_rule_book
from tests.cast import Cast

pytestmark = pytest.mark.django_db

day = datetime.date.fromisoformat
FILLED = (JobOrderStatus.OPEN, JobOrderStatus.INTERVIEWING, JobOrderStatus.FILLED)
ESD_START = day("2027-05-01")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def create(cast: Cast, japan: Japan, **overrides: object) -> JobOrder:
    return actions.create_job_order(details=order_details(cast, japan, **overrides), by=cast.company_officer)


def walk(cast: Cast, order: JobOrder, *statuses: JobOrderStatus) -> JobOrder:
    for status in statuses:
        order = actions.change_job_order_status(job_order_id=order.pk, to=status, by=cast.company_officer)
    return order


def refusal_of(cast: Cast, order: JobOrder) -> decisions.Refused:
    with pytest.raises(actions.OpeningRefused) as refused:
        walk(cast, order, JobOrderStatus.OPEN)
    order.refresh_from_db()
    assert order.status == JobOrderStatus.DRAFT
    (refusal,) = refused.value.refusals
    return refusal


def set_company(cast: Cast, **details: object) -> None:
    counts = details.pop("trainees", {})
    actions.save_company_profile(
        organization_id=cast.company.pk,
        organization=organization_details(),
        details=company_details(**details),
        trainees=trainees(**counts),  # type: ignore[arg-type]
        expected_version=cast.company.company_profile.version,
        by=cast.supervising_officer,
    )


def starting(on: str) -> dict[str, object]:
    """An order starting on ``on``, with no interview date that could fall after it."""
    return {"start_date": day(on), "interview_date": None, "interview_mode": ""}


def carpentry(japan: Japan) -> dict[str, object]:
    return {"job_category": japan.carpentry, "operation": japan.carpentry_work}


# --- 2.1: filled orders keep counting ---------------------------------------------------


def test_a_filled_orders_trainees_still_count_against_the_quota(cast: Cast, japan: Japan) -> None:
    walk(cast, create(cast, japan, positions=3), *FILLED)

    refusal = refusal_of(cast, create(cast, japan, positions=1))

    assert (refusal.rule_names, refusal.would_fit) == (("bands",), 0)
    assert str(refusal.reasons[0]) == "4 stage i trainees (1 new, 3 current) exceed the quota of 3: basic quota 3 × 1"
    assert str(refusal.explanation[-1]) == (
        "current stage i trainees counted from 1 October 2026 to 30 September 2027: at most 3 at once, "
        "on 1 October 2026 (0 recorded by the supervising organization, 3 from filled job orders, "
        "0 held by open job orders)"
    )


def test_a_filled_order_leaves_stage_i_when_its_year_is_over(cast: Cast, japan: Japan) -> None:
    with on_day(day("2025-01-01")):
        walk(cast, create(cast, japan, positions=3, **starting("2025-06-01")), *FILLED)
        # Its trainees are in stage i until 2026-05-31: a day earlier, nothing fits ...
        assert refusal_of(cast, create(cast, japan, positions=1, **starting("2026-05-31"))).would_fit == 0
        # ... from the day after, the whole quota again.
        order = walk(cast, create(cast, japan, positions=3, **starting("2026-06-01")), JobOrderStatus.OPEN)
    assert order.status == JobOrderStatus.OPEN


def test_an_order_starting_before_a_filled_one_still_meets_its_trainees(cast: Cast, japan: Japan) -> None:
    """Counting on the start date alone would let both in: they meet later."""
    with on_day(day("2025-01-01")):
        walk(cast, create(cast, japan, positions=3, **starting("2026-03-01")), *FILLED)

        refusal = refusal_of(cast, create(cast, japan, positions=2, **starting("2025-06-01")))

    assert refusal.would_fit == 0
    assert "at most 3 at once, on 1 March 2026" in str(refusal.explanation[-1])


def test_the_trainees_recorded_from_elsewhere_count_too(cast: Cast, japan: Japan) -> None:
    set_company(cast, trainees={"i": 2})

    assert refusal_of(cast, create(cast, japan, positions=2)).would_fit == 1


# --- 2.4: the construction limit follows the job category ------------------------------


def test_a_construction_order_of_a_company_of_another_industry_keeps_within_its_staff(cast: Cast, japan: Japan) -> None:
    set_company(cast, full_time_staff=4)  # metal machining, not flagged construction
    with on_day(day("2025-01-01")):
        # Three carpenters: in stage i until 2026-03-31, then in stage ii at the same company.
        walk(cast, create(cast, japan, positions=3, **starting("2025-04-01"), **carpentry(japan)), *FILLED)

        refusal = refusal_of(cast, create(cast, japan, positions=2, **starting("2026-04-01"), **carpentry(japan)))
        welders = walk(cast, create(cast, japan, positions=2, **starting("2026-04-01")), JobOrderStatus.OPEN)

    assert (refusal.rule_names, refusal.would_fit) == (("construction_total_cap",), 1)
    assert str(refusal.reasons[0]) == (
        "construction job categories: 5 trainees in all stages (2 new, 3 current) exceed the limit of 4: "
        "1 × 4 full-time staff"
    )
    assert welders.status == JobOrderStatus.OPEN  # welding is not construction: no such limit


def test_a_construction_companys_machining_order_is_not_held_to_the_construction_limit(
    cast: Cast, japan: Japan
) -> None:
    set_company(cast, is_construction=True, full_time_staff=4, trainees={"i": 1, "ii": 2})

    order = walk(cast, create(cast, japan, positions=2), JobOrderStatus.OPEN)

    quota = order.decisions.get(question="titp_quota")
    assert "construction" not in quota.explanation_en


def test_a_construction_companys_recorded_trainees_count_for_its_construction_orders(cast: Cast, japan: Japan) -> None:
    set_company(cast, is_construction=True, full_time_staff=4, trainees={"i": 1, "ii": 2})

    refusal = refusal_of(cast, create(cast, japan, positions=2, **carpentry(japan)))

    assert (refusal.rule_names, refusal.would_fit) == (("construction_total_cap",), 1)


# --- 2.2: which stages are recruited ------------------------------------------------------


STAGE_II_REFUSED = (
    "stage ii is not recruited: it is the same trainee moving on from stage i at the same company. "
    "Recruit for stage i, or for stage iii (returnees who completed stage ii, with an excellent "
    "supervising organization and company)"
)


def test_a_stage_ii_order_is_refused_saying_why(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, titp_stage=TitpStage.II)

    assert refused.value.message_dict == {"titp_stage": [STAGE_II_REFUSED]}
    assert not JobOrder.objects.exists()


def test_a_stage_ii_draft_from_before_cannot_open(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)
    JobOrder.objects.filter(pk=order.pk).update(titp_stage=TitpStage.II)  # made before stage ii was refused

    refusal = refusal_of(cast, order)

    assert refusal.rule_names == ("recruited_stage",)
    assert refusal.rule is not None
    assert (refusal.rule.family, refusal.rule.label) == ("titp_stages", "2026-initial")
    assert str(refusal.reasons[0]) == STAGE_II_REFUSED


def test_stage_iii_at_a_normal_company_is_refused_for_want_of_excellence(cast: Cast, japan: Japan) -> None:
    refusal = refusal_of(cast, create(cast, japan, titp_stage=TitpStage.III, positions=1))

    assert refusal.rule_names == ("multipliers",)
    assert str(refusal.reasons[0]) == (
        "stage iii needs an excellent supervising organization and company: "
        "1 stage iii trainees (1 new, 0 current) cannot be taken"
    )


def test_a_stage_iii_order_opens_saying_whom_it_takes(cast: Cast, japan: Japan) -> None:
    since = datetime.date(2025, 1, 1)
    actions.save_supervising_profile(
        organization_id=cast.supervising.pk,
        organization=organization_details(),
        details=actions.SupervisingDetails(licence_number="許1", category="general", excellent_since=since),  # type: ignore[arg-type]
        expected_version=1,
        by=cast.supervising_officer,
    )
    set_company(cast, excellent_since=since)

    order = walk(cast, create(cast, japan, titp_stage=TitpStage.III, positions=2), JobOrderStatus.OPEN)

    assert order.decisions.get(question="titp_stage").explanation_en == (
        "stage iii takes returnees who completed stage ii, for an excellent supervising organization and company"
    )


# --- 2.5: the legal minimum age and a start date not passed ---------------------------------


@pytest.mark.parametrize("min_age", [0, 16, 17])
def test_an_order_below_the_legal_minimum_age_is_refused(cast: Cast, japan: Japan, min_age: int) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, min_age=min_age)

    assert refused.value.message_dict == {
        "min_age": [
            f"a minimum age of {min_age} is below TITP's legal minimum of 18: "
            "workers must be at least 18 on the start date"
        ]
    }


def test_an_open_orders_minimum_age_cannot_go_below_the_law(cast: Cast, japan: Japan) -> None:
    order = walk(cast, create(cast, japan), JobOrderStatus.OPEN)

    with pytest.raises(ValidationError, match="legal minimum of 18"):
        actions.update_job_order(
            job_order_id=order.pk,
            details=order_details(cast, japan, min_age=16),
            expected_version=order.version,
            by=cast.company_officer,
        )
    order.refresh_from_db()
    assert order.min_age == 18


def test_an_order_without_a_minimum_age_opens_under_the_laws(cast: Cast, japan: Japan) -> None:
    order = walk(cast, create(cast, japan, min_age=None), JobOrderStatus.OPEN)

    age = order.decisions.get(question="minimum_age")
    assert (age.allowed, age.rule_family, age.rule_version) == (True, "ages", "2026-initial")
    assert age.explanation_en == "no minimum age given: TITP's legal minimum of 18 applies"


def older_minimum_book() -> RuleBook:
    """The shipped rules plus an ages version from 2026-09-01 with a TITP minimum of 20."""
    data = default_rule_book().to_dict()
    versions = data["ages"]
    assert isinstance(versions, list)
    later = copy.deepcopy(versions[-1])
    assert isinstance(later, dict)
    later.update(label="2026-09-twenty", effective_from="2026-09-01", source="For the test.")
    later["parameters"]["titp_minimum_age"]["value"] = 20  # type: ignore[call-overload,index]
    versions.append(later)
    return RuleBook.from_dict(data)


def test_opening_refuses_a_minimum_age_a_later_rule_puts_below_the_law(
    cast: Cast, japan: Japan, monkeypatch: pytest.MonkeyPatch
) -> None:
    order = create(cast, japan, min_age=18)
    monkeypatch.setattr(decisions, "rule_book", older_minimum_book)

    refusal = refusal_of(cast, order)

    assert refusal.rule_names == ("titp_minimum_age",)
    assert refusal.rule is not None
    assert refusal.rule.label == "2026-09-twenty"
    assert "legal minimum age" in str(refusal)
    assert "version “2026-09-twenty”" in str(refusal)


def test_an_order_cannot_be_made_with_a_start_date_that_has_passed(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, **starting("2026-05-31"))

    assert refused.value.message_dict == {
        "start_date": [
            "the start date 31 May 2026 has passed (today is 1 June 2026): give the date the workers can start"
        ]
    }


def test_a_draft_whose_start_date_has_passed_cannot_open(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)

    with on_day(START + datetime.timedelta(days=1)):
        refusal = refusal_of(cast, order)

    assert refusal.rule_names == ("start_date",)
    assert refusal.rule is None  # the dates alone decide
    assert str(refusal.reasons[0]) == (
        "the start date 1 October 2026 has passed (today is 2 October 2026): give the date the workers can start"
    )


def test_an_order_starting_today_may_still_open(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan)

    with on_day(START):
        order = walk(cast, order, JobOrderStatus.OPEN)

    assert order.decisions.get(question="start_date").explanation_en == (
        "the start date 1 October 2026 has not passed (today is 1 October 2026)"
    )


# --- 2.3: ESD's own field list ---------------------------------------------------------------


def esd(japan: Japan, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "programme": Track.ESD,
        "titp_stage": None,
        "job_category": None,
        "operation": None,
        "esd_field": japan.esd_construction,
        "business_category": "建築",
        "start_date": ESD_START,
    }
    return values | overrides


ESD_CAUTION = (
    "caution: the ESD field list 2026-01 is unverified: public summaries disagree on which SSW fields "
    "ESD leaves out, and a ministry administrator has not confirmed it yet"
)


def test_an_esd_order_opens_on_its_field_in_the_esd_list_saying_the_list_is_unverified(
    cast: Cast, japan: Japan
) -> None:
    order = walk(cast, create(cast, japan, **esd(japan)), JobOrderStatus.OPEN)

    field = order.decisions.get(question="esd_field_open")
    assert field.allowed
    assert field.explanation_en == (
        f"ESD field Construction is open on 1 May 2027 (ESD field list 2026-01); {ESD_CAUTION}"
    )


def test_an_esd_order_in_a_field_planned_in_the_esd_list_is_refused(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, **esd(japan, esd_field=japan.esd_linen, business_category=""))

    assert refused.value.message_dict == {
        "esd_field": [
            "ESD field Linen supply is not open yet: it is planned in the ESD field list 2026-01, with no opening date"
        ]
    }


def test_an_esd_order_names_an_esd_field_not_an_ssw_one(cast: Cast, japan: Japan) -> None:
    with pytest.raises(ValidationError) as refused:
        create(cast, japan, **esd(japan, esd_field=None, ssw_field=japan.construction))

    assert set(refused.value.message_dict) == {"esd_field", "ssw_field"}


def test_an_esd_order_from_before_the_esd_list_must_name_an_esd_field_to_open(cast: Cast, japan: Japan) -> None:
    order = create(cast, japan, **esd(japan))
    JobOrder.objects.filter(pk=order.pk).update(esd_field=None, ssw_field=japan.construction)

    with pytest.raises(actions.CannotDecide, match="choose its ESD field"):
        walk(cast, order, JobOrderStatus.OPEN)


def test_once_confirmed_the_esd_list_answers_without_the_caution(cast: Cast, japan: Japan) -> None:
    japan.esd_list.unverified = False
    japan.esd_list.save(update_fields=["unverified"])

    order = walk(cast, create(cast, japan, **esd(japan)), JobOrderStatus.OPEN)

    assert "caution" not in order.decisions.get(question="esd_field_open").explanation_en


def test_the_order_page_says_its_esd_field_list_is_unverified(
    english: None, client: Client, cast: Cast, japan: Japan
) -> None:
    order = create(cast, japan, **esd(japan))
    client.force_login(cast.company_officer)

    page = client.get(f"/joborders/{order.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "The ESD field list 2026-01 is unverified" in page
